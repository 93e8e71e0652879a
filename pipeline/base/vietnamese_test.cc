#include "pipeline/base/vietnamese.h"

#include <gtest/gtest.h>

namespace sohoa::vi {
namespace {

TEST(VietnameseTest, DecomposeAndCompose) {
  LetterParts p;
  ASSERT_TRUE(Decompose(U'Ấ', &p));
  EXPECT_EQ(p.base, U'â');
  EXPECT_EQ(p.tone, Tone::kAcute);
  EXPECT_TRUE(p.upper);
  EXPECT_EQ(Compose(U'ư', Tone::kDot, false), U'ự');
  EXPECT_EQ(Compose(U'đ', Tone::kNone, true), U'Đ');
  EXPECT_EQ(Compose(U'b', Tone::kAcute, false), 0u);
  EXPECT_FALSE(Decompose(U'7', &p));
}

TEST(VietnameseTest, FoldKeepsCodePointCount) {
  EXPECT_EQ(Fold("Ủy ban nhân dân tỉnh Tây Ninh"), "uy ban nhan dan tinh tay ninh");
  EXPECT_EQ(Fold("ĐƯỜNG 61/2018/NĐ-CP"), "duong 61/2018/nd-cp");
  EXPECT_EQ(StripTones("Tiếng Việt"), "Tiêng Viêt");
  EXPECT_EQ(StripDiacritics("Kế Hoạch ĐỘC LẬP \xC3\x90\xC3\xB4 61/2018/NĐ-CP"),
            "Ke Hoach DOC LAP Do 61/2018/ND-CP");
}

TEST(VietnameseTest, PlaceToneClassicAndModern) {
  EXPECT_EQ(PlaceTone("hoà", TonePlacement::kClassic), "hòa");
  EXPECT_EQ(PlaceTone("thuỷ", TonePlacement::kClassic), "thủy");
  EXPECT_EQ(PlaceTone("Uỷ", TonePlacement::kClassic), "Ủy");
  EXPECT_EQ(PlaceTone("hòa", TonePlacement::kModern), "hoà");
  EXPECT_EQ(PlaceTone("khỏe", TonePlacement::kModern), "khoẻ");
  // Closed syllables and modified vowels have one place in both styles.
  EXPECT_EQ(PlaceTone("hoàn", TonePlacement::kClassic), "hoàn");
  EXPECT_EQ(PlaceTone("hòan", TonePlacement::kClassic), "hoàn");
  EXPECT_EQ(PlaceTone("thuyết", TonePlacement::kModern), "thuyết");
  EXPECT_EQ(PlaceTone("quý", TonePlacement::kClassic), "quý");
  EXPECT_EQ(PlaceTone("giữa", TonePlacement::kClassic), "giữa");
  EXPECT_EQ(PlaceTone("ngoái", TonePlacement::kClassic), "ngoái");
  // Not a syllable, or two tones: untouched.
  EXPECT_EQ(PlaceTone("UBND", TonePlacement::kClassic), "UBND");
  EXPECT_EQ(PlaceTone("àá", TonePlacement::kClassic), "àá");
}

TEST(VietnameseTest, ValidSyllables) {
  for (const char* s : {"nghiêng", "Quốc", "giữ", "gìn", "khuỷu", "tỉnh", "xã", "hòa", "ĐỘC"}) {
    EXPECT_TRUE(IsValidSyllable(s)) << s;
  }
  for (const char* s : {"HQI", "CHiJ", "VIVT", "ciia", "s6", "cáccc", "mạnhh", "tàc", ""}) {
    EXPECT_FALSE(IsValidSyllable(s)) << s;
  }
}

TEST(VietnameseTest, CasedSyllablesAreWrittenAsWordsAre) {
  for (const char* s : {"hoạch", "Hoạch", "HOẠCH", "Ủy", "ĐẾN", "uyên", "khuya", "giữ"}) {
    EXPECT_TRUE(IsValidCasedSyllable(s)) << s;
  }
  // Capitals after small letters come from wrong readings; a bad syllable
  // stays bad whatever its case.
  for (const char* s : {"hOA", "ThÀNH", "hoẠch", "uOng", "HQI", "tàc", ""}) {
    EXPECT_FALSE(IsValidCasedSyllable(s)) << s;
  }
}

}  // namespace
}  // namespace sohoa::vi
