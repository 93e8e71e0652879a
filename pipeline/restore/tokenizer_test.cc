#include "pipeline/restore/tokenizer.h"

#include <gtest/gtest.h>

#include "pipeline/restore/training_text.h"

namespace sohoa::restore {
namespace {

std::string Joined(const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& t : tokens) out += t.text;
  return out;
}

TEST(TokenizerTest, KeepsEveryByte) {
  const std::string text = "Số: 1183/KH-UBND  ngày 08/4/2022\r\ncủa UBND tỉnh Tây Ninh;\n\n(xem https://a.vn/x).\t";
  EXPECT_EQ(Joined(Tokenize(text)), text);
}

TEST(TokenizerTest, KindsOfTokens) {
  auto tokens = Tokenize("Kế hoạch 1183/KH-UBND, Bà Rịa-Vũng Tàu\n");
  std::vector<std::pair<TokenKind, std::string>> got;
  for (const Token& t : tokens) got.emplace_back(t.kind, std::string(t.text));
  using K = TokenKind;
  std::vector<std::pair<TokenKind, std::string>> want = {
      {K::kWord, "Kế"},   {K::kSpace, " "},   {K::kWord, "hoạch"}, {K::kSpace, " "},
      {K::kCode, "1183/KH-UBND"}, {K::kPunct, ","}, {K::kSpace, " "}, {K::kWord, "Bà"}, {K::kSpace, " "},
      {K::kWord, "Rịa"},  {K::kPunct, "-"},   {K::kWord, "Vũng"},  {K::kSpace, " "},
      {K::kWord, "Tàu"},  {K::kNewline, "\n"}};
  EXPECT_EQ(got, want);
}

TEST(TokenizerTest, LetterSlashLetterIsACode) {
  auto tokens = Tokenize("V/v triển khai; tin/bai, v/vs");
  ASSERT_GE(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kCode);
  EXPECT_EQ(tokens[0].text, "V/v");
  for (const Token& t : tokens) {
    if (t.text == "tin" || t.text == "bai") {
      EXPECT_EQ(t.kind, TokenKind::kWord) << t.text;
    }
    EXPECT_NE(t.text, "v/vs");
  }
}

TEST(TokenizerTest, OcrSymbolsInsideWordsStayInTheWord) {
  auto tokens = Tokenize("huyé¢n ¢x y¢");
  ASSERT_EQ(tokens.size(), 7u);  // huyé¢n, " ", ¢, x, " ", y, ¢
  EXPECT_EQ(tokens[0].text, "huyé¢n");
  EXPECT_EQ(tokens[2].text, "¢");
  EXPECT_EQ(tokens[3].text, "x");
  EXPECT_EQ(tokens[6].text, "¢");
}

TEST(TokenizerTest, NormalizeWord) {
  EXPECT_EQ(NormalizeWord("Hoà"), "hòa");
  EXPECT_EQ(NormalizeWord("THUỶ"), "thủy");
  EXPECT_EQ(NormalizeWord("\xC3\x90\xE1\xBB\x93ng"), "đồng");  // "Ðồng" with U+00D0
  EXPECT_EQ(NormalizeWord("UBND"), "ubnd");
}

TEST(TokenizerTest, ApplyCase) {
  EXPECT_EQ(ApplyCase("kế", "KE"), "KẾ");
  EXPECT_EQ(ApplyCase("tây", "Tay"), "Tây");
  EXPECT_EQ(ApplyCase("hoạch", "hoach"), "hoạch");
  EXPECT_EQ(ApplyCase("đồng", "DONG"), "ĐỒNG");
  EXPECT_EQ(ApplyCase("của", "Ciia"), "Của");
  EXPECT_EQ(ApplyCase("trấn", "trAn"), "trấn");
  EXPECT_EQ(ApplyCase("công", "CONg"), "Công");
  EXPECT_EQ(ApplyCase("ở", "O"), "Ở");
  EXPECT_EQ(ApplyCase("dân", "DAN’"), "DÂN");  // a mark beside the letters
}

TEST(TokenizerTest, HasDiacritic) {
  EXPECT_TRUE(HasDiacritic("đi"));
  EXPECT_TRUE(HasDiacritic("Ấp"));
  EXPECT_FALSE(HasDiacritic("tin"));
}

TEST(TokenizerTest, EndsSentence) {
  EXPECT_TRUE(EndsSentence("Thực hiện kế hoạch.  "));
  EXPECT_TRUE(EndsSentence(""));
  EXPECT_FALSE(EndsSentence("Thực hiện kế hoạch số 12 của UBND tỉnh Tây"));
}

TEST(TrainingTextTest, LineKeys) {
  std::vector<std::string> want = {"kế", "hoạch", "<num>", "của", "ubnd", ","};
  EXPECT_EQ(LineKeys("Kế hoạch 12/KH-UBND của UBND ,"), want);
}

TEST(TrainingTextTest, SplitIsDeterministicAndHoldsOutSome) {
  int dev = 0, test = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string doc = "Văn bản số " + std::to_string(i);
    Split s = SplitOf(doc, true);
    EXPECT_EQ(s, SplitOf(doc, true));
    EXPECT_EQ(SplitOf(doc, false), Split::kTrain);
    dev += s == Split::kDev;
    test += s == Split::kTest;
  }
  EXPECT_GT(dev, 20);
  EXPECT_LT(dev, 120);
  EXPECT_GT(test, 20);
  EXPECT_LT(test, 120);
}

}  // namespace
}  // namespace sohoa::restore
