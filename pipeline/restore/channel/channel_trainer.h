// ChannelTrainer: learns the weighted edits of an ErrorChannel from aligned
// (observed, clean) token pairs, e.g. ("ciia", "của"), ("HQI", "HỘI").
//
// Each pair is aligned character by character (weighted Levenshtein: a
// change of marks on the same letter is cheaper than a change of letter).
// Every edit that is not a plain copy, widened with up to two neighbouring
// aligned characters (both sides at most three code points), is counted as a
// rule "clean -> observed" (Brill & Moore 2000). Then
//
//     P(observed | clean) = (count(clean -> observed) - discount) / count(clean)
//
// where count(clean) counts every occurrence of the clean substring in the
// training syllables, and copies get P(c | c) = count(c copied) / count(c).
// Rules seen fewer than `min_rule_count` times are dropped; the mass of
// edits seen once sets the probability of an unknown edit.
//
// Model file format (version 1), UTF-8 text, one record per line, fields
// separated by TAB:
//   sohoa-error-channel  1  <sha256 hex of all bytes after this first line>
//   # free text (comments: how and from what it was trained)
//   P  <name>  <value>          parameters: unknown_substitution,
//                               unknown_deletion, unknown_insertion,
//                               default_identity (natural log probabilities)
//   I  <char>  <log prob>       copy of one character
//   R  <clean>  <observed>  <log prob>   a rewrite; <observed> may be empty
// Case is significant on both sides: "Ộ" -> "Q" and "ộ" -> "6" are
// separate rules.
//
// Not thread-safe; use one trainer per thread.
#ifndef SOHOA_PIPELINE_RESTORE_CHANNEL_CHANNEL_TRAINER_H_
#define SOHOA_PIPELINE_RESTORE_CHANNEL_CHANNEL_TRAINER_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sohoa {

class ChannelTrainer {
 public:
  struct Options {
    int min_rule_count = 2;      // rarer rewrites are dropped
    double discount = 0.5;       // absolute discount on each rewrite count
    double min_probability = 1e-5;  // rewrites less likely than this are dropped
  };

  ChannelTrainer() : ChannelTrainer(Options()) {}
  explicit ChannelTrainer(Options options) : options_(options) {}

  // Adds one aligned token pair. The clean side is normalised (NFC letters,
  // "Ð" -> "Đ", classic tone placement) and must be one well-formed
  // Vietnamese syllable; the observed side must be non-empty valid UTF-8 of
  // at most 16 code points without spaces. Returns false and ignores the
  // pair otherwise.
  bool AddPair(std::string_view observed, std::string_view clean);

  // The model file (format above). `description` becomes comment lines.
  std::string Serialize(std::string_view description) const;

  int64_t pairs_used() const { return pairs_used_; }
  int64_t pairs_rejected() const { return pairs_rejected_; }

 private:
  // One alignment step: a clean and an observed piece of 0 or 1 code point.
  struct Step {
    std::u32string clean, observed;
    bool copy() const { return clean == observed; }
  };
  static std::vector<Step> Align(const std::u32string& observed, const std::u32string& clean);
  void CountRules(const std::vector<Step>& steps);
  void CountContexts(const std::u32string& clean);

  Options options_;
  std::map<std::pair<std::u32string, std::u32string>, int64_t> rule_counts_;
  std::map<std::u32string, int64_t> context_counts_;  // clean substrings, length 1..3
  std::map<char32_t, int64_t> copy_counts_;
  int64_t pairs_used_ = 0;
  int64_t pairs_rejected_ = 0;
};

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_RESTORE_CHANNEL_CHANNEL_TRAINER_H_
