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

// What the model needs to know about the words before the next one: the
// longest suffix of the history that the model stores as an n-gram (most
// recent word first) and the backoff weights of its suffixes. Two histories
// with equal words here score every future word the same.
struct LmState {
  WordId words[3] = {0, 0, 0};
  float backoff[3] = {0, 0, 0};  // backoff[i]: of the n-gram words[i..0]
  int length = 0;

  uint64_t Key() const {
    uint64_t k = static_cast<uint64_t>(length);
    for (int i = 0; i < length; ++i) k = (k << 16) | words[i];
    return k;
  }
};

class NgramModel {
 public:
  ~NgramModel();
  NgramModel(const NgramModel&) = delete;
  NgramModel& operator=(const NgramModel&) = delete;

  // Maps `path` and checks magic, format version, sizes and every section's
  // checksum. NotFound when the file is missing, FailedPrecondition for
  // another format version, DataLoss for damage; the message names the file.
  static StatusOr<std::unique_ptr<NgramModel>> Load(const std::string& path);
  // The same checks on a model held in memory (tests, fuzzing); `name` is
  // used in error messages.
  static StatusOr<std::unique_ptr<NgramModel>> FromBytes(std::string bytes,
                                                         const std::string& name);

  int order() const { return order_; }
  size_t vocab_size() const { return words_.size(); }
  std::string_view Word(WordId id) const { return words_[id]; }
  // The id of a (normalized) word, or kUnknownId.
  WordId Find(std::string_view word) const;

  // log10 P(word | context): `context` holds up to order()-1 previous ids,
  // oldest first (fewer at the start of a sentence, beginning with kBeginId).
  float Score(const WordId* context, int context_length, WordId word) const;

  // The state at the start of a sentence (after <s>).
  LmState BeginState() const;
  // log10 P(word | state), the same value Score() gives for the full
  // history, and the state after `word`. Fewer lookups than Score().
  float ScoreState(const LmState& in, WordId word, LmState* out) const;

  // Hints the CPU to fetch the table slots ScoreState(in, word) will read,
  // so that lookups for many candidates overlap.
  void Prefetch(const LmState& in, WordId word) const;

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
    const uint8_t* records = nullptr;  // lm_format::kRecordSize bytes each
    uint64_t slots = 0;
    const float* codebook = nullptr;  // 256 probs then 256 backoffs
    size_t size = 0;                  // filled slots
    float Prob(const uint8_t* r) const { return codebook[r[4]]; }
    float Backoff(const uint8_t* r) const { return codebook[256 + r[5]]; }
  };

  NgramModel() = default;
  Status Parse(const std::string& path);
  Status ParseTable(const std::string& path, int order, const uint8_t* records,
                    uint64_t records_size, const uint8_t* codebook, uint64_t codebook_size);
  // The n-gram's record in its table, or null.
  const uint8_t* FindNgram(int order, uint64_t packed) const;
  float Backoff(int order, uint64_t packed) const;

  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  bool mapped_ = false;
  std::string owned_;  // the bytes when not mapped
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
