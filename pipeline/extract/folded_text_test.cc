#include "pipeline/extract/folded_text.h"

#include <gtest/gtest.h>

#include "pipeline/extract/canon.h"
#include "pipeline/extract/rule_file.h"

namespace sohoa {
namespace {

TEST(FoldedTextTest, FoldsDiacriticsCaseAndPunctuation) {
  FoldedText f("Nghị Định – “ĐỀ ÁN”", {});
  EXPECT_EQ(f.shadow(), "nghi dinh - \"de an\"");
}

TEST(FoldedTextTest, EveryShadowByteMapsBackToItsCodePoint) {
  std::string text = "Số 61/2018/NĐ-CP";
  FoldedText f(text, {});
  ASSERT_EQ(f.shadow(), "so 61/2018/nd-cp");
  size_t nd = f.shadow().find("nd-cp");
  EXPECT_EQ(text.substr(f.ToOriginal(nd), f.ToOriginal(nd + 5) - f.ToOriginal(nd)), "NĐ-CP");
  EXPECT_EQ(f.ToOriginal(f.shadow().size()), text.size());
}

TEST(FoldedTextTest, MendsDigitsThatOcrReadAsLetters) {
  EXPECT_EQ(FoldedText("ngayl9 /12/2O21", {}).shadow(), "ngay19 /12/2021");
  EXPECT_EQ(FoldedText("long lanh", {}).shadow(), "long lanh");  // letters stay letters
}

TEST(FoldedTextTest, SuperscriptFootnoteNeverJoinsANumber) {
  EXPECT_EQ(FoldedText("NĐ-CP¹", {}).shadow(), "nd-cp^");
}

TEST(FoldedTextTest, ReplacesConfusedTokensAndKeepsSpans) {
  ConfusionTable table{{"s6", "so"}, {"ctiia", "cua"}};
  std::string text = "Sб s6 12 ctiia Chinh";
  FoldedText f(text, table);
  EXPECT_EQ(f.shadow(), "s~ so 12 cua chinh");
  size_t cua = f.shadow().find("cua");
  // A span ending at the end of a replaced token covers all of it.
  EXPECT_EQ(text.substr(f.ToOriginal(cua), f.ToOriginal(cua + 3) - f.ToOriginal(cua)), "ctiia");
  // The span of the whole token ends where the next one starts.
  EXPECT_EQ(f.ToOriginal(cua + 4), text.find("Chinh"));
}

TEST(FoldedTextTest, InvalidUtf8BecomesPlaceholders) {
  std::string bad("a\xff\xfe" "b", 4);
  FoldedText f(bad, {});
  EXPECT_EQ(f.shadow().size(), 4u);
  EXPECT_EQ(f.ToOriginal(3), 3u);
}

TEST(TolerantPhraseTest, KeepsConsonantsAndAdmitsGarbledVowels) {
  std::string re = TolerantPhrase("dot tap huan");
  EXPECT_NE(re.find("[dp]"), std::string::npos);
  EXPECT_NE(re.find("h[a-z0-9&~]{1,4}n"), std::string::npos);
}

TEST(CanonTableTest, FindsCanonicalNamesFromGarbledSpellings) {
  CanonTable canon({{"word", "văn bản"}, {"word", "huyện"}, {"abbrev", "UBND => Ủy ban nhân dân"},
                    {"agency", "Phòng Văn hóa và Thông tin"}},
                   {});
  EXPECT_EQ(canon.Restore("vin bin", false), "văn bản");
  EXPECT_EQ(canon.Restore("Phong Vin hoéa va Thong tin huyén", false),
            "Phòng Văn hóa và Thông tin huyện");
  EXPECT_EQ(canon.Restore("UBND huyen", true), "Ủy ban nhân dân huyện");
  EXPECT_EQ(canon.Restore("UBND huyen", false), "UBND huyện");
  EXPECT_EQ(canon.Lookup("agency", "Nothing here"), "");
}

}  // namespace
}  // namespace sohoa
