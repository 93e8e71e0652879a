// Byte-level conversions for the legacy charsets. iconv is asked once per
// charset for what each byte means; decoding is then a table lookup plus
// composing combining tone marks, so detection can afford to decode a page
// several ways.
#include "pipeline/ingest/legacy_charsets.h"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>
#include <unordered_map>
#include <vector>

#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"

namespace sohoa::legacy {

extern const char kVniWindowsTsv[];  // data/vni_windows.tsv, embedded by CMake

namespace {

using ByteTable = std::array<char32_t, 256>;  // 0: no character

// The iconv name of each charset it has.
const char* IconvName(Charset charset) {
  switch (charset) {
    case Charset::kTcvn3:
      return "TCVN5712-1";
    case Charset::kViscii:
      return "VISCII";
    case Charset::kCp1258:
      return "CP1258";
    default:
      return nullptr;
  }
}

// Runs iconv over all of `in`; false on any error.
bool IconvAll(const char* from, const char* to, std::string_view in, std::string* out) {
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  std::string buffer(in.size() * 4 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  char* dst = buffer.data();
  size_t dst_left = buffer.size();
  bool ok = iconv(cd, &src, &src_left, &dst, &dst_left) != static_cast<size_t>(-1) &&
            iconv(cd, nullptr, nullptr, &dst, &dst_left) != static_cast<size_t>(-1);
  iconv_close(cd);
  buffer.resize(buffer.size() - dst_left);
  *out = std::move(buffer);
  return ok;
}

ByteTable MakeIconvTable(const char* name) {
  ByteTable table{};
  for (int b = 0; b < 256; ++b) {
    const char byte = static_cast<char>(b);
    std::string utf8;
    if (!IconvAll(name, "UTF-8", std::string_view(&byte, 1), &utf8) || utf8.empty()) continue;
    size_t pos = 0;
    const char32_t c = DecodeUtf8(utf8, &pos);
    if (pos == utf8.size()) table[b] = c;
  }
  return table;
}

// Windows-1252, with its five undefined bytes read as C1 controls.
ByteTable MakeCp1252Table() {
  ByteTable table = MakeIconvTable("CP1252");
  for (int b = 0x80; b < 0xA0; ++b) {
    if (table[b] == 0) table[b] = static_cast<char32_t>(b);
  }
  return table;
}

const ByteTable& TableOf(Charset charset) {
  static const ByteTable tcvn3 = MakeIconvTable(IconvName(Charset::kTcvn3));
  static const ByteTable viscii = MakeIconvTable(IconvName(Charset::kViscii));
  static const ByteTable cp1258 = MakeIconvTable(IconvName(Charset::kCp1258));
  switch (charset) {
    case Charset::kTcvn3:
      return tcvn3;
    case Charset::kViscii:
      return viscii;
    default:
      return cp1258;
  }
}

const ByteTable& Cp1252Table() {
  static const ByteTable table = MakeCp1252Table();
  return table;
}

// Unicode -> byte for Windows-1252 and Latin-1 at once (they agree from 0xA0).
const std::unordered_map<char32_t, char>& WesternBytes() {
  static const auto* map = [] {
    auto* m = new std::unordered_map<char32_t, char>();
    const ByteTable& cp1252 = Cp1252Table();
    for (int b = 0x80; b < 0x100; ++b) {
      (*m)[static_cast<char32_t>(b)] = static_cast<char>(b);  // Latin-1
      (*m)[cp1252[b]] = static_cast<char>(b);
    }
    return m;
  }();
  return *map;
}

// WesternBytes() for the characters below kWesternTableEnd (all of
// Windows-1252's), by character; -1 for none.
constexpr char32_t kWesternTableEnd = 0x2200;
const std::vector<int16_t>& WesternByteTable() {
  static const auto* table = [] {
    auto* t = new std::vector<int16_t>(kWesternTableEnd, -1);
    for (const auto& [c, b] : WesternBytes()) {
      if (c < kWesternTableEnd) (*t)[c] = static_cast<unsigned char>(b);
    }
    return t;
  }();
  return *table;
}

// The tone a combining mark puts on the letter before it.
std::optional<vi::Tone> CombiningTone(char32_t c) {
  switch (c) {
    case 0x0300:
    case 0x0340:
      return vi::Tone::kGrave;
    case 0x0301:
    case 0x0341:
      return vi::Tone::kAcute;
    case 0x0303:
      return vi::Tone::kTilde;
    case 0x0309:
      return vi::Tone::kHook;
    case 0x0323:
      return vi::Tone::kDot;
    default:
      return std::nullopt;
  }
}

// Composes `*letter` with the combining mark `c` when `c` is a tone mark the
// letter can take; false (nothing changed) otherwise.
bool ComposeWith(char32_t c, char32_t* letter) {
  auto tone = CombiningTone(c);
  if (!tone) return false;
  vi::LetterParts parts;
  if (!vi::Decompose(*letter, &parts) || parts.tone != vi::Tone::kNone) return false;
  const char32_t composed = vi::Compose(parts.base, *tone, parts.upper);
  if (composed == 0) return false;
  *letter = composed;
  return true;
}

// Decodes straight to UTF-8, composing a combining tone mark with the
// character before it (rewritten in place).
std::string DecodeTable(std::string_view bytes, const ByteTable& table, size_t* invalid) {
  std::string out(4 * bytes.size(), '\0');
  char* const begin = out.data();
  char* p = begin;
  char* last = nullptr;  // where the last character starts
  char32_t last_char = 0;
  for (unsigned char b : bytes) {
    char32_t c = table[b];
    if (c < 0x80 && (c != 0 || b == 0)) {  // no mark: written as it is
      last = p;
      last_char = c;
      *p++ = static_cast<char>(c);
      continue;
    }
    if (c == 0 && b != 0) {
      c = kReplacementChar;
      ++*invalid;
    }
    if (c >= 0x300 && last != nullptr && ComposeWith(c, &last_char)) {
      p = PutUtf8(last_char, last);
      continue;
    }
    last = p;
    last_char = c;
    p = PutUtf8(c, p);
  }
  out.resize(p - begin);
  return out;
}

// TCVN3 documents set capitals in a second font (.VnTimeH) that draws the
// lowercase codes as capitals, so "TỈNH" is saved as "TØNH" and reads "TỉNH".
// A word of two or more ASCII capitals, no ASCII lowercase and lowercase
// accented letters is such a word; on a line with one and no ASCII lowercase
// at all, so is every word ("X·" is "XÃ" beside "HéI"). Lines without one
// stay as read: "Số: 12/QĐ" and "Bộ GD&ĐT" are right.
bool IsAsciiUpper(char32_t c) { return c >= 'A' && c <= 'Z'; }
bool IsAsciiLower(char32_t c) { return c >= 'a' && c <= 'z'; }
bool IsLowerAccented(char32_t c) {
  vi::LetterParts parts;
  return c >= 0x80 && vi::Decompose(c, &parts) && !parts.upper;
}

struct Span {
  size_t begin, end;
};

std::vector<Span> Words(const std::u32string& text, Span line) {
  std::vector<Span> words;
  size_t start = line.begin;
  for (size_t i = line.begin; i <= line.end; ++i) {
    if (i < line.end && text[i] != ' ' && text[i] != '\t') continue;
    if (i > start) words.push_back({start, i});
    start = i + 1;
  }
  return words;
}

void RestoreVn3CapitalsInLine(std::u32string* text, Span line) {
  const std::vector<Span> words = Words(*text, line);
  auto count = [&](Span w, bool (*pred)(char32_t)) {
    return std::count_if(text->begin() + w.begin, text->begin() + w.end, pred);
  };
  const bool heading = std::any_of(words.begin(), words.end(), [&](Span w) {
    return count(w, IsAsciiUpper) >= 2 && count(w, IsAsciiLower) == 0 &&
           count(w, IsLowerAccented) > 0;
  });
  if (!heading) return;
  const bool all_capitals =
      std::none_of(words.begin(), words.end(), [&](Span w) { return count(w, IsAsciiLower) > 0; });
  for (Span w : words) {
    const auto uppers = count(w, IsAsciiUpper);
    if (uppers == 0 || count(w, IsAsciiLower) > 0 || (uppers == 1 && !all_capitals)) continue;
    for (size_t i = w.begin; i < w.end; ++i) {
      vi::LetterParts parts;
      if (IsLowerAccented((*text)[i]) && vi::Decompose((*text)[i], &parts)) {
        if (char32_t upper = vi::Compose(parts.base, parts.tone, true)) (*text)[i] = upper;
      }
    }
  }
}

// What a byte of UTF-8 text is to the search for heading words.
enum class Vn3Byte : uint8_t { kOther, kUpper, kLower, kSpace, kLineEnd };
constexpr std::array<Vn3Byte, 256> kVn3Bytes = [] {
  std::array<Vn3Byte, 256> t{};
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = Vn3Byte::kUpper;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = Vn3Byte::kLower;
  t[' '] = t['\t'] = Vn3Byte::kSpace;
  t['\n'] = t['\f'] = Vn3Byte::kLineEnd;
  return t;
}();

bool HasLowerAccented(std::string_view word) {
  for (size_t pos = 0; pos < word.size();) {
    if (IsLowerAccented(NextChar(word, &pos))) return true;
  }
  return false;
}

// RestoreVn3CapitalsInLine on each line of UTF-8 text (lines end at "\n"
// and "\f"). In one pass over the bytes (those of a UTF-8 sequence are never
// ASCII), only lines with a heading word are widened to UTF-32 and redone.
void RestoreVn3Capitals(std::string* text) {
  const std::string_view t = *text;
  std::string out;
  size_t copied = 0;  // text before this is in `out`
  bool changed = false;
  size_t line = 0, word = 0;
  int uppers = 0;
  bool lower = false, heading = false;
  const char* const data = t.data();
  for (size_t pos = 0; pos <= t.size(); ++pos) {
    Vn3Byte kind = Vn3Byte::kLineEnd;
    for (; pos < t.size(); ++pos) {
      kind = kVn3Bytes[static_cast<unsigned char>(data[pos])];
      if (kind == Vn3Byte::kUpper) {
        ++uppers;
      } else if (kind == Vn3Byte::kLower) {
        lower = true;
      } else if (kind != Vn3Byte::kOther) {
        break;
      }
    }
    if (pos == t.size()) kind = Vn3Byte::kLineEnd;
    heading = heading ||
              (uppers >= 2 && !lower && HasLowerAccented(t.substr(word, pos - word)));
    word = pos + 1;
    uppers = 0;
    lower = false;
    if (kind != Vn3Byte::kLineEnd) continue;
    if (heading) {
      const std::string_view text_line = t.substr(line, pos - line);
      std::u32string wide;
      wide.reserve(text_line.size());
      for (size_t at = 0; at < text_line.size();) wide.push_back(NextChar(text_line, &at));
      RestoreVn3CapitalsInLine(&wide, {0, wide.size()});
      if (!changed) out.reserve(t.size() + 16);  // capitals are as long as lowercase
      out.append(t.substr(copied, line - copied));
      out += ToUtf8(wide);
      copied = pos;
      changed = true;
    }
    line = pos + 1;
    heading = false;
  }
  if (!changed) return;
  out.append(t.substr(copied));
  *text = std::move(out);
}

// --- VNI-Windows ---

struct VniTables {
  // Two-byte letters by (base << 8 | mark), one-byte letters by byte.
  std::unordered_map<uint16_t, char32_t> pairs;
  std::array<bool, 256> second{};  // bytes that end a pair
  ByteTable singles{};
  std::unordered_map<char32_t, std::string> encode;
};

uint8_t HexByte(std::string_view hex) {
  return static_cast<uint8_t>(std::stoi(std::string(hex), nullptr, 16));
}

VniTables ParseVniTable() {
  VniTables t;
  std::string_view tsv = kVniWindowsTsv;
  while (!tsv.empty()) {
    size_t end = tsv.find('\n');
    std::string_view line = tsv.substr(0, end);
    tsv = end == std::string_view::npos ? std::string_view() : tsv.substr(end + 1);
    if (line.empty() || line[0] == '#') continue;
    size_t tab1 = line.find('\t'), tab2 = line.find('\t', tab1 + 1);
    size_t pos = 0;
    const char32_t letter = DecodeUtf8(line.substr(0, tab1), &pos);
    std::string_view hex = line.substr(tab1 + 1, tab2 - tab1 - 1);
    std::string bytes;
    for (size_t i = 0; i < hex.size(); i += 3) bytes.push_back(HexByte(hex.substr(i, 2)));
    if (bytes.size() == 1) {
      t.singles[static_cast<unsigned char>(bytes[0])] = letter;
    } else {
      t.pairs[static_cast<uint16_t>(static_cast<unsigned char>(bytes[0]) << 8 |
                                    static_cast<unsigned char>(bytes[1]))] = letter;
      t.second[static_cast<unsigned char>(bytes[1])] = true;
    }
    t.encode[letter] = bytes;
  }
  return t;
}

const VniTables& Vni() {
  static const VniTables tables = ParseVniTable();
  return tables;
}

// VNI bytes outside the table show as the Windows-1252 character, as a
// VNI font would draw that byte's glyph.
std::string DecodeVni(std::string_view bytes) {
  const VniTables& vni = Vni();
  const ByteTable& western = Cp1252Table();
  std::string out(4 * bytes.size(), '\0');
  char* p = out.data();
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (i + 1 < bytes.size() && vni.second[static_cast<unsigned char>(bytes[i + 1])]) {
      auto it =
          vni.pairs.find(static_cast<uint16_t>(b << 8 | static_cast<unsigned char>(bytes[i + 1])));
      if (it != vni.pairs.end()) {
        p = PutUtf8(it->second, p);
        ++i;
        continue;
      }
    }
    if (vni.singles[b] != 0) {
      p = PutUtf8(vni.singles[b], p);
    } else {
      p = PutUtf8(b < 0x80 ? static_cast<char32_t>(b) : western[b], p);
    }
  }
  out.resize(p - out.data());
  return out;
}

StatusOr<std::string> EncodeVni(std::string_view utf8) {
  const VniTables& vni = Vni();
  std::string out;
  for (size_t pos = 0; pos < utf8.size();) {
    const char32_t c = DecodeUtf8(utf8, &pos);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (auto it = vni.encode.find(c); it != vni.encode.end()) {
      out += it->second;
    } else {
      char hex[16];
      std::snprintf(hex, sizeof(hex), "U+%04X", static_cast<unsigned>(c));
      return InvalidArgumentError(std::string("VNI-Windows has no character ") + hex);
    }
  }
  return out;
}

// --- UTF-16 / UTF-32 ---

char32_t ReadUnit(std::string_view bytes, size_t at, int width, bool big_endian) {
  char32_t v = 0;
  for (int k = 0; k < width; ++k) {
    const auto byte = static_cast<unsigned char>(bytes[at + (big_endian ? k : width - 1 - k)]);
    v = v << 8 | byte;
  }
  return v;
}

std::string DecodeWide(std::string_view bytes, int width, bool big_endian, size_t* invalid) {
  std::string out;
  out.reserve(bytes.size());
  size_t at = 0;
  if (bytes.size() >= static_cast<size_t>(width) &&
      ReadUnit(bytes, 0, width, big_endian) == 0xFEFF) {
    at = width;
  }
  for (; at + width <= bytes.size(); at += width) {
    char32_t c = ReadUnit(bytes, at, width, big_endian);
    if (width == 2 && c >= 0xD800 && c < 0xDC00 && at + 4 <= bytes.size()) {
      const char32_t low = ReadUnit(bytes, at + 2, 2, big_endian);
      if (low >= 0xDC00 && low < 0xE000) {
        c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
        at += 2;
      }
    }
    if ((c >= 0xD800 && c < 0xE000) || c > 0x10FFFF) {
      c = kReplacementChar;
      ++*invalid;
    }
    AppendUtf8(c, &out);
  }
  if (at < bytes.size()) {  // a truncated last unit
    AppendUtf8(kReplacementChar, &out);
    ++*invalid;
  }
  return out;
}

std::string DecodeUtf8Lenient(std::string_view bytes, size_t* invalid) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  std::string out;
  out.reserve(bytes.size() + 16);
  for (size_t pos = 0; pos < bytes.size();) {
    const size_t start = pos;
    while (pos < bytes.size() && static_cast<unsigned char>(bytes[pos]) < 0x80) ++pos;
    out.append(bytes.substr(start, pos - start));
    if (pos == bytes.size()) break;
    // A sequence DecodeUtf8 accepts is the shortest form of its character:
    // copied as it is, it is what AppendUtf8 would write.
    const size_t sequence = pos;
    if (NextChar(bytes, &pos) == kReplacementChar &&
        bytes.substr(sequence, 3) != "\xEF\xBF\xBD") {
      ++*invalid;
      out.append("\xEF\xBF\xBD");
    } else {
      out.append(bytes.substr(sequence, pos - sequence));
    }
  }
  return out;
}

}  // namespace

std::string Decode(std::string_view bytes, Charset charset, size_t* invalid) {
  size_t ignored = 0;
  if (invalid == nullptr) invalid = &ignored;
  *invalid = 0;
  switch (charset) {
    case Charset::kUtf8:
      return DecodeUtf8Lenient(bytes, invalid);
    case Charset::kUtf16Le:
      return DecodeWide(bytes, 2, false, invalid);
    case Charset::kUtf16Be:
      return DecodeWide(bytes, 2, true, invalid);
    case Charset::kUtf32Le:
      return DecodeWide(bytes, 4, false, invalid);
    case Charset::kUtf32Be:
      return DecodeWide(bytes, 4, true, invalid);
    case Charset::kVni:
      return DecodeVni(bytes);
    case Charset::kViqr:
      return DecodeViqr(bytes);
    default:
      break;
  }
  std::string text = DecodeTable(bytes, TableOf(charset), invalid);
  if (charset == Charset::kTcvn3) RestoreVn3Capitals(&text);
  return text;
}

StatusOr<std::string> Encode(std::string_view utf8, Charset charset) {
  switch (charset) {
    case Charset::kUtf8:
      return std::string(utf8);
    case Charset::kVni:
      return EncodeVni(utf8);
    case Charset::kViqr:
      return EncodeViqr(utf8);
    default:
      break;
  }
  const char* name = nullptr;
  switch (charset) {
    case Charset::kUtf16Le:
      name = "UTF-16LE";
      break;
    case Charset::kUtf16Be:
      name = "UTF-16BE";
      break;
    case Charset::kUtf32Le:
      name = "UTF-32LE";
      break;
    case Charset::kUtf32Be:
      name = "UTF-32BE";
      break;
    default:
      name = IconvName(charset);
  }
  std::string out;
  if (!IconvAll("UTF-8", name, utf8, &out)) {
    return InvalidArgumentError(std::string("text cannot be written in ") + name + " (at byte " +
                                std::to_string(out.size()) + " of the output)");
  }
  return out;
}

std::string ToUtf8(std::u32string_view text) {
  size_t size = 0;
  for (char32_t c : text) {
    size += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 || c > 0x10FFFF ? 3 : 4;
  }
  std::string out(size, '\0');
  char* p = out.data();
  for (char32_t c : text) p = PutUtf8(c, p);
  return out;
}

std::optional<std::string> UnreadWestern(std::string_view utf8) {
  const auto& western = WesternBytes();
  const std::vector<int16_t>& table = WesternByteTable();
  std::string bytes(utf8.size(), '\0');  // one byte a character: never more
  char* out = bytes.data();
  for (size_t pos = 0; pos < utf8.size();) {
    const auto b = static_cast<unsigned char>(utf8[pos]);
    if (b < 0x80) {
      *out++ = static_cast<char>(b);
      ++pos;
      continue;
    }
    const char32_t c = NextChar(utf8, &pos);
    if (c < kWesternTableEnd) {
      if (table[c] < 0) return std::nullopt;
      *out++ = static_cast<char>(table[c]);
    } else {
      auto it = western.find(c);
      if (it == western.end()) return std::nullopt;
      *out++ = it->second;
    }
  }
  bytes.resize(out - bytes.data());
  return bytes;
}

std::string ReadWestern(std::string_view bytes, Misread misread) {
  const ByteTable& cp1252 = Cp1252Table();
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    AppendUtf8(misread == Misread::kLatin1 || b < 0x80 ? static_cast<char32_t>(b) : cp1252[b],
               &out);
  }
  return out;
}

namespace {

// Where a UTF-8 sequence starts that holds a space: [i, i + length).
bool SpaceInSequence(std::string_view bytes, size_t i, size_t* length) {
  const auto lead = static_cast<unsigned char>(bytes[i]);
  if (lead < 0xC2) return false;
  *length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
  if (i + *length > bytes.size()) return false;
  return bytes.substr(i + 1, *length - 1).find(' ') != std::string_view::npos;
}

}  // namespace

std::string RestoreLostNoBreakSpaces(std::string_view bytes) {
  // Most texts have no such sequence: find the first before copying.
  size_t first = 0, length = 1;
  while (first < bytes.size() && !SpaceInSequence(bytes, first, &length)) ++first;
  std::string out(bytes);
  for (size_t i = first; i < out.size(); ++i) {
    if (!SpaceInSequence(out, i, &length)) continue;
    std::string sequence = out.substr(i, length);
    for (size_t k = 1; k < length; ++k) {
      if (sequence[k] == ' ') sequence[k] = '\xA0';
    }
    size_t pos = 0;
    if (DecodeUtf8(sequence, &pos) != kReplacementChar && pos == length) {
      out.replace(i, length, sequence);
      i += length - 1;
    }
  }
  return out;
}

Misread MisreadShown(std::string_view utf8) {
  bool c1 = false;
  for (size_t pos = 0; pos < utf8.size();) {
    const char32_t c = NextChar(utf8, &pos);
    if (c >= 0x100) return Misread::kCp1252;  // only Windows-1252 reads a byte as it
    if (c >= 0x80 && c < 0xA0) c1 = true;
  }
  return c1 ? Misread::kLatin1 : Misread::kCp1252;
}

bool IsLegacyLetterControl(unsigned char b) {
  if (b >= 0x20) return false;
  static const std::array<bool, 32> letters = [] {
    std::array<bool, 32> a{};
    for (Charset charset : {Charset::kTcvn3, Charset::kViscii}) {
      const ByteTable& table = TableOf(charset);
      for (int i = 1; i < 32; ++i) {
        vi::LetterParts parts;
        a[i] = a[i] || vi::Decompose(table[i], &parts);
      }
    }
    return a;
  }();
  return letters[b];
}

}  // namespace sohoa::legacy
