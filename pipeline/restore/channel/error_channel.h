// ErrorChannel: how likely an observed (garbled) token is, given the
// Vietnamese syllable that was printed. It is the "channel" half of the noisy
// channel restorer: the decoder combines
//
//     score(s) = log P(observed | s) + weight * log P_LM(s | history)
//
// over the candidate syllables s this class proposes for each token.
//
// The model is a set of weighted edits learned from aligned OCR output (see
// tools/learn_channel and models/restore/channel_CARD.md), in the style of
// Brill & Moore (2000): rules "clean substring -> observed substring" of up to
// three characters each, such as "ủ" -> "ii", "ố" -> "6", "Đ" -> "P",
// "ệ" -> "é¢", with P(observed | clean) estimated from counts. The probability
// of a whole token is the best (Viterbi) product over one way of cutting the
// syllable into pieces, each piece either copied (identity) or rewritten by a
// rule. A small learned "unknown edit" probability lets at most one edit per
// token fall outside the rules.
//
// Typical use (one channel per process, shared by all threads):
//
//   SOHOA_ASSIGN_OR_RETURN(ErrorChannel channel,
//                          ErrorChannel::Load("models/restore/channel_eng.tsv"));
//   channel.SetVocabulary(lm_syllables);   // once, before sharing
//   for (token : tokens)
//     for (const ChannelCandidate& c : channel.Candidates(token, 20))
//       ... lattice arc c.syllable with channel score c.log_prob ...
//
// Models: models/restore/channel_eng.tsv for legacy text OCR'd with the
// wrong (English) model; channel_vie.tsv for fresh `tesseract -l vie` output,
// where a wider beam (about 14) finds its rarer slips. Pass word tokens only
// (at least one letter; not numbers, document codes or abbreviations the
// decoder protects), without surrounding punctuation; digits inside a token
// are fine and often meaningful ("s6" = "số", "t6" = "tổ").
//
// Thread safety: Load/FromBytes/SetVocabulary build the object; after that,
// every const method is safe to call concurrently from many threads (the
// result cache inside is guarded by a lock).
#ifndef SOHOA_PIPELINE_RESTORE_CHANNEL_ERROR_CHANNEL_H_
#define SOHOA_PIPELINE_RESTORE_CHANNEL_ERROR_CHANNEL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pipeline/base/status.h"

namespace sohoa {
namespace channel_internal {
struct ChannelRules;
struct VocabularyTrie;
}  // namespace channel_internal

// One proposal for an observed token: a vocabulary syllable exactly as given
// to SetVocabulary (lowercase, accented), and log P(observed | syllable) in
// natural log (always <= 0; 0 would mean "certain").
struct ChannelCandidate {
  std::string syllable;
  float log_prob = 0;
};

// The first line of every channel model file:
//   "sohoa-error-channel<TAB><format version><TAB><sha256 hex of the rest>".
inline constexpr std::string_view kChannelMagic = "sohoa-error-channel";
inline constexpr int kChannelFormatVersion = 1;

class ErrorChannel {
 public:
  // Candidates scoring below this are not returned by default (about e^-25).
  static constexpr float kDefaultMinLogProb = -25.0f;
  // Candidates further than this (natural log) below the best are not
  // searched for. 8 loses < 0.1% top-20 recall on eng-OCR garble; fresh vie
  // OCR, whose rare slips cost more, wants about 14 (see channel_CARD.md).
  static constexpr float kDefaultBeam = 8.0f;
  // Observed tokens longer than this many code points get no candidates.
  static constexpr int kMaxTokenLength = 16;

  // Reads a model file written by ChannelTrainer::Serialize (format in
  // channel_trainer.h). Fails with NotFound/PermissionDenied when the file
  // cannot be read, FailedPrecondition when it is not a channel model or of
  // another format version, DataLoss when its checksum does not match, and
  // InvalidArgument for a malformed line; every message names the file.
  static StatusOr<ErrorChannel> Load(const std::string& path);
  // The same from bytes in memory; `name` is used in error messages.
  static StatusOr<ErrorChannel> FromBytes(std::string_view data, const std::string& name);

  ErrorChannel(ErrorChannel&&) noexcept;
  ErrorChannel& operator=(ErrorChannel&&) noexcept;
  ~ErrorChannel();

  // Indexes the vocabulary: the accented lowercase syllables the language
  // model knows (any tone placement; they are matched as written, so use the
  // same placement as the decoder). Replaces any previous vocabulary and
  // clears the cache. Not thread-safe: call it before sharing the channel.
  void SetVocabulary(const std::vector<std::string>& syllables);

  // Candidate syllables that the observed token (one word as it appears in
  // the text, any case, possibly garbled: "ciia", "HQI", "huyé¢n", "s6")
  // may stand for, best first, with log P(observed | syllable). Returns at
  // most `max_candidates`, only those with log_prob >= `min_log_prob` and
  // log_prob >= (best candidate's log_prob - `beam`). A wider beam or a
  // lower floor finds more unlikely candidates and costs more time.
  //
  // The case of the observed token selects the case the printed syllable is
  // assumed to have had: all caps ("HQI", "CHiJ": most letters upper),
  // capitalised ("Pong") or lowercase. The returned syllables are always the
  // vocabulary's lowercase forms; putting the case back is the caller's job.
  //
  // The observed token should carry no surrounding punctuation or spaces.
  // An empty token, one longer than kMaxTokenLength code points, or an empty
  // vocabulary gives an empty result. Results are cached per token, so
  // repeated tokens cost a hash lookup (the cache is emptied when it reaches
  // 262,144 entries).
  std::vector<ChannelCandidate> Candidates(std::string_view observed, int max_candidates,
                                           float min_log_prob = kDefaultMinLogProb,
                                           float beam = kDefaultBeam) const;

  // log P(observed | syllable) for one pair, or -infinity when no path
  // explains it (at most one edit outside the learned rules is allowed). The syllable need not be in the
  // vocabulary. For evaluation and tests; slower than Candidates.
  float LogProb(std::string_view observed, std::string_view syllable) const;

  // Number of edit rules (identity copies included) and vocabulary entries.
  size_t rule_count() const;
  size_t vocabulary_size() const;

 private:
  struct Cache;
  ErrorChannel();

  std::unique_ptr<channel_internal::ChannelRules> rules_;
  std::unique_ptr<channel_internal::VocabularyTrie> trie_;
  std::unique_ptr<Cache> cache_;
};

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_RESTORE_CHANNEL_ERROR_CHANNEL_H_
