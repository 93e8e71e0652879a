#include "pipeline/extract/folded_text.h"

#include <algorithm>
#include <array>
#include <iterator>

#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"

namespace sohoa {
namespace {

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetter(char c) { return c >= 'a' && c <= 'z'; }
constexpr std::array<bool, 256> kTokenChars = [] {
  std::array<bool, 256> table{};
  for (int c = '0'; c <= '9'; ++c) table[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) table[c] = true;
  table['&'] = table['@'] = table['~'] = true;
  return table;
}();
bool IsTokenChar(char c) { return kTokenChars[static_cast<unsigned char>(c)]; }

// One shadow byte for a code point, or 0 to drop it (combining marks).
char FoldToAscii(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : static_cast<char>(c);
  if (c >= 0x300 && c <= 0x36F) return 0;  // combining marks of decomposed text
  switch (c) {
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212: case 0x00AD:
      return '-';
    case 0x201C: case 0x201D: case 0x201E: case 0x00AB: case 0x00BB:
      return '"';
    case 0x2018: case 0x2019: case 0x201A: case 0x00B4: case 0x0060:
      return '\'';
    case 0x00A0: case 0x2002: case 0x2003: case 0x2009: case 0x200A: case 0x200B:
    case 0x202F: case 0x3000: case 0xFEFF:
      return ' ';
    case 0x00B9: case 0x00B2: case 0x00B3:
      return '^';
    case 0x2026:
      return '.';
    case 0x00D0: case 0x0189: case 0x00F0:
      return 'd';  // Eth, read for Đ
    case 0x00E4: case 0x00E5: case 0x00C4: return 'a';
    case 0x00EB: case 0x00CB: return 'e';
    case 0x00EF: case 0x00EE: case 0x00CF: case 0x00CE: return 'i';
    case 0x00F6: case 0x00F8: case 0x00D6: return 'o';
    case 0x00FC: case 0x00FB: case 0x00DC: return 'u';
    case 0x00E7: case 0x00C7: return 'c';
    case 0x00F1: return 'n';
    default:
      break;
  }
  if (c >= 0x2070 && c <= 0x2079) return '^';
  char32_t folded = vi::FoldChar(c);
  if (folded < 0x80) return static_cast<char>(folded);
  return '~';
}

// FoldToAscii for the whole Basic Multilingual Plane, computed once: the
// Vietnamese tables are hash maps, too slow to consult per character.
char FoldCached(char32_t c) {
  static const auto* table = [] {
    auto* t = new std::array<char, 0x10000>;
    for (char32_t i = 0; i < 0x10000; ++i) (*t)[i] = FoldToAscii(i);
    return t;
  }();
  return c < 0x10000 ? (*table)[c] : FoldToAscii(c);
}

// The confusion table's keys packed into integers (a key of up to 8 bytes
// is its bytes, zero-padded) in an open-addressing table: a token of the
// text is looked up with a multiply and a compare or two, never hashed as a
// string. Building it costs more than it saves on short texts (the keys of
// canonical names): those, and a table too large for it, go to the map.
class TokenIndex {
 public:
  TokenIndex(const ConfusionTable& confusions, size_t text_size) : confusions_(confusions) {
    if (text_size < kMinTextSize || confusions.size() > kSlots / 2) return;
    packed_ = true;
    std::fill(std::begin(keys_), std::end(keys_), uint64_t{0});
    for (const auto& [key, value] : confusions) {
      if (key.empty() || value.empty()) continue;
      if (key.size() > 8) {
        long_keys_ = true;
        continue;
      }
      const uint64_t packed = Pack(key);
      size_t slot = SlotOf(packed);
      while (keys_[slot] != 0) slot = (slot + 1) % kSlots;
      keys_[slot] = packed;
      values_[slot] = &value;
    }
  }

  // The replacement for `token`, or null.
  const std::string* Find(std::string_view token) const {
    if (packed_ && token.size() <= 8) {
      const uint64_t packed = Pack(token);
      for (size_t slot = SlotOf(packed); keys_[slot] != 0; slot = (slot + 1) % kSlots) {
        if (keys_[slot] == packed) return values_[slot];
      }
      return nullptr;
    }
    if (packed_ && !long_keys_) return nullptr;
    auto it = confusions_.find(token);
    return it == confusions_.end() || it->second.empty() ? nullptr : &it->second;
  }

 private:
  static constexpr size_t kMinTextSize = 512;
  static constexpr size_t kSlots = 256;

  static uint64_t Pack(std::string_view token) {
    uint64_t packed = 0;
    for (size_t i = 0; i < token.size(); ++i) {
      packed |= uint64_t{static_cast<unsigned char>(token[i])} << (8 * i);
    }
    return packed;
  }
  static size_t SlotOf(uint64_t packed) { return (packed * 0x9E3779B97F4A7C15ull) >> 56; }

  const ConfusionTable& confusions_;
  bool packed_ = false;
  bool long_keys_ = false;
  // Filled only when packed_: short texts do not pay for clearing them.
  uint64_t keys_[kSlots];
  const std::string* values_[kSlots];
};

}  // namespace

FoldedText::FoldedText(std::string_view original, const ConfusionTable& confusions) {
  FoldCodePoints(original);
  MendDigits();
  if (!confusions.empty()) ReplaceTokens(confusions);
}

size_t FoldedText::ToOriginal(size_t shadow_offset) const {
  if (shadow_offset >= origin_.size()) return origin_.back();
  return origin_[shadow_offset];
}

void FoldedText::FoldCodePoints(std::string_view original) {
  // A code point folds to at most one byte: write into buffers of the
  // original's size and cut them to what was written.
  shadow_.resize(original.size());
  origin_.resize(original.size() + 1);
  char* out = shadow_.data();
  uint32_t* from = origin_.data();
  size_t written = 0;
  for (size_t pos = 0; pos < original.size();) {
    size_t start = pos;
    unsigned char byte = static_cast<unsigned char>(original[pos]);
    char folded;
    if (byte < 0x80) {
      folded = (byte >= 'A' && byte <= 'Z') ? static_cast<char>(byte + 32) : static_cast<char>(byte);
      ++pos;
    } else {
      folded = FoldCached(DecodeUtf8(original, &pos));
    }
    if (folded == 0) continue;
    out[written] = folded;
    from[written] = static_cast<uint32_t>(start);
    ++written;
  }
  from[written] = static_cast<uint32_t>(original.size());
  shadow_.resize(written);
  origin_.resize(written + 1);
}

// OCR reads 1 as l, i or |, and 0 as o, inside numbers: "ngayl9", "2O22".
// A digit beside the byte is checked first: digits are rare, so the branch
// is well predicted, where "is it l, i, | or o" is a coin toss in prose.
void FoldedText::MendDigits() {
  const size_t n = shadow_.size();
  for (size_t i = 0; i < n; ++i) {
    bool digit_before = i > 0 && IsAsciiDigit(shadow_[i - 1]);
    bool digit_after = i + 1 < n && IsAsciiDigit(shadow_[i + 1]);
    if (!digit_before && !digit_after) continue;  // the usual case: no number here
    char c = shadow_[i];
    if (c != 'l' && c != 'i' && c != '|' && c != 'o') continue;
    bool letter_before = i > 0 && IsAsciiLetter(shadow_[i - 1]);
    bool letter_after = i + 1 < n && IsAsciiLetter(shadow_[i + 1]);
    if (c == 'o') {
      if (digit_before && (digit_after || (i + 1 < n && shadow_[i + 1] == '/'))) shadow_[i] = '0';
    } else if (c == 'l') {
      // No Vietnamese syllable ends in l, so "ngayl9" is "ngay19".
      if (digit_after || (digit_before && !letter_after)) shadow_[i] = '1';
    } else if ((digit_after && !letter_before) || (digit_before && !letter_after)) {
      shadow_[i] = '1';
    }
  }
}

// Finds the tokens to replace, then copies the text between them in runs:
// most tokens are not in the table, and a text without any keeps its
// buffers. A replacement may be longer than its token ("s" -> "so"), so the
// result goes into fresh buffers rather than in place.
void FoldedText::ReplaceTokens(const ConfusionTable& confusions) {
  const TokenIndex index(confusions, shadow_.size());
  const size_t n = shadow_.size();
  std::string shadow;
  std::vector<uint32_t> origin;
  size_t copied = 0;  // shadow_[0, copied) is in the new buffers
  for (size_t i = 0; i < n;) {
    if (!IsTokenChar(shadow_[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < n && IsTokenChar(shadow_[end])) ++end;
    const std::string_view token = std::string_view(shadow_).substr(i, end - i);
    const std::string* replacement = index.Find(token);
    if (replacement) {
      if (shadow.empty()) {
        shadow.reserve(n + n / 16 + 16);
        origin.reserve(n + n / 16 + 17);
      }
      shadow.append(shadow_, copied, i - copied);
      origin.insert(origin.end(), origin_.begin() + copied, origin_.begin() + i);
      // Each replacement byte maps to the token byte at its place (or the
      // token's last byte), so spans stay inside the token.
      for (size_t k = 0; k < replacement->size(); ++k) {
        shadow.push_back((*replacement)[k]);
        origin.push_back(origin_[i + std::min(k, end - i - 1)]);
      }
      copied = end;
    }
    i = end;
  }
  if (copied == 0) return;  // nothing replaced
  shadow.append(shadow_, copied, n - copied);
  origin.insert(origin.end(), origin_.begin() + copied, origin_.end());  // with the end entry
  shadow_ = std::move(shadow);
  origin_ = std::move(origin);
}

std::string FoldForMatch(std::string_view text, const ConfusionTable& confusions) {
  return FoldedText(text, confusions).shadow();
}

}  // namespace sohoa
