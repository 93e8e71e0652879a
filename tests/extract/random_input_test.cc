// Extraction never crashes and keeps its invariants on any bytes: random
// data, invalid UTF-8, a huge line, and mutations of real plans. (The
// libFuzzer target tests/fuzz/extract_fuzz.cc explores further.)
#include <gtest/gtest.h>

#include <random>

#include "pipeline/base/file.h"
#include "pipeline/base/utf8.h"
#include "pipeline/extract/extractor.h"
#include "tests/extract/extract_test_env.h"

namespace sohoa {
namespace {

class RandomInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = Extractor::Load(extract_test::RulesDir());
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    extractor_ = std::move(loaded).value();
  }

  void Check(const std::string& text) {
    for (const Record& r : extractor_->Extract(text)) {
      ASSERT_LE(r.start, r.end);
      ASSERT_LE(r.end, text.size());
      ASSERT_EQ(r.text, text.substr(r.start, r.end - r.start));
      ASSERT_GE(r.line, 1);
      ASSERT_FALSE(r.rule.empty());
      ASSERT_TRUE(IsValidUtf8(r.ToJson()));
    }
  }

  std::unique_ptr<Extractor> extractor_;
};

TEST_F(RandomInputTest, RandomBytes) {
  std::mt19937 rng(20261123);
  for (int i = 0; i < 200; ++i) {
    std::string text(rng() % 3000, '\0');
    for (char& c : text) c = static_cast<char>(rng());
    Check(text);
  }
}

TEST_F(RandomInputTest, MutatedPlans) {
  auto plan = ReadFile(extract_test::CorpusDir() + "/plan_b_clean.txt");
  ASSERT_TRUE(plan.ok());
  std::mt19937 rng(7);
  const std::string pieces[] = {"số ", "/", "-", "ngày ", "\f", "¹", "\xC3", "%", "\t", "\n"};
  for (int i = 0; i < 150; ++i) {
    std::string text = *plan;
    for (int m = 0; m < 20 && !text.empty(); ++m) {
      size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0: text.erase(at, rng() % 8); break;
        case 1: text.insert(at, pieces[rng() % std::size(pieces)]); break;
        default: text[at] = static_cast<char>(rng()); break;
      }
    }
    Check(text);
  }
}

TEST_F(RandomInputTest, HugeLineAndRepetition) {
  Check(std::string(2 << 20, 'a'));
  std::string many;
  for (int i = 0; i < 2000; ++i) many += "Quyết định số 12/QĐ-UBND ngày 31/11/2021; ";
  Check(many);
  Check(std::string(100000, '\xFF'));
}

}  // namespace
}  // namespace sohoa
