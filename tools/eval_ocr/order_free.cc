#include "tools/eval_ocr/order_free.h"

#include <algorithm>
#include <map>

#include "pipeline/base/utf8.h"
#include "pipeline/normalize/normalizer.h"
#include "tools/eval_ocr/cer.h"

namespace sohoa {
namespace {

bool IsPunctuation(char32_t c) {
  switch (c) {
    case '.':
    case ',':
    case ';':
    case ':':
    case '!':
    case '?':
    case '(':
    case ')':
    case '[':
    case ']':
    case '"':
    case '\'':
    case 0x201C:
    case 0x201D:
    case 0x2018:
    case 0x2019:
    case 0x2026:
    case '*':
      return true;
    default:
      return false;
  }
}

bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string Prepared(std::string_view text, const Normalizer* normalizer) {
  return normalizer != nullptr ? normalizer->Normalize(text) : std::string(text);
}

std::string StripPunctuation(const std::u32string& word) {
  size_t begin = 0, end = word.size();
  while (begin < end && IsPunctuation(word[begin])) ++begin;
  while (end > begin && IsPunctuation(word[end - 1])) --end;
  std::string out;
  for (size_t i = begin; i < end; ++i) AppendUtf8(word[i], &out);
  return out;
}

std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of("\n\f", start);
    if (end == std::string_view::npos) end = text.size();
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// Length of the longest strictly increasing subsequence.
int64_t LongestIncreasing(const std::vector<int>& values) {
  std::vector<int> tails;
  for (int v : values) {
    auto it = std::lower_bound(tails.begin(), tails.end(), v);
    if (it == tails.end()) {
      tails.push_back(v);
    } else {
      *it = v;
    }
  }
  return static_cast<int64_t>(tails.size());
}

}  // namespace

std::vector<std::string> BagWords(std::string_view text, const Normalizer* normalizer) {
  const std::string prepared = Prepared(text, normalizer);
  std::vector<std::string> words;
  std::u32string word;
  auto flush = [&] {
    if (!word.empty()) {
      std::string w = StripPunctuation(word);
      if (!w.empty()) words.push_back(std::move(w));
    }
    word.clear();
  };
  for (size_t pos = 0; pos < prepared.size();) {
    const char32_t c = DecodeUtf8(prepared, &pos);
    if (IsSpace(c)) {
      flush();
    } else {
      word.push_back(c);
    }
  }
  flush();
  return words;
}

WordCount CountWords(std::string_view text, std::string_view truth, const Normalizer* normalizer) {
  std::map<std::string, int64_t> available;
  WordCount count;
  for (std::string& w : BagWords(text, normalizer)) {
    ++available[std::move(w)];
    ++count.text_words;
  }
  for (const std::string& w : BagWords(truth, normalizer)) {
    ++count.truth_words;
    auto it = available.find(w);
    if (it != available.end() && it->second > 0) {
      --it->second;
      ++count.matched;
    }
  }
  return count;
}

LineOrder CountLineOrder(std::string_view text, std::string_view truth,
                         const Normalizer* normalizer) {
  std::vector<std::vector<char32_t>> text_lines;
  for (const std::string& line : Lines(Prepared(text, normalizer))) {
    std::vector<char32_t> units = CerUnits(line, nullptr);
    if (!units.empty()) text_lines.push_back(std::move(units));
  }
  LineOrder order;
  std::vector<int> positions;
  for (const std::string& line : Lines(Prepared(truth, normalizer))) {
    if (static_cast<int>(BagWords(line, nullptr).size()) < kMinOrderWords) continue;
    ++order.truth_lines;
    const std::vector<char32_t> units = CerUnits(line, nullptr);
    int best = -1;
    int64_t best_distance = static_cast<int64_t>(kMaxLineDistance * units.size());
    for (size_t i = 0; i < text_lines.size(); ++i) {
      const int64_t length_gap =
          std::abs(static_cast<int64_t>(text_lines[i].size()) - static_cast<int64_t>(units.size()));
      if (length_gap > best_distance) continue;  // cannot be closer
      const int64_t d = EditDistance(text_lines[i], units);
      if (d <= best_distance) {
        best_distance = d;
        best = static_cast<int>(i);
      }
    }
    if (best >= 0) positions.push_back(best);
  }
  order.matched = static_cast<int64_t>(positions.size());
  order.in_order = LongestIncreasing(positions);
  return order;
}

}  // namespace sohoa
