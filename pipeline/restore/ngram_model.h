// A syllable n-gram language model (modified Kneser-Ney, pruned, quantized),
// memory-mapped from a file written by LmBuilder (see lm_format.h).
//
// An NgramModel is immutable after Load() and safe to share between threads.
#ifndef SOHOA_PIPELINE_RESTORE_NGRAM_MODEL_H_
#define SOHOA_PIPELINE_RESTORE_NGRAM_MODEL_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pipeline/base/status.h"

namespace sohoa::restore {

using WordId = uint16_t;

// Ids every model has.
inline constexpr WordId kUnknownId = 0;
inline constexpr WordId kBeginId = 1;
inline constexpr WordId kEndId = 2;

class NgramModel {
 public:
  ~NgramModel();
  NgramModel(const NgramModel&) = delete;
  NgramModel& operator=(const NgramModel&) = delete;

  // Maps `path` and checks magic, format version, sizes and every section's
  // checksum. NotFound when the file is missing, FailedPrecondition for
  // another format version, DataLoss for damage; the message names the file.
  static StatusOr<std::unique_ptr<NgramModel>> Load(const std::string& path);

  int order() const { return order_; }
  size_t vocab_size() const { return words_.size(); }
  std::string_view Word(WordId id) const { return words_[id]; }
  // The id of a (normalized) word, or kUnknownId.
  WordId Find(std::string_view word) const;

  // log10 P(word | context): `context` holds up to order()-1 previous ids,
  // oldest first (fewer at the start of a sentence, beginning with kBeginId).
  float Score(const WordId* context, int context_length, WordId word) const;

  // The "key=value" lines the trainer recorded (data, settings, date).
  const std::string& metadata() const { return metadata_; }
  // One metadata value, or "" when absent.
  std::string MetadataValue(std::string_view key) const;
  // Hex digest identifying the model's contents (from its section checksums).
  const std::string& content_id() const { return content_id_; }
  uint64_t file_size() const { return size_; }
  // N-grams stored for `order` (1 = vocabulary size).
  size_t NgramCount(int order) const;

 private:
  struct Table {
    uint32_t bucket_bits = 0;
    const uint32_t* offsets = nullptr;
    const uint32_t* fingerprints = nullptr;
    const uint8_t* probs = nullptr;
    const uint8_t* backoffs = nullptr;  // null for the highest order
    const float* codebook = nullptr;    // 256 probs then 256 backoffs
    size_t size = 0;
  };

  NgramModel() = default;
  Status Parse(const std::string& path);
  Status ParseTable(const std::string& path, int order, const void* const* sections,
                    const uint64_t* sizes);
  // Index of the n-gram in its table, or -1.
  int64_t FindNgram(int order, uint64_t packed) const;
  float Backoff(int order, uint64_t packed) const;

  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  int order_ = 0;
  std::string metadata_;
  std::string content_id_;
  std::vector<std::string_view> words_;
  std::unordered_map<std::string_view, WordId> ids_;
  const float* unigrams_ = nullptr;  // prob, backoff per word
  Table tables_[5];                  // index = order; 2..order_ used
};

}  // namespace sohoa::restore

#endif  // SOHOA_PIPELINE_RESTORE_NGRAM_MODEL_H_
