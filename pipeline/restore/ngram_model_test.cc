#include "pipeline/restore/ngram_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>

#include "pipeline/base/file.h"
#include "pipeline/restore/lm_format.h"
#include "pipeline/restore/restore_test_util.h"

namespace sohoa::restore {
namespace {

class NgramModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = testing::BuildTinyModel("ngram");
    ASSERT_FALSE(path_.empty());
  }
  void TearDown() override { std::remove(path_.c_str()); }

  // Writes `bytes` to a sibling file and tries to load it.
  Status LoadBytes(const std::string& bytes) {
    std::string bad = path_ + ".bad";
    EXPECT_TRUE(WriteFileAtomically(bad, bytes).ok());
    auto model = NgramModel::Load(bad);
    std::remove(bad.c_str());
    return model.status();
  }

  std::string path_;
};

TEST_F(NgramModelTest, LoadsVocabularyAndMetadata) {
  auto model = NgramModel::Load(path_);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  const NgramModel& m = **model;
  EXPECT_EQ(m.order(), 4);
  EXPECT_EQ(m.Word(kBeginId), "<s>");
  EXPECT_NE(m.Find("hoạch"), kUnknownId);
  EXPECT_EQ(m.Find("không-có"), kUnknownId);
  EXPECT_EQ(m.MetadataValue("name"), "tiny-test");
  EXPECT_GT(m.NgramCount(4), 100u);
}

TEST_F(NgramModelTest, SeenContinuationBeatsUnseen) {
  auto model = NgramModel::Load(path_);
  ASSERT_TRUE(model.ok());
  const NgramModel& m = **model;
  WordId ctx[] = {m.Find("ủy"), m.Find("ban"), m.Find("nhân")};
  EXPECT_GT(m.Score(ctx, 3, m.Find("dân")), m.Score(ctx, 3, m.Find("bán")));
  EXPECT_GT(m.Score(ctx, 3, m.Find("dân")), -0.5f);
}

// Interpolated Kneser-Ney is a distribution: for any context, the
// probabilities of all words (except <s>) sum to one. The tiny model has
// fewer than 256 distinct values per table, so quantization is exact.
TEST_F(NgramModelTest, ProbabilitiesSumToOne) {
  auto model = NgramModel::Load(path_);
  ASSERT_TRUE(model.ok());
  const NgramModel& m = **model;
  const std::vector<std::vector<std::string>> contexts = {
      {"<s>"}, {"cải", "cách"}, {"ủy", "ban", "nhân"}, {"xyz", "của"}, {"mua", "cá", ","}};
  for (const auto& words : contexts) {
    std::vector<WordId> ctx;
    for (const auto& w : words) ctx.push_back(w == "<s>" ? kBeginId : m.Find(w));
    double sum = 0;
    for (size_t w = 0; w < m.vocab_size(); ++w) {
      if (w == kBeginId) continue;
      sum += std::pow(10.0, m.Score(ctx.data(), static_cast<int>(ctx.size()),
                                    static_cast<WordId>(w)));
    }
    EXPECT_NEAR(sum, 1.0, 2e-3) << words.back();
  }
}

// The incremental state scoring the decoder uses gives the same numbers as
// scoring each word with its full history.
TEST_F(NgramModelTest, StateScoringMatchesFullHistory) {
  auto model = NgramModel::Load(path_);
  ASSERT_TRUE(model.ok());
  const NgramModel& m = **model;
  int four_gram_hits = 0;
  for (const auto& line : testing::TinyCorpus()) {
    std::vector<WordId> history = {kBeginId};
    LmState state = m.BeginState();
    std::vector<std::string> keys = LineKeys(line + " lạ chưa từng");
    keys.push_back("</s>");
    for (const auto& key : keys) {
      WordId w = key == "</s>" ? kEndId : m.Find(key);
      int n = std::min<int>(3, static_cast<int>(history.size()));
      float full = m.Score(history.data() + history.size() - n, n, w);
      LmState next;
      EXPECT_NEAR(m.ScoreState(state, w, &next), full, 1e-5) << line << " / " << key;
      four_gram_hits += next.length == 3;
      state = next;
      history.push_back(w);
    }
  }
  EXPECT_GT(four_gram_hits, 50);
}

TEST_F(NgramModelTest, RefusesDamagedFiles) {
  auto bytes = ReadFile(path_);
  ASSERT_TRUE(bytes.ok());
  const std::string good = *bytes;
  // A flipped byte anywhere (header, section table, any section).
  for (size_t pos : {size_t{20}, size_t{60}, good.size() / 3, good.size() / 2,
                     good.size() - 1}) {
    std::string bad = good;
    bad[pos] ^= 0x40;
    Status s = LoadBytes(bad);
    EXPECT_FALSE(s.ok()) << "byte " << pos;
    EXPECT_NE(s.message().find(".bad"), std::string::npos) << s.message();
  }
  Status truncated = LoadBytes(good.substr(0, good.size() - 8));
  EXPECT_EQ(truncated.code(), StatusCode::kDataLoss) << truncated.ToString();
  Status tiny = LoadBytes(good.substr(0, 10));
  EXPECT_EQ(tiny.code(), StatusCode::kDataLoss);
  std::string magic = good;
  magic[0] = 'X';
  EXPECT_EQ(LoadBytes(magic).code(), StatusCode::kDataLoss);
  std::string version = good;
  uint32_t v = lm_format::kFormatVersion + 1;
  std::memcpy(&version[16], &v, sizeof(v));
  Status s = LoadBytes(version);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << s.ToString();
  EXPECT_NE(s.message().find("version"), std::string::npos);
}

TEST_F(NgramModelTest, MissingFileIsNotFound) {
  auto model = NgramModel::Load(path_ + ".missing");
  EXPECT_EQ(model.status().code(), StatusCode::kNotFound);
  EXPECT_NE(model.status().message().find(".missing"), std::string::npos);
}

}  // namespace
}  // namespace sohoa::restore
