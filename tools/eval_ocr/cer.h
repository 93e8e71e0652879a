// Character error rate, as sohoa reports OCR quality: Levenshtein distance on
// code points between a text and its truth, after both are put in NFC
// (sohoa's Normalizer) and every whitespace run becomes one space.
#ifndef SOHOA_TOOLS_EVAL_OCR_CER_H_
#define SOHOA_TOOLS_EVAL_OCR_CER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sohoa {

class Normalizer;

// Code points of `text` with whitespace runs collapsed to one space and the
// ends trimmed. `normalizer` (may be null) is applied first.
std::vector<char32_t> CerUnits(std::string_view text, const Normalizer* normalizer);

// Levenshtein distance (unit costs) between two code-point sequences.
int64_t EditDistance(const std::vector<char32_t>& a, const std::vector<char32_t>& b);

struct CerCount {
  int64_t edits = 0;
  int64_t truth_chars = 0;
  double rate() const { return truth_chars > 0 ? static_cast<double>(edits) / truth_chars : 0; }
};

CerCount CountCer(std::string_view text, std::string_view truth, const Normalizer* normalizer);

}  // namespace sohoa

#endif  // SOHOA_TOOLS_EVAL_OCR_CER_H_
