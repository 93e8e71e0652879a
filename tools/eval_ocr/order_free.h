// Measures of OCR text that do not depend on reading order, and one that
// measures only the order: so recognition and layout can be judged apart.
// CER (cer.h) mixes both: a header read with its two blocks' lines
// interleaved costs as many edits as misread letters.
#ifndef SOHOA_TOOLS_EVAL_OCR_ORDER_FREE_H_
#define SOHOA_TOOLS_EVAL_OCR_ORDER_FREE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sohoa {

class Normalizer;

// Words: whitespace-separated tokens after the Normalizer (may be null), with
// punctuation at either end stripped ("(ĐVHC);" -> "ĐVHC"); tokens that are
// only punctuation are dropped. Case and diacritics count.
std::vector<std::string> BagWords(std::string_view text, const Normalizer* normalizer);

struct WordCount {
  int64_t matched = 0;  // truth words found in the text (as a multiset)
  int64_t truth_words = 0;
  int64_t text_words = 0;
  double recall() const { return truth_words > 0 ? static_cast<double>(matched) / truth_words : 0; }
  double precision() const {
    return text_words > 0 ? static_cast<double>(matched) / text_words : 0;
  }
};
WordCount CountWords(std::string_view text, std::string_view truth, const Normalizer* normalizer);

// Line order. Each truth line of at least kMinOrderWords words is matched to
// the text line closest to it (character edit distance at most
// kMaxLineDistance of the truth line's length); of the matched lines, those
// in the longest run that keeps truth order are in order.
inline constexpr int kMinOrderWords = 3;
inline constexpr double kMaxLineDistance = 0.35;
struct LineOrder {
  int64_t truth_lines = 0;  // lines of at least kMinOrderWords words
  int64_t matched = 0;      // found in the text
  int64_t in_order = 0;     // of the matched, in the longest increasing run
  double share() const { return matched > 0 ? static_cast<double>(in_order) / matched : 0; }
};
LineOrder CountLineOrder(std::string_view text, std::string_view truth,
                         const Normalizer* normalizer);

}  // namespace sohoa

#endif  // SOHOA_TOOLS_EVAL_OCR_ORDER_FREE_H_
