#include "pipeline/base/vietnamese.h"

#include <algorithm>
#include <array>
#include <vector>

#include "pipeline/base/utf8.h"

namespace sohoa::vi {
namespace {

// Each row: the base vowel, then its five toned forms (grave, acute, hook,
// tilde, dot), lowercase then uppercase.
constexpr std::u32string_view kVowelRows[][2] = {
    {U"aàáảãạ", U"AÀÁẢÃẠ"}, {U"ăằắẳẵặ", U"ĂẰẮẲẴẶ"}, {U"âầấẩẫậ", U"ÂẦẤẨẪẬ"},
    {U"eèéẻẽẹ", U"EÈÉẺẼẸ"}, {U"êềếểễệ", U"ÊỀẾỂỄỆ"}, {U"iìíỉĩị", U"IÌÍỈĨỊ"},
    {U"oòóỏõọ", U"OÒÓỎÕỌ"}, {U"ôồốổỗộ", U"ÔỒỐỔỖỘ"}, {U"ơờớởỡợ", U"ƠỜỚỞỠỢ"},
    {U"uùúủũụ", U"UÙÚỦŨỤ"}, {U"ưừứửữự", U"ƯỪỨỬỮỰ"}, {U"yỳýỷỹỵ", U"YỲÝỶỸỴ"},
};

// Every Vietnamese letter lies below U+1F00, so flat arrays indexed by code
// point (and by base letter for Compose) answer each lookup with one load:
// Decompose and FoldChar run for every character extraction and restoration
// read, where hash maps cost more than the rest of the work.
constexpr char32_t kFlatLimit = 0x1F00;
// The bases: a-z, then the letters with a modifier, in this order.
constexpr std::u32string_view kModifiedBases = U"đăâêôơư";
constexpr int kBaseCount = 26 + 7;

int BaseIndex(char32_t base) {
  if (base >= 'a' && base <= 'z') return static_cast<int>(base - 'a');
  size_t i = kModifiedBases.find(base);
  return i == std::u32string_view::npos ? -1 : 26 + static_cast<int>(i);
}

// A letter's parts packed in 32 bits: base (9 bits: every base is below
// U+0200), tone (3), upper (1), present (1) and the ASCII fold of the base (7).
struct Packed {
  static uint32_t Pack(char32_t base, Tone tone, bool upper, char32_t ascii) {
    return static_cast<uint32_t>(base) | static_cast<uint32_t>(tone) << 9 |
           (upper ? 1u : 0u) << 12 | 1u << 13 | static_cast<uint32_t>(ascii) << 14;
  }
  static bool Present(uint32_t p) { return (p >> 13 & 1u) != 0; }
  static LetterParts Parts(uint32_t p) {
    return {static_cast<char32_t>(p & 0x1FF), static_cast<Tone>(p >> 9 & 7u), (p >> 12 & 1u) != 0};
  }
  static char32_t Ascii(uint32_t p) { return static_cast<char32_t>(p >> 14 & 0x7F); }
};

struct Tables {
  std::array<uint32_t, kFlatLimit> parts{};                     // code point -> Packed
  std::array<std::array<char32_t, kToneCount * 2>, kBaseCount> compose{};  // base -> tone, upper

  void Add(char32_t c, char32_t base, Tone tone, bool upper, char32_t ascii) {
    parts[c] = Packed::Pack(base, tone, upper, ascii);
    compose[BaseIndex(base)][static_cast<int>(tone) * 2 + (upper ? 1 : 0)] = c;
  }
};

const Tables& GetTables() {
  static const Tables* tables = [] {
    auto* t = new Tables;
    for (char32_t c = 'a'; c <= 'z'; ++c) {
      t->Add(c, c, Tone::kNone, false, c);
      t->Add(c - 'a' + 'A', c, Tone::kNone, true, c);
    }
    t->Add(U'đ', U'đ', Tone::kNone, false, 'd');
    t->Add(U'Đ', U'đ', Tone::kNone, true, 'd');
    const std::pair<char32_t, char32_t> kVowelFolds[] = {
        {U'a', 'a'}, {U'ă', 'a'}, {U'â', 'a'}, {U'e', 'e'}, {U'ê', 'e'}, {U'i', 'i'},
        {U'o', 'o'}, {U'ô', 'o'}, {U'ơ', 'o'}, {U'u', 'u'}, {U'ư', 'u'}, {U'y', 'y'}};
    for (const auto& row : kVowelRows) {
      char32_t base = row[0][0];
      char32_t ascii = 0;
      for (auto [b, a] : kVowelFolds) {
        if (b == base) ascii = a;
      }
      for (int tone = 0; tone < kToneCount; ++tone) {
        t->Add(row[0][tone], base, static_cast<Tone>(tone), false, ascii);
        t->Add(row[1][tone], base, static_cast<Tone>(tone), true, ascii);
      }
    }
    return t;
  }();
  return *tables;
}

// A syllable split into toneless lowercase letters, with the one tone found.
// Fixed arrays, not strings: Parse runs for every word that detection,
// extraction and restoration judge, and a heap allocation cost more than the
// parse.
constexpr size_t kMaxSyllableBytes = 32;
struct Parsed {
  char32_t letter[kMaxSyllableBytes];  // toneless, lowercase
  bool upper[kMaxSyllableBytes];
  size_t size = 0;
  Tone tone = Tone::kNone;
  int tone_count = 0;
  size_t onset_len = 0, nucleus_len = 0;

  std::u32string_view letters() const { return {letter, size}; }
};

constexpr std::u32string_view kOnsets[] = {
    U"ngh", U"ng", U"nh", U"ch", U"gh", U"gi", U"kh", U"ph", U"qu", U"th", U"tr",
    U"b", U"c", U"d", U"đ", U"g", U"h", U"k", U"l", U"m", U"n", U"p", U"r", U"s",
    U"t", U"v", U"x"};
constexpr std::u32string_view kCodas[] = {U"", U"c", U"ch", U"m", U"n", U"ng", U"nh", U"p",
                                          U"t"};
constexpr std::u32string_view kNuclei[] = {
    U"a", U"ă", U"â", U"e", U"ê", U"i", U"o", U"ô", U"ơ", U"u", U"ư", U"y",
    U"ai", U"ao", U"au", U"ay", U"âu", U"ây", U"eo", U"êu", U"ia", U"iê", U"iu",
    U"oa", U"oă", U"oe", U"oi", U"oo", U"ôi", U"ơi", U"ua", U"uâ", U"uê", U"ui", U"uô",
    U"uơ", U"uy", U"ưa", U"ưi", U"ươ", U"ưu", U"yê", U"iêu", U"oai", U"oao", U"oay",
    U"oeo", U"uây", U"uôi", U"uya", U"uyê", U"uyu", U"ươi", U"ươu", U"yêu", U"uơi"};

// The vowel bases, numbered from 1, and each nucleus as the numbers of its
// vowels, four bits apiece: a nucleus is known with one load from a table of
// 4096 flags, where comparing it with each of kNuclei cost more than the rest
// of the parse.
constexpr std::u32string_view kVowelBases = U"aăâeêioôơuưy";
constexpr size_t kMaxNucleus = 3;

int VowelNumber(char32_t base) {
  static const std::array<uint8_t, 0x200>* numbers = [] {
    auto* n = new std::array<uint8_t, 0x200>{};
    for (size_t i = 0; i < kVowelBases.size(); ++i) (*n)[kVowelBases[i]] = static_cast<uint8_t>(i + 1);
    return n;
  }();
  return base < 0x200 ? (*numbers)[base] : 0;
}

uint32_t NucleusKey(std::u32string_view nucleus) {
  uint32_t key = 0;
  for (char32_t v : nucleus) key = key << 4 | static_cast<uint32_t>(VowelNumber(v));
  return key;
}

bool IsNucleus(std::u32string_view nucleus) {
  static const std::array<bool, 1 << (4 * kMaxNucleus)>* known = [] {
    auto* k = new std::array<bool, 1 << (4 * kMaxNucleus)>{};
    for (std::u32string_view n : kNuclei) (*k)[NucleusKey(n)] = true;
    return k;
  }();
  return !nucleus.empty() && nucleus.size() <= kMaxNucleus && (*known)[NucleusKey(nucleus)];
}

bool Parse(std::string_view word, Parsed* p) {
  // At most one code point a byte, so the letters fit their arrays.
  if (word.empty() || word.size() > kMaxSyllableBytes) return false;
  for (size_t pos = 0; pos < word.size();) {
    LetterParts lp;
    if (!Decompose(DecodeUtf8(word, &pos), &lp)) return false;
    if (lp.tone != Tone::kNone) {
      p->tone = lp.tone;
      ++p->tone_count;
    }
    p->letter[p->size] = lp.base;
    p->upper[p->size] = lp.upper;
    ++p->size;
  }
  const std::u32string_view s = p->letters();
  size_t onset = 0;
  for (auto o : kOnsets) {
    if (s.size() >= o.size() && s.substr(0, o.size()) == o) {
      onset = o.size();
      break;
    }
  }
  // "gi" and "qu" are onsets only when a vowel follows ("gìn" is g + in).
  if (onset == 2 && (s[0] == 'g' && s[1] == 'i') &&
      (s.size() == 2 || !IsVowelBase(s[2]))) {
    onset = 1;
  }
  if (onset == 2 && s[0] == 'q' && (s.size() == 2 || !IsVowelBase(s[2]))) return false;
  size_t end = onset;
  while (end < s.size() && IsVowelBase(s[end])) ++end;
  std::u32string_view nucleus = s.substr(onset, end - onset);
  std::u32string_view coda = s.substr(end);
  if (!IsNucleus(nucleus)) return false;
  if (std::find(std::begin(kCodas), std::end(kCodas), coda) == std::end(kCodas)) return false;
  p->onset_len = onset;
  p->nucleus_len = end - onset;
  return true;
}

bool IsModifiedVowel(char32_t b) {
  return b == U'ă' || b == U'â' || b == U'ê' || b == U'ô' || b == U'ơ' || b == U'ư';
}

// Index (into letters) where the tone belongs.
size_t TonePosition(const Parsed& p, TonePlacement style) {
  const size_t first = p.onset_len, n = p.nucleus_len;
  for (size_t i = first + n; i-- > first;) {
    if (IsModifiedVowel(p.letter[i])) return i;
  }
  if (n == 1) return first;
  if (n == 3) return first + 1;
  bool has_coda = first + n < p.size;
  if (has_coda) return first + 1;
  std::u32string_view nucleus = p.letters().substr(first, n);
  bool movable = nucleus == U"oa" || nucleus == U"oe" || nucleus == U"uy";
  return (movable && style == TonePlacement::kModern) ? first + 1 : first;
}

}  // namespace

bool Decompose(char32_t c, LetterParts* parts) {
  if (c >= kFlatLimit) return false;
  const uint32_t p = GetTables().parts[c];
  if (!Packed::Present(p)) return false;
  *parts = Packed::Parts(p);
  return true;
}

char32_t Compose(char32_t base, Tone tone, bool upper) {
  const int index = BaseIndex(base);
  const int t = static_cast<int>(tone);
  if (index < 0 || t < 0 || t >= kToneCount) return 0;
  return GetTables().compose[index][t * 2 + (upper ? 1 : 0)];
}

bool IsVowelBase(char32_t b) { return VowelNumber(b) != 0; }

char32_t FoldChar(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (c >= kFlatLimit) return c;
  const uint32_t p = GetTables().parts[c];
  return Packed::Present(p) ? Packed::Ascii(p) : c;
}

std::string Fold(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) AppendUtf8(FoldChar(DecodeUtf8(text, &pos)), &out);
  return out;
}

std::string StripDiacritics(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    char32_t c = DecodeUtf8(text, &pos);
    LetterParts lp;
    if (Decompose(c, &lp)) {
      const char32_t folded = FoldChar(lp.base);
      c = lp.upper ? folded - 'a' + 'A' : folded;
    } else if (c == 0x00D0) {
      c = 'D';
    }
    AppendUtf8(c, &out);
  }
  return out;
}

std::string StripTones(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    char32_t c = DecodeUtf8(text, &pos);
    LetterParts lp;
    if (Decompose(c, &lp) && lp.tone != Tone::kNone) c = Compose(lp.base, Tone::kNone, lp.upper);
    AppendUtf8(c, &out);
  }
  return out;
}

std::string PlaceTone(std::string_view syllable, TonePlacement style) {
  Parsed p;
  if (!Parse(syllable, &p) || p.tone_count != 1) return std::string(syllable);
  size_t target = TonePosition(p, style);
  std::string out;
  out.reserve(syllable.size() + 2);
  for (size_t i = 0; i < p.size; ++i) {
    Tone tone = (i == target) ? p.tone : Tone::kNone;
    char32_t c = Compose(p.letter[i], tone, p.upper[i]);
    if (c == 0) return std::string(syllable);  // tone on a consonant: leave as is
    AppendUtf8(c, &out);
  }
  return out;
}

namespace {

bool IsValidParse(const Parsed& p) {
  if (p.tone_count > 1) return false;
  std::u32string_view coda = p.letters().substr(p.onset_len + p.nucleus_len);
  bool stop = coda == U"c" || coda == U"ch" || coda == U"p" || coda == U"t";
  return !stop || p.tone == Tone::kAcute || p.tone == Tone::kDot;
}

}  // namespace

bool IsValidSyllable(std::string_view word) {
  Parsed p;
  return Parse(word, &p) && IsValidParse(p);
}

bool IsValidCasedSyllable(std::string_view word) {
  Parsed p;
  if (!Parse(word, &p) || !IsValidParse(p)) return false;
  const bool* upper = p.upper;
  const size_t uppers = std::count(upper, upper + p.size, true);
  // No capital after a small letter ("hOA", "ThÀNH"), unless all are.
  return uppers == p.size || uppers == 0 || (uppers == 1 && upper[0]);
}

}  // namespace sohoa::vi
