#include "pipeline/base/vietnamese.h"

#include <algorithm>
#include <array>
#include <unordered_map>
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

struct Tables {
  std::unordered_map<char32_t, LetterParts> parts;
  std::unordered_map<uint32_t, char32_t> compose;  // key: base << 4 | tone << 1 | upper
  std::unordered_map<char32_t, char32_t> fold;     // base -> ASCII letter

  void Add(char32_t c, char32_t base, Tone tone, bool upper) {
    parts[c] = {base, tone, upper};
    compose[Key(base, tone, upper)] = c;
  }
  static uint32_t Key(char32_t base, Tone tone, bool upper) {
    return (static_cast<uint32_t>(base) << 4) | (static_cast<uint32_t>(tone) << 1) |
           (upper ? 1u : 0u);
  }
};

const Tables& GetTables() {
  static const Tables* tables = [] {
    auto* t = new Tables;
    for (char32_t c = 'a'; c <= 'z'; ++c) {
      t->Add(c, c, Tone::kNone, false);
      t->Add(c - 'a' + 'A', c, Tone::kNone, true);
      t->fold[c] = c;
    }
    t->Add(U'đ', U'đ', Tone::kNone, false);
    t->Add(U'Đ', U'đ', Tone::kNone, true);
    t->fold[U'đ'] = 'd';
    for (const auto& row : kVowelRows) {
      char32_t base = row[0][0];
      for (int tone = 0; tone < kToneCount; ++tone) {
        t->Add(row[0][tone], base, static_cast<Tone>(tone), false);
        t->Add(row[1][tone], base, static_cast<Tone>(tone), true);
      }
    }
    const std::pair<char32_t, char32_t> kVowelFolds[] = {
        {U'ă', 'a'}, {U'â', 'a'}, {U'ê', 'e'}, {U'ô', 'o'}, {U'ơ', 'o'}, {U'ư', 'u'}};
    for (auto [base, ascii] : kVowelFolds) t->fold[base] = ascii;
    return t;
  }();
  return *tables;
}

// A syllable split into toneless lowercase letters, with the one tone found.
struct Parsed {
  std::u32string letters;     // toneless, lowercase
  std::vector<bool> upper;
  Tone tone = Tone::kNone;
  int tone_count = 0;
  size_t onset_len = 0, nucleus_len = 0;
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

bool Parse(std::string_view word, Parsed* p) {
  if (word.empty() || word.size() > 32) return false;
  for (size_t pos = 0; pos < word.size();) {
    LetterParts lp;
    if (!Decompose(DecodeUtf8(word, &pos), &lp)) return false;
    if (lp.tone != Tone::kNone) {
      p->tone = lp.tone;
      ++p->tone_count;
    }
    p->letters.push_back(lp.base);
    p->upper.push_back(lp.upper);
  }
  const std::u32string& s = p->letters;
  size_t onset = 0;
  for (auto o : kOnsets) {
    if (s.size() >= o.size() && std::u32string_view(s).substr(0, o.size()) == o) {
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
  std::u32string_view nucleus = std::u32string_view(s).substr(onset, end - onset);
  std::u32string_view coda = std::u32string_view(s).substr(end);
  if (std::find(std::begin(kNuclei), std::end(kNuclei), nucleus) == std::end(kNuclei)) {
    return false;
  }
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
    if (IsModifiedVowel(p.letters[i])) return i;
  }
  if (n == 1) return first;
  if (n == 3) return first + 1;
  bool has_coda = first + n < p.letters.size();
  if (has_coda) return first + 1;
  std::u32string_view nucleus = std::u32string_view(p.letters).substr(first, n);
  bool movable = nucleus == U"oa" || nucleus == U"oe" || nucleus == U"uy";
  return (movable && style == TonePlacement::kModern) ? first + 1 : first;
}

}  // namespace

bool Decompose(char32_t c, LetterParts* parts) {
  const auto& t = GetTables().parts;
  auto it = t.find(c);
  if (it == t.end()) return false;
  *parts = it->second;
  return true;
}

char32_t Compose(char32_t base, Tone tone, bool upper) {
  const auto& t = GetTables().compose;
  auto it = t.find(Tables::Key(base, tone, upper));
  return it == t.end() ? 0 : it->second;
}

bool IsVowelBase(char32_t b) {
  static constexpr std::u32string_view kBases = U"aăâeêioôơuưy";
  return kBases.find(b) != std::u32string_view::npos;
}

char32_t FoldChar(char32_t c) {
  LetterParts lp;
  if (!Decompose(c, &lp)) return c;
  return GetTables().fold.at(lp.base);
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
      const char32_t folded = GetTables().fold.at(lp.base);
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
  for (size_t i = 0; i < p.letters.size(); ++i) {
    Tone tone = (i == target) ? p.tone : Tone::kNone;
    char32_t c = Compose(p.letters[i], tone, p.upper[i]);
    if (c == 0) return std::string(syllable);  // tone on a consonant: leave as is
    AppendUtf8(c, &out);
  }
  return out;
}

bool IsValidSyllable(std::string_view word) {
  Parsed p;
  if (!Parse(word, &p) || p.tone_count > 1) return false;
  std::u32string_view coda =
      std::u32string_view(p.letters).substr(p.onset_len + p.nucleus_len);
  bool stop = coda == U"c" || coda == U"ch" || coda == U"p" || coda == U"t";
  return !stop || p.tone == Tone::kAcute || p.tone == Tone::kDot;
}

}  // namespace sohoa::vi
