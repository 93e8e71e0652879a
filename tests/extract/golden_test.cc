// Golden tests: the records of the plans in corpus/extract (clean and
// garbled) and of ../shared/seeds against hand annotations, with the
// precision/recall figures printed. Run alone to see the figures:
//   SOHOA_SOURCE_DIR=$PWD build/tests/extract/extract_golden_test
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>

#include "pipeline/base/file.h"
#include "pipeline/extract/extractor.h"
#include "tests/extract/extract_test_env.h"
#include "tests/extract/extractor_suite.h"
#include "tests/extract/golden.h"

namespace sohoa {
namespace {

using golden::Scores;

class GoldenTest : public extract_test::ExtractorSuite {
 protected:
  // Scores one text against one golden file, printing what did not match.
  static Scores ScoreFile(const std::string& text_path, const std::string& golden_path) {
    auto text = ReadFile(text_path);
    auto gold = golden::ReadGolden(golden_path);
    EXPECT_TRUE(text.ok()) << text.status().ToString();
    EXPECT_TRUE(gold.ok()) << gold.status().ToString();
    if (!text.ok() || !gold.ok()) return Scores();
    std::vector<std::string> misses;
    Scores s = golden::Score(*gold, extractor_->Extract(*text), &misses);
    for (const std::string& m : misses) {
      std::cout << "  " << std::filesystem::path(text_path).filename().string() << ": " << m << "\n";
    }
    return s;
  }

  static void ExpectDoneCriteria(const Scores& s) {
    EXPECT_GE(s.legal_ref.Precision(), 0.95);
    EXPECT_GE(s.legal_ref.Recall(), 0.90);
    EXPECT_GE(s.legal_ref.DateAccuracy(), 0.90);
    EXPECT_GE(s.quota.Recall(), 0.85);
    EXPECT_GE(s.deadline.Recall(), 0.85);
    EXPECT_GE(s.documents_right * 5, s.documents * 4);
  }
};

TEST_F(GoldenTest, OwnPlansCleanAndGarbled) {
  Scores total;
  for (const char* plan : {"plan_a", "plan_b", "plan_c"}) {
    for (const char* variant : {"clean", "garbled"}) {
      total.Add(ScoreFile(extract_test::CorpusDir() + "/" + plan + "_" + variant + ".txt",
                          extract_test::GoldenDir() + "/" + plan + ".tsv"));
    }
  }
  std::cout << "corpus/extract (3 plans x clean, garbled):\n" << golden::Report(total);
  ExpectDoneCriteria(total);
}

TEST_F(GoldenTest, SharedSeeds) {
  std::string seeds = extract_test::SeedsDir();
  if (seeds.empty()) GTEST_SKIP() << "../shared/seeds is absent (set SOHOA_SEEDS_DIR)";
  Scores total;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(extract_test::GoldenDir())) {
    std::string name = entry.path().stem().string();
    if (name.rfind("seed_", 0) != 0) continue;
    std::string text = seeds + "/" + name.substr(5) + ".txt";
    if (!std::filesystem::exists(text)) continue;
    total.Add(ScoreFile(text, entry.path().string()));
    ++files;
  }
  if (files == 0) GTEST_SKIP() << "no annotated seed in " << seeds;
  std::cout << "../shared/seeds (" << files << " annotated plans):\n" << golden::Report(total);
  ExpectDoneCriteria(total);
}

}  // namespace
}  // namespace sohoa
