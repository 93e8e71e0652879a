// Small text helpers shared by the channel's trainer and reader (internal).
#ifndef SOHOA_PIPELINE_RESTORE_CHANNEL_CHANNEL_TEXT_H_
#define SOHOA_PIPELINE_RESTORE_CHANNEL_CHANNEL_TEXT_H_

#include <string>
#include <string_view>

#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"

namespace sohoa::channel_text {

inline std::u32string ToU32(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) out.push_back(DecodeUtf8(text, &pos));
  return out;
}

inline std::string ToUtf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size() * 2);
  for (char32_t c : text) AppendUtf8(c, &out);
  return out;
}

// Lower/upper case of a Latin or Vietnamese letter; other code points as-is.
inline char32_t SetCase(char32_t c, bool upper) {
  vi::LetterParts parts;
  if (!vi::Decompose(c, &parts) || parts.upper == upper) return c;
  char32_t cased = vi::Compose(parts.base, parts.tone, upper);
  return cased == 0 ? c : cased;
}

inline bool IsUpper(char32_t c) {
  vi::LetterParts parts;
  return vi::Decompose(c, &parts) ? parts.upper : (c >= 'A' && c <= 'Z');
}

}  // namespace sohoa::channel_text

#endif  // SOHOA_PIPELINE_RESTORE_CHANNEL_CHANNEL_TEXT_H_
