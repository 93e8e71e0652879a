#include "tools/eval_ocr/cer.h"

#include <gtest/gtest.h>

namespace sohoa {
namespace {

TEST(EditDistanceTest, CountsInsertionsDeletionsSubstitutions) {
  const auto u = [](const char* s) { return CerUnits(s, nullptr); };
  EXPECT_EQ(EditDistance(u("kitten"), u("sitting")), 3);
  EXPECT_EQ(EditDistance(u(""), u("abc")), 3);
  EXPECT_EQ(EditDistance(u("abc"), u("")), 3);
  EXPECT_EQ(EditDistance(u("abc"), u("abc")), 0);
}

TEST(CerTest, CountsCodePointsNotBytes) {
  // "ủ" is 3 bytes in UTF-8 but one code point: one substitution.
  const CerCount count = CountCer("Ủy ban", "Uy ban", nullptr);
  EXPECT_EQ(count.edits, 1);
  EXPECT_EQ(count.truth_chars, 6);
}

TEST(CerTest, CollapsesWhitespaceRuns) {
  const CerCount count = CountCer("  Kế   hoạch\n\nsố 12 ", "Kế hoạch số 12", nullptr);
  EXPECT_EQ(count.edits, 0);
  EXPECT_DOUBLE_EQ(count.rate(), 0.0);
}

TEST(CerTest, EmptyTruthHasZeroRate) {
  EXPECT_DOUBLE_EQ(CountCer("abc", "", nullptr).rate(), 0.0);
  EXPECT_EQ(CountCer("abc", "", nullptr).edits, 3);
}

}  // namespace
}  // namespace sohoa
