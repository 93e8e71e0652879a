#include "pipeline/restore/channel/error_channel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <tuple>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "pipeline/base/file.h"
#include "pipeline/base/sha256.h"
#include "pipeline/restore/channel/channel_text.h"
#include "pipeline/restore/channel/channel_trainer.h"

namespace sohoa {
namespace {

using channel_text::ToU32;

// A tiny wrong-model OCR sample, written for this test: (observed, clean).
const std::vector<std::pair<std::string, std::string>> kPairs = {
    {"ciia", "của"},   {"cua", "của"},     {"ctia", "của"},   {"cia", "của"},
    {"s6", "số"},      {"sé", "số"},       {"so", "số"},      {"t6", "tổ"},
    {"chirc", "chức"}, {"chic", "chức"},   {"nhiing", "những"}, {"nhimg", "những"},
    {"dén", "đến"},    {"dén", "đến"},     {"dbi", "đối"},    {"déi", "đối"},
    {"huyé¢n", "huyện"}, {"huyén", "huyện"}, {"huyén", "huyện"}, {"vién", "viện"},
    {"HQI", "HỘI"},    {"HOI", "HỘI"},     {"HQI", "HỘI"},    {"CHU", "CHỦ"},
    {"CHiJ", "CHỦ"},   {"CHU", "CHỦ"},     {"Pong", "Đồng"},  {"Dong", "Đồng"},
    {"Pong", "Đồng"},  {"nim", "năm"},     {"nam", "năm"},    {"ndm", "năm"},
    {"tinh", "tỉnh"},  {"tinh", "tỉnh"},   {"tinh", "tính"},  {"hanh", "hành"},
    {"chinh", "chính"}, {"chinh", "chính"}, {"cai", "cải"},   {"cach", "cách"},
    {"va", "và"},      {"va", "và"},       {"cac", "các"},    {"co", "có"},
    {"quan", "quan"},  {"dan", "dân"},     {"nhan", "nhân"},  {"ban", "ban"},
};

const std::vector<std::string> kVocabulary = {
    "của", "cua", "cửa", "chia", "số", "sở", "so", "sớ", "tổ", "tố", "to", "chức", "chúc",
    "những", "nhưng", "nhăng", "đến", "đèn", "den", "đối", "đôi", "huyện", "huyền", "viện",
    "hội", "hỏi", "hơi", "chủ", "chú", "chu", "đồng", "đông", "dòng", "năm", "nam", "nằm",
    "tỉnh", "tính", "tinh", "hành", "hạnh", "chính", "chỉnh", "cải", "cái", "cách", "và",
    "va", "vá", "các", "cạc", "có", "cỏ", "quan", "dân", "nhân", "ban", "bàn", "bạn"};

std::string TrainedModel() {
  ChannelTrainer::Options options;
  options.min_rule_count = 1;
  ChannelTrainer trainer(options);
  for (const auto& [observed, clean] : kPairs) EXPECT_TRUE(trainer.AddPair(observed, clean));
  return trainer.Serialize("test model\nbuilt in error_channel_test.cc");
}

ErrorChannel TrainedChannel() {
  auto channel = ErrorChannel::FromBytes(TrainedModel(), "test.tsv");
  EXPECT_TRUE(channel.ok()) << channel.status().ToString();
  channel->SetVocabulary(kVocabulary);
  return std::move(channel).value();
}

std::vector<std::string> Syllables(const std::vector<ChannelCandidate>& candidates) {
  std::vector<std::string> out;
  for (const auto& c : candidates) out.push_back(c.syllable);
  return out;
}

TEST(ChannelTrainerTest, RejectsWhatIsNotASyllablePair) {
  ChannelTrainer trainer;
  EXPECT_FALSE(trainer.AddPair("abc", "xyzw"));       // not a Vietnamese syllable
  EXPECT_FALSE(trainer.AddPair("", "của"));           // nothing observed
  EXPECT_FALSE(trainer.AddPair("c a", "của"));        // a space inside
  EXPECT_FALSE(trainer.AddPair("ciia", "của nó"));    // two syllables
  EXPECT_TRUE(trainer.AddPair("ciia", "của"));
  EXPECT_EQ(trainer.pairs_used(), 1);
  EXPECT_EQ(trainer.pairs_rejected(), 4);
}

TEST(ChannelTrainerTest, LearnsMultiCharacterRewrites) {
  std::string model = TrainedModel();
  EXPECT_EQ(model.rfind("sohoa-error-channel\t1\t", 0), 0u);
  EXPECT_NE(model.find("R\tủ\tii\t"), std::string::npos);
  EXPECT_NE(model.find("R\tố\t6\t"), std::string::npos);
  EXPECT_NE(model.find("R\tĐồ\tPo\t"), std::string::npos);
  EXPECT_NE(model.find("R\tệ\té¢\t"), std::string::npos);
  EXPECT_NE(model.find("R\tỘ\tQ\t"), std::string::npos);
  // Case is part of the rule: no lowercase "ộ" was ever read as "Q".
  EXPECT_EQ(model.find("R\tộ\tQ\t"), std::string::npos);
}

TEST(ErrorChannelTest, RestoresTypicalGarble) {
  ErrorChannel channel = TrainedChannel();
  const std::pair<std::string, std::string> cases[] = {
      {"ciia", "của"}, {"s6", "số"}, {"nhiing", "những"}, {"huyé¢n", "huyện"},
      {"HQI", "hội"},  {"CHiJ", "chủ"}, {"Pong", "đồng"}, {"dbi", "đối"}, {"t6", "tổ"}};
  for (const auto& [observed, truth] : cases) {
    auto candidates = channel.Candidates(observed, 5);
    ASSERT_FALSE(candidates.empty()) << observed;
    EXPECT_EQ(candidates[0].syllable, truth) << observed;
  }
}

TEST(ErrorChannelTest, CorrectTextKeepsItsSyllableOnTop) {
  ErrorChannel channel = TrainedChannel();
  for (std::string word : {"của", "những", "huyện", "tỉnh", "chính"}) {
    auto candidates = channel.Candidates(word, 3);
    ASSERT_FALSE(candidates.empty()) << word;
    EXPECT_EQ(candidates[0].syllable, word);
  }
  auto upper = channel.Candidates("HUYỆN", 3);
  ASSERT_FALSE(upper.empty());
  EXPECT_EQ(upper[0].syllable, "huyện");
}

TEST(ErrorChannelTest, ResultsAreSortedBoundedAndAboveTheFloor) {
  ErrorChannel channel = TrainedChannel();
  auto all = channel.Candidates("cua", 50, -40.0f);
  ASSERT_GE(all.size(), 3u);
  for (size_t i = 1; i < all.size(); ++i) EXPECT_GE(all[i - 1].log_prob, all[i].log_prob);
  for (const auto& c : all) EXPECT_LE(c.log_prob, 0.0f);
  EXPECT_EQ(channel.Candidates("cua", 2).size(), 2u);
  float floor = all[1].log_prob;
  for (const auto& c : channel.Candidates("cua", 50, floor)) EXPECT_GE(c.log_prob, floor);
  EXPECT_TRUE(channel.Candidates("", 5).empty());
  EXPECT_TRUE(channel.Candidates("cua", 0).empty());
  EXPECT_TRUE(channel.Candidates(std::string(40, 'a'), 5).empty());
  EXPECT_TRUE(channel.Candidates("\xff\xfe", 5).size() <= 5u);  // malformed UTF-8 is safe
}

TEST(ErrorChannelTest, VocabularyKeepsFirstSpellingAndOddLetters) {
  ErrorChannel channel = TrainedChannel();
  // Duplicates (after lowercasing) keep the first spelling given; letters
  // outside Vietnamese (ç, ß) still index and match by copy.
  channel.SetVocabulary({"của", "CỦA", "ça", "çb", "ßa", "cua"});
  EXPECT_EQ(channel.vocabulary_size(), 5u);
  EXPECT_EQ(Syllables(channel.Candidates("ciia", 1)), std::vector<std::string>{"của"});
  EXPECT_EQ(Syllables(channel.Candidates("çb", 1)), std::vector<std::string>{"çb"});
  EXPECT_EQ(Syllables(channel.Candidates("ßa", 1)), std::vector<std::string>{"ßa"});
}

TEST(ErrorChannelTest, EmptyVocabularyGivesNothing) {
  auto channel = ErrorChannel::FromBytes(TrainedModel(), "test.tsv");
  ASSERT_TRUE(channel.ok());
  EXPECT_TRUE(channel->Candidates("ciia", 5).empty());
  EXPECT_EQ(channel->vocabulary_size(), 0u);
}

// Reference: Viterbi over (clean position, observed position, unknown edit
// used) computed directly from the model's text, for lowercase tokens.
struct ReferenceModel {
  std::vector<std::tuple<std::u32string, std::u32string, double>> rules;
  std::map<char32_t, double> identity;
  std::map<std::string, double> params;

  explicit ReferenceModel(const std::string& text) {
    size_t start = text.find('\n') + 1;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      std::string line = text.substr(start, end - start);
      start = end + 1;
      std::vector<std::string> f;
      for (size_t a = 0;;) {
        size_t tab = line.find('\t', a);
        f.push_back(line.substr(a, tab == std::string::npos ? tab : tab - a));
        if (tab == std::string::npos) break;
        a = tab + 1;
      }
      if (f[0] == "P") params[f[1]] = std::stod(f[2]);
      if (f[0] == "I") identity[ToU32(f[1])[0]] = std::stod(f[2]);
      if (f[0] == "R") rules.emplace_back(ToU32(f[1]), ToU32(f[2]), std::stod(f[3]));
    }
  }

  double Score(const std::u32string& clean, const std::u32string& obs) const {
    const size_t n = clean.size(), m = obs.size();
    const double inf = 1e30;
    std::vector<double> best((n + 1) * (m + 1) * 2, inf);
    auto at = [&](size_t i, size_t j, int u) { return (i * (m + 1) + j) * 2 + u; };
    best[at(0, 0, 0)] = 0;
    for (size_t i = 0; i <= n; ++i) {
      for (size_t j = 0; j <= m; ++j) {
        for (int u = 0; u < 2; ++u) {
          double here = best[at(i, j, u)];
          if (here >= inf) continue;
          auto relax = [&](size_t i2, size_t j2, int u2, double cost) {
            best[at(i2, j2, u2)] = std::min(best[at(i2, j2, u2)], here + cost);
          };
          if (i < n && j < m && clean[i] == obs[j]) {
            auto it = identity.find(clean[i]);
            relax(i + 1, j + 1, u, -(it == identity.end() ? params.at("default_identity")
                                                          : it->second));
          }
          for (const auto& [a, b, lp] : rules) {
            if (clean.compare(i, a.size(), a) == 0 && i + a.size() <= n &&
                obs.compare(j, b.size(), b) == 0 && j + b.size() <= m) {
              relax(i + a.size(), j + b.size(), u, -lp);
            }
          }
          if (u == 0) {
            if (i < n && j < m) relax(i + 1, j + 1, 1, -params.at("unknown_substitution"));
            if (i < n) relax(i + 1, j, 1, -params.at("unknown_deletion"));
            if (j < m) relax(i, j + 1, 1, -params.at("unknown_insertion"));
          }
        }
      }
    }
    return std::min(best[at(n, m, 0)], best[at(n, m, 1)]);
  }
};

TEST(ErrorChannelTest, AgreesWithBruteForceReference) {
  std::string model = TrainedModel();
  ReferenceModel reference(model);
  ErrorChannel channel = TrainedChannel();
  for (std::string observed :
       {"ciia", "s6", "nhiing", "huyé¢n", "dbi", "cua", "nim", "tinh", "xyz", "chirc"}) {
    std::vector<std::pair<double, std::string>> expected;
    for (const std::string& word : kVocabulary) {
      double cost = reference.Score(ToU32(word), ToU32(observed));
      if (cost <= 25.0) expected.push_back({cost, word});
    }
    std::sort(expected.begin(), expected.end());
    while (!expected.empty() &&
           expected.back().first > expected.front().first + ErrorChannel::kDefaultBeam) {
      expected.pop_back();
    }
    auto got = channel.Candidates(observed, 100, -25.0f);
    ASSERT_EQ(got.size(), expected.size()) << observed;
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_NEAR(-got[i].log_prob, expected[i].first, 1e-3) << observed << " #" << i;
      EXPECT_NEAR(channel.LogProb(observed, got[i].syllable), got[i].log_prob, 1e-3);
    }
  }
}

TEST(ErrorChannelTest, ConcurrentCallsAgreeWithSerialOnes) {
  ErrorChannel channel = TrainedChannel();
  const std::vector<std::string> tokens = {"ciia", "s6", "HQI", "Pong", "nim", "dén", "cua"};
  std::vector<std::vector<std::string>> serial;
  for (const auto& t : tokens) serial.push_back(Syllables(channel.Candidates(t, 5)));
  channel.SetVocabulary(kVocabulary);  // clears the cache
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 50; ++round) {
        for (size_t i = 0; i < tokens.size(); ++i) {
          if (Syllables(channel.Candidates(tokens[i], 5)) != serial[i]) ++mismatches[t];
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(ErrorChannelTest, RefusesDamagedOrForeignModels) {
  std::string model = TrainedModel();
  std::string damaged = model;
  damaged[damaged.size() - 3] ^= 1;
  auto r = ErrorChannel::FromBytes(damaged, "damaged.tsv");
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(r.status().message().find("damaged.tsv"), std::string::npos);

  std::string truncated = model.substr(0, model.size() / 2);
  EXPECT_EQ(ErrorChannel::FromBytes(truncated, "t.tsv").status().code(), StatusCode::kDataLoss);

  std::string other_version = model;
  other_version.replace(other_version.find("\t1\t"), 3, "\t9\t");
  r = ErrorChannel::FromBytes(other_version, "v9.tsv");
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("version 9"), std::string::npos);

  EXPECT_EQ(ErrorChannel::FromBytes("not a model\n", "x").status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorChannel::FromBytes("", "x").status().code(), StatusCode::kFailedPrecondition);

  // A well-formed checksum over a malformed record: InvalidArgument with the line.
  std::string body = "# fine\nR\tủ\tii\tnot-a-number\n";
  std::string bad = "sohoa-error-channel\t1\t" + Sha256Hex(body) + "\n" + body;
  r = ErrorChannel::FromBytes(bad, "bad.tsv");
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("bad.tsv line 3"), std::string::npos);
}

TEST(ErrorChannelTest, LoadNamesTheFile) {
  auto missing = ErrorChannel::Load("/nonexistent/channel_eng.tsv");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("channel_eng.tsv"), std::string::npos);

  std::string path = testing::TempDir() + "/error_channel_test_model.tsv";
  ASSERT_TRUE(WriteFileAtomically(path, TrainedModel()).ok());
  auto loaded = ErrorChannel::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_GT(loaded->rule_count(), 10u);
  std::remove(path.c_str());
}

// The models committed under models/restore load and read typical garble.
TEST(ErrorChannelTest, CommittedModelsLoadAndWork) {
  const char* root = std::getenv("SOHOA_SOURCE_DIR");
  if (root == nullptr) GTEST_SKIP() << "SOHOA_SOURCE_DIR is not set (run through ctest)";
  auto eng = ErrorChannel::Load(std::string(root) + "/models/restore/channel_eng.tsv");
  ASSERT_TRUE(eng.ok()) << eng.status().ToString();
  eng->SetVocabulary(kVocabulary);
  const std::pair<std::string, std::string> cases[] = {
      {"ciia", "của"}, {"nhiing", "những"}, {"HQI", "hội"}, {"huyé¢n", "huyện"}};
  for (const auto& [observed, truth] : cases) {
    EXPECT_EQ(Syllables(eng->Candidates(observed, 3))[0], truth) << observed;
  }
  auto vie = ErrorChannel::Load(std::string(root) + "/models/restore/channel_vie.tsv");
  ASSERT_TRUE(vie.ok()) << vie.status().ToString();
  vie->SetVocabulary(kVocabulary);
  EXPECT_EQ(Syllables(vie->Candidates("huyện", 3))[0], "huyện");
}

}  // namespace
}  // namespace sohoa
