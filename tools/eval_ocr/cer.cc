#include "tools/eval_ocr/cer.h"

#include <algorithm>

#include "pipeline/base/utf8.h"
#include "pipeline/normalize/normalizer.h"

namespace sohoa {
namespace {

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
         c == 0xA0;
}

}  // namespace

std::vector<char32_t> CerUnits(std::string_view text, const Normalizer* normalizer) {
  std::string normalized;
  if (normalizer != nullptr) {
    normalized = normalizer->Normalize(text);
    text = normalized;
  }
  std::vector<char32_t> units;
  bool pending_space = false;
  for (size_t pos = 0; pos < text.size();) {
    const char32_t c = DecodeUtf8(text, &pos);
    if (IsSpace(c)) {
      pending_space = !units.empty();
      continue;
    }
    if (pending_space) units.push_back(' ');
    pending_space = false;
    units.push_back(c);
  }
  return units;
}

int64_t EditDistance(const std::vector<char32_t>& a, const std::vector<char32_t>& b) {
  std::vector<int64_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int64_t>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int64_t diagonal = row[0];
    row[0] = static_cast<int64_t>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int64_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({substitute, row[j] + 1, row[j - 1] + 1});
    }
  }
  return row[b.size()];
}

CerCount CountCer(std::string_view text, std::string_view truth, const Normalizer* normalizer) {
  const std::vector<char32_t> hyp = CerUnits(text, normalizer);
  const std::vector<char32_t> ref = CerUnits(truth, normalizer);
  return CerCount{EditDistance(hyp, ref), static_cast<int64_t>(ref.size())};
}

}  // namespace sohoa
