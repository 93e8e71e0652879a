// Vietnamese letters and syllables: the tables every text stage shares.
//
// A Vietnamese vowel letter is a base letter (a ă â e ê i o ô ơ u ư y, with
// its breve, circumflex or horn) plus one of six tones. Folding removes all of
// it: "Ấ" -> "a", "Đ" -> "d". Folding maps one code point to one code point,
// so a folded string has the same number of code points as the original
// (byte lengths differ: keep an offset map when spans matter).
//
// All functions are pure and thread-safe.
#ifndef SOHOA_PIPELINE_BASE_VIETNAMESE_H_
#define SOHOA_PIPELINE_BASE_VIETNAMESE_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace sohoa::vi {

enum class Tone : uint8_t { kNone = 0, kGrave, kAcute, kHook, kTilde, kDot };
inline constexpr int kToneCount = 6;

// What a letter is made of. `base` is lowercase and toneless but keeps its
// breve, circumflex, horn or bar: 'Ấ' -> {U+00E2 'â', kAcute, upper}.
struct LetterParts {
  char32_t base = 0;
  Tone tone = Tone::kNone;
  bool upper = false;
};

// Splits a Latin letter (ASCII or Vietnamese) into its parts. Returns false for
// anything else (digits, punctuation, other scripts, letters such as 'ç').
bool Decompose(char32_t c, LetterParts* parts);

// The inverse of Decompose. Returns 0 when the combination does not exist (a
// tone on a consonant).
char32_t Compose(char32_t base, Tone tone, bool upper);

// True for the twelve vowel bases (a ă â e ê i o ô ơ u ư y), lowercase.
bool IsVowelBase(char32_t base);

// Lowercase and strip every diacritic: 'Ấ' -> 'a', 'Đ' -> 'd', 'ư' -> 'u'.
// Other code points are lowercased when ASCII and otherwise returned as-is.
char32_t FoldChar(char32_t c);

// FoldChar applied to each code point of UTF-8 text.
std::string Fold(std::string_view text);

// Removes every diacritic but keeps case, as text typed without accents
// reads: "Kế Hoạch Đô" -> "Ke Hoach Do". "Ð" (U+00D0, a look-alike of "Đ")
// becomes "D" too.
std::string StripDiacritics(std::string_view text);

// Removes only the tone marks, keeping case and the other diacritics.
std::string StripTones(std::string_view text);

// Where a tone goes in the open syllables oa, oe, uy.
enum class TonePlacement {
  kClassic,  // hòa, khỏe, thủy, Ủy ban: what government documents use
  kModern,   // hoà, khoẻ, thuỷ
};

// Rewrites one syllable (a word without spaces) so its tone sits where
// `style` puts it. Text that is not a single well-formed syllable, or has
// more than one tone mark, is returned unchanged.
std::string PlaceTone(std::string_view syllable, TonePlacement style);

// True when `word` is a well-formed Vietnamese syllable: a known onset,
// nucleus and coda, at most one tone, and no tone the coda forbids (c, ch, p,
// t take only sắc or nặng). Case is ignored. Used to judge whether text is
// Vietnamese (a PDF text layer, an OCR page).
bool IsValidSyllable(std::string_view word);

// IsValidSyllable, and cased as words are written: lowercase, UPPERCASE or
// Title case. "KÕ" and "hOA" come from text read in the wrong encoding.
bool IsValidCasedSyllable(std::string_view word);

}  // namespace sohoa::vi

#endif  // SOHOA_PIPELINE_BASE_VIETNAMESE_H_
