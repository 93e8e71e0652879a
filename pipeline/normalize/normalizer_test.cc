#include "pipeline/normalize/normalizer.h"

#include <gtest/gtest.h>

namespace sohoa {
namespace {

class NormalizerTest : public testing::Test {
 protected:
  void SetUp() override {
    auto n = Normalizer::Create();
    ASSERT_TRUE(n.ok()) << n.status().ToString();
    normalizer_ = std::move(n).value();
  }
  std::unique_ptr<Normalizer> normalizer_;
};

TEST_F(NormalizerTest, ComposesDecomposedMarks) {
  // "Việt" written with combining marks: e + circumflex U+0302 + dot U+0323.
  EXPECT_EQ(normalizer_->Normalize("Vie\xCC\x82\xCC\xA3t"), "Việt");
}

TEST_F(NormalizerTest, MapsLookAlikesAndInvisibles) {
  EXPECT_EQ(normalizer_->Normalize("\xC3\x90\xE1\xBB\x99\x63 l\xE1\xBA\xADp"), "Độc lập");
  EXPECT_EQ(normalizer_->Normalize("a\xC2\xA0\x62\xE2\x80\x8B\x63"), "a bc");
  EXPECT_EQ(normalizer_->Normalize("\xEF\xAC\x81le"), "file");
}

TEST_F(NormalizerTest, PlacesTonesClassicByDefault) {
  EXPECT_EQ(normalizer_->Normalize("Uỷ ban nhân dân, hoà bình, thuỷ lợi"),
            "Ủy ban nhân dân, hòa bình, thủy lợi");
}

TEST_F(NormalizerTest, ModernPlacementIsConfigurable) {
  auto modern = Normalizer::Create({vi::TonePlacement::kModern});
  ASSERT_TRUE(modern.ok());
  EXPECT_EQ((*modern)->Normalize("hòa thủy"), "hoà thuỷ");
}

TEST_F(NormalizerTest, KeepsLinesParagraphsAndPages) {
  EXPECT_EQ(normalizer_->Normalize("a\r\nb\r\rc\n\n\fd\n"), "a\nb\n\nc\n\n\fd\n");
}

TEST_F(NormalizerTest, InvalidUtf8BecomesReplacementCharacter) {
  std::string out = normalizer_->Normalize("ok\xFF!");
  EXPECT_EQ(out, "ok\xEF\xBF\xBD!");
}

// Found by tests/fuzz/normalize_fuzz: a stray combining accent after "HOẠ"
// used to split the word, its tone moved, and a second pass composed "Á".
TEST_F(NormalizerTest, IsIdempotentWithLeftoverCombiningMarks) {
  std::string once = normalizer_->Normalize("KẾ HOẠ\xCC\x81" "CH");
  EXPECT_EQ(normalizer_->Normalize(once), once);
  std::string zero_width = normalizer_->Normalize("ho\xE2\x80\x8B\xCC\x80" "a");
  EXPECT_EQ(zero_width, "hòa");
  EXPECT_EQ(normalizer_->Normalize(zero_width), zero_width);
}

TEST_F(NormalizerTest, LeavesCodesAndNumbersAlone) {
  std::string s = "Nghị định số 61/2018/NĐ-CP ngày 23/4/2018; UBND, HĐND; 100%";
  EXPECT_EQ(normalizer_->Normalize(s), s);
}

}  // namespace
}  // namespace sohoa
