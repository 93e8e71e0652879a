// The folded shadow of a text, which extraction rules match against.
//
// Rules are written once, in plain lowercase ASCII, and must fire on clean
// text, restored text and raw OCR garble alike. The shadow gets there by
//   1. folding each code point: lowercase, every Vietnamese diacritic removed
//      ("Ấ" -> "a", "Đ" -> "d"), typographic dashes, quotes and spaces made
//      ASCII, anything else non-ASCII made '~' (superscript digits become '^'
//      so a footnote mark never joins a number);
//   2. mending digits inside numbers ("l9" -> "19", "2O22" -> "2022");
//   3. replacing whole tokens an OCR engine confuses ("s6", "sb", "sd" ->
//      "so"), from a table the rule files supply.
// Each shadow byte remembers where its source code point starts, so any span
// of the shadow maps back to an exact byte span of the original.
//
// A FoldedText is immutable after construction and safe to share.
#ifndef SOHOA_PIPELINE_EXTRACT_FOLDED_TEXT_H_
#define SOHOA_PIPELINE_EXTRACT_FOLDED_TEXT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sohoa {

// Hashes std::string and std::string_view alike, so lookups need no copy.
struct StringViewHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Whole-token replacements applied to the folded text: "s6" -> "so".
// Keys and values are lowercase ASCII; values are never empty.
using ConfusionTable =
    std::unordered_map<std::string, std::string, StringViewHash, std::equal_to<>>;

class FoldedText {
 public:
  // `original` must outlive nothing: the FoldedText keeps no reference.
  FoldedText(std::string_view original, const ConfusionTable& confusions);

  const std::string& shadow() const { return shadow_; }

  // The original byte offset where shadow byte `offset` came from; the
  // original's size for offset == shadow().size(). Monotonic.
  size_t ToOriginal(size_t shadow_offset) const;

 private:
  void FoldCodePoints(std::string_view original);
  void MendDigits();
  void ReplaceTokens(const ConfusionTable& confusions);

  std::string shadow_;
  std::vector<uint32_t> origin_;  // size shadow_.size() + 1
};

// The shadow alone, for rule examples and canonical-table keys.
std::string FoldForMatch(std::string_view text, const ConfusionTable& confusions);

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_EXTRACT_FOLDED_TEXT_H_
