// UTF-8 decoding and encoding. Text inside sohoa is UTF-8 in NFC; byte
// offsets are the unit of every span, so decoding reports where each code
// point starts and how long it is.
#ifndef SOHOA_PIPELINE_BASE_UTF8_H_
#define SOHOA_PIPELINE_BASE_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace sohoa {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// Decodes the code point starting at text[*pos] and advances *pos past it.
// Malformed or truncated sequences decode as U+FFFD and advance one byte, so
// a loop over any byte string terminates and never reads out of bounds.
char32_t DecodeUtf8(std::string_view text, size_t* pos);

// Appends the UTF-8 encoding of `c` (U+FFFD for surrogates or > U+10FFFF).
void AppendUtf8(char32_t c, std::string* out);

// Returns true when `text` is well-formed UTF-8.
bool IsValidUtf8(std::string_view text);

// Returns true when some byte of `text` is outside ASCII (for Vietnamese, a
// letter written with a diacritic).
bool HasNonAscii(std::string_view text);

// Replaces malformed sequences with U+FFFD, so later stages see valid UTF-8.
std::string SanitizeUtf8(std::string_view text);

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_BASE_UTF8_H_
