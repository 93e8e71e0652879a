#include "tools/eval_ocr/order_free.h"

#include <gtest/gtest.h>

namespace sohoa {
namespace {

TEST(BagWordsTest, StripsPunctuationAtTheEndsOnly) {
  EXPECT_EQ(BagWords("(ĐVHC); số 12/KH-UBND, \"cải cách\" - a.b\n", nullptr),
            (std::vector<std::string>{"ĐVHC", "số", "12/KH-UBND", "cải", "cách", "-", "a.b"}));
}

TEST(CountWordsTest, IgnoresOrderButNotRepeatsOrAccents) {
  const WordCount same = CountWords("cách cải\nhành chính", "cải cách hành chính", nullptr);
  EXPECT_EQ(same.matched, 4);
  EXPECT_DOUBLE_EQ(same.recall(), 1.0);
  const WordCount repeats = CountWords("Sở", "Sở Sở", nullptr);
  EXPECT_EQ(repeats.matched, 1);
  EXPECT_EQ(repeats.truth_words, 2);
  EXPECT_EQ(CountWords("cai cach", "cải cách", nullptr).matched, 0);
}

TEST(CountLineOrderTest, InterleavedHeaderLinesAreOutOfOrder) {
  const std::string truth =
      "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI\n"
      "Số: 46/TB-UBND về việc\n"
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
      "Độc lập - Tự do - Hạnh phúc\n";
  EXPECT_EQ(CountLineOrder(truth, truth, nullptr).in_order, 4);
  const std::string interleaved =
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
      "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI\n"
      "Độc lập - Tự do - Hạnh phúc\n"
      "Số: 46/TB-UBND về việc\n";
  const LineOrder order = CountLineOrder(interleaved, truth, nullptr);
  EXPECT_EQ(order.truth_lines, 4);
  EXPECT_EQ(order.matched, 4);
  EXPECT_EQ(order.in_order, 2);
  // A line OCR lost is not matched, and short lines are not counted.
  const LineOrder lost =
      CountLineOrder("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI\nxyz\n", truth + "Kính gửi:\n", nullptr);
  EXPECT_EQ(lost.truth_lines, 4);
  EXPECT_EQ(lost.matched, 1);
}

}  // namespace
}  // namespace sohoa
