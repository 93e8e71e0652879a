// Builds a syllable n-gram model with interpolated modified Kneser-Ney
// smoothing from sentences of language-model keys (see tokenizer.h), prunes
// rare n-grams, quantizes, and writes the file NgramModel loads.
//
// Feed sentences with AddSentence(), then Write(). Not thread-safe.
#ifndef SOHOA_PIPELINE_RESTORE_LM_BUILDER_H_
#define SOHOA_PIPELINE_RESTORE_LM_BUILDER_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "pipeline/base/status.h"
#include "pipeline/restore/ngram_model.h"

namespace sohoa::restore {

struct LmBuildOptions {
  int order = 4;  // 1..4
  // An n-gram of order n >= 2 is kept when its weighted count reaches
  // min_counts[n-1] (must not decrease with n). Missing entries mean 1.
  std::vector<uint32_t> min_counts = {1, 1, 2, 2};
  uint32_t min_word_count = 2;  // for the vocabulary
  size_t max_vocab = 60000;     // at most 65536 with the special ids
  std::string metadata;         // "key=value" lines stored in the file
};

class LmBuilder {
 public:
  explicit LmBuilder(LmBuildOptions options);

  // Adds a sentence of keys (without <s> and </s>) counted `weight` times.
  void AddSentence(const std::vector<std::string>& sentence, uint32_t weight);

  // Chooses the vocabulary (the special keys, then words by frequency; the
  // rest become <unk>), estimates, prunes, quantizes and writes the model.
  Status Write(const std::string& path);

  size_t vocab_size() const { return vocab_.size(); }
  // N-grams written per order (index 1..order), filled by Write().
  const std::vector<size_t>& written_counts() const { return written_; }

 private:
  struct Order;  // counts and estimates of one order
  void FixVocabulary();
  void CollectNgrams();
  void Estimate(std::vector<Order>* orders);

  LmBuildOptions options_;
  std::unordered_map<std::string, uint32_t> interned_;
  std::vector<uint64_t> interned_counts_;
  std::vector<uint32_t> corpus_;   // interned words; kSentenceMark ends a sentence
  std::vector<uint32_t> weights_;  // per sentence
  std::vector<std::string> vocab_;
  std::vector<WordId> id_of_interned_;
  std::vector<uint64_t> unigram_counts_;
  std::vector<std::vector<uint64_t>> keys_;  // per order: packed n-gram ids
  std::vector<size_t> written_;
};

}  // namespace sohoa::restore

#endif  // SOHOA_PIPELINE_RESTORE_LM_BUILDER_H_
