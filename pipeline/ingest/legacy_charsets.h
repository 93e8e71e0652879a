// The character sets Vietnamese text was saved in before Unicode, and the
// wrong code pages it was read through: conversion both ways, one charset at
// a time. Deciding which one a text is in is text_encoding.h's job.
//
// TCVN3, VISCII and Windows-1258 come from glibc's iconv tables
// (TCVN5712-1, VISCII, CP1258), read once into byte tables; VNI-Windows,
// which no library has, from pipeline/ingest/data/vni_windows.tsv (built into
// the binary); VIQR (RFC 1456) is rules in viqr.cc. Decoded text is UTF-8
// with Vietnamese letters precomposed: a base letter followed by a combining
// tone mark (Windows-1258, TCVN3's marks) is composed. TCVN3 capitals set in
// the .VnTimeH fonts (lowercase codes drawn as capitals) come back capitals.
//
// Internal to ingest. Every function is pure and thread-safe.
#ifndef SOHOA_PIPELINE_INGEST_LEGACY_CHARSETS_H_
#define SOHOA_PIPELINE_INGEST_LEGACY_CHARSETS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "pipeline/base/status.h"
#include "pipeline/base/utf8.h"
#include "pipeline/ingest/text_encoding.h"

namespace sohoa::legacy {

// Decodes `bytes` in `charset` to UTF-8. Bytes that mean nothing in it
// (a broken UTF-8 or UTF-16 sequence, a byte with no character) become
// U+FFFD, counted in `*invalid` when it is not null. A UTF-16/32 byte-order
// mark is skipped, never decoded.
std::string Decode(std::string_view bytes, Charset charset, size_t* invalid = nullptr);

// Encodes UTF-8 text in `charset`, as a legacy program would have saved it
// (tests and benchmarks make their legacy files with it). Fails naming the
// first character the charset cannot hold.
StatusOr<std::string> Encode(std::string_view utf8, Charset charset);

// A misread undone: the bytes that Unicode text was read from when the
// program took them for Windows-1252 or Latin-1 (C1 controls stand for the
// bytes 0x80-0x9F that Windows-1252 leaves undefined or that Latin-1 reads as
// controls). Returns nothing when a character is outside both code pages.
std::optional<std::string> UnreadWestern(std::string_view utf8);

// The misread itself: `bytes` read as Windows-1252 (the five undefined bytes
// as C1 controls, as Windows does) or Latin-1, as UTF-8.
std::string ReadWestern(std::string_view bytes, Misread misread);

// UTF-8 read as Windows-1252 shows the byte 0xA0 as a no-break space, which
// editors and copies often turn into a plain space ("ngÃ y" for "ngày"): puts
// 0xA0 back where a space stands inside an otherwise valid UTF-8 sequence.
std::string RestoreLostNoBreakSpaces(std::string_view bytes);

// Which misread Unicode text shows: Windows-1252 when it holds a character
// only Windows-1252 has (“ ” ‘ ’ – — … € ...), Latin-1 when it holds C1
// controls and none of those, Windows-1252 otherwise (the two read every
// byte from 0xA0 up the same way, so then the text cannot tell).
Misread MisreadShown(std::string_view utf8);

// True when byte `b` (below 0x20) is a capital letter in TCVN3 or VISCII
// rather than a control character, so a text with it may still be text.
bool IsLegacyLetterControl(unsigned char b);

// UTF-8 for the hot loops of detection, which mostly meet ASCII: DecodeUtf8
// (pipeline/base/utf8.h) with ASCII, two- and three-byte sequences taken inline, and UTF-32 text encoded
// as AppendUtf8 would, into a string sized once.
inline char32_t NextChar(std::string_view utf8, size_t* pos) {
  const auto b = static_cast<unsigned char>(utf8[*pos]);
  if (b < 0x80) {
    ++*pos;
    return b;
  }
  if (b >= 0xC2 && b < 0xE0 && *pos + 1 < utf8.size() &&
      (static_cast<unsigned char>(utf8[*pos + 1]) & 0xC0) == 0x80) {
    const char32_t c = (b & 0x1F) << 6 | (static_cast<unsigned char>(utf8[*pos + 1]) & 0x3F);
    *pos += 2;
    return c;
  }
  if (b >= 0xE0 && b < 0xF0 && *pos + 2 < utf8.size()) {
    const auto b1 = static_cast<unsigned char>(utf8[*pos + 1]);
    const auto b2 = static_cast<unsigned char>(utf8[*pos + 2]);
    const char32_t c = (b & 0x0F) << 12 | (b1 & 0x3F) << 6 | (b2 & 0x3F);
    if ((b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80 && c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
      *pos += 3;
      return c;
    }
  }
  return DecodeUtf8(utf8, pos);
}
std::string ToUtf8(std::u32string_view text);
// Writes `c` at `out` as AppendUtf8 would (U+FFFD for what UTF-8 cannot
// hold); returns the end of what it wrote, at most four bytes.
inline char* PutUtf8(char32_t c, char* out) {
  if (c < 0x80) {
    *out++ = static_cast<char>(c);
    return out;
  }
  if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = kReplacementChar;
  if (c < 0x800) {
    *out++ = static_cast<char>(0xC0 | (c >> 6));
  } else if (c < 0x10000) {
    *out++ = static_cast<char>(0xE0 | (c >> 12));
    *out++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  } else {
    *out++ = static_cast<char>(0xF0 | (c >> 18));
    *out++ = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    *out++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  }
  *out++ = static_cast<char>(0x80 | (c & 0x3F));
  return out;
}

// VIQR (viqr.cc). Decode applies VIQR's marks after vowels ("Ke^'" -> "Kế",
// "dd" -> "đ", "\." a literal "."), telling marks from punctuation: a second
// tone on one syllable is punctuation; in text where a fifth of the words or
// more carry an unmistakable mark, every other mark after a vowel is one (its
// writer escaped literal ones); elsewhere a "." or "?" ending a word is
// punctuation unless the sentence goes on after it in lowercase. `*marked` counts the words
// that got a mark and `*strong` those whose mark cannot be punctuation (^ ( +
// ` ~ or a mark followed by letters).
struct ViqrStats {
  int words = 0;
  int marked = 0;
  int strong = 0;
};
std::string DecodeViqr(std::string_view ascii, ViqrStats* stats = nullptr);
// Writes UTF-8 Vietnamese as VIQR, escaping with "\" a literal mark
// character that would otherwise read as a mark.
std::string EncodeViqr(std::string_view utf8);

}  // namespace sohoa::legacy

#endif  // SOHOA_PIPELINE_INGEST_LEGACY_CHARSETS_H_
