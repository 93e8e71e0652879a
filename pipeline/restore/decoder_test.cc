#include "pipeline/restore/decoder.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>

#include "pipeline/restore/restore_test_util.h"

namespace sohoa::restore {
namespace {

class DecoderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    path_ = new std::string(testing::BuildTinyModel("decoder"));
    auto model = NgramModel::Load(*path_);
    ASSERT_TRUE(model.ok()) << model.status().ToString();
    model_ = std::move(model).value().release();
  }
  static void TearDownTestSuite() {
    delete model_;
    std::remove(path_->c_str());
    delete path_;
  }

  // A random lattice over the model's vocabulary, with random priors.
  std::vector<Slot> RandomLattice(std::mt19937* rng, int length, int max_candidates) {
    std::uniform_int_distribution<int> word(0, static_cast<int>(model_->vocab_size()) - 1);
    std::uniform_int_distribution<int> count(1, max_candidates);
    std::uniform_real_distribution<float> prior(-2.0f, 2.0f);
    std::vector<Slot> slots(length);
    for (Slot& slot : slots) {
      int n = count(*rng);
      for (int i = 0; i < n; ++i) {
        WordId id = static_cast<WordId>(word(*rng));
        if (id == kBeginId) id = kEndId;
        slot.push_back({id, (*rng)() % 2 ? prior(*rng) : 0.0f});
      }
    }
    return slots;
  }

  static std::string* path_;
  static NgramModel* model_;
};

std::string* DecoderTest::path_ = nullptr;
NgramModel* DecoderTest::model_ = nullptr;

// With a beam wide enough to hold every state, the beam search is exact
// Viterbi and must find the brute-force optimum.
TEST_F(DecoderTest, WideBeamMatchesBruteForce) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    auto slots = RandomLattice(&rng, 1 + trial % 6, 4);
    DecodeResult fast = DecodeBeam(*model_, slots, 100000);
    DecodeResult slow = DecodeExhaustive(*model_, slots);
    ASSERT_NEAR(fast.score, slow.score, 1e-3) << "trial " << trial;
    if (fast.choice != slow.choice) {
      std::vector<Slot> only_fast, only_slow;
      for (size_t s = 0; s < slots.size(); ++s) {
        only_fast.push_back({slots[s][fast.choice[s]]});
        only_slow.push_back({slots[s][slow.choice[s]]});
      }
      EXPECT_NEAR(DecodeExhaustive(*model_, only_fast).score,
                  DecodeExhaustive(*model_, only_slow).score, 1e-3)
          << "different paths of different scores, trial " << trial;
    }
  }
}

// The restorer's default beam rarely loses the optimum on short lattices,
// and never claims a score above it.
TEST_F(DecoderTest, DefaultBeamMatchesBruteForceOnSentences) {
  std::mt19937 rng(11);
  int agree = 0, total = 0;
  for (int trial = 0; trial < 100; ++trial) {
    auto slots = RandomLattice(&rng, 5, 3);
    DecodeResult fast = DecodeBeam(*model_, slots, 8);
    DecodeResult slow = DecodeExhaustive(*model_, slots);
    EXPECT_LE(fast.score, slow.score + 1e-3);
    agree += std::abs(fast.score - slow.score) < 1e-3;
    ++total;
  }
  EXPECT_GE(agree, total * 95 / 100);
}

TEST_F(DecoderTest, EmptyLattice) {
  DecodeResult r = DecodeBeam(*model_, {}, 8);
  EXPECT_TRUE(r.choice.empty());
  EXPECT_NEAR(r.score, DecodeExhaustive(*model_, {}).score, 1e-5);
}

}  // namespace
}  // namespace sohoa::restore
