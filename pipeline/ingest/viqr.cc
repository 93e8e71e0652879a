// VIQR (RFC 1456): Vietnamese in ASCII, each vowel followed by its marks.
//
//   ( breve   ^ circumflex   + horn        after a / a e o / o u
//   ' acute   ` grave   ? hook   ~ tilde   . dot below
//   dd đ      \ makes the next mark character literal
//
// ' ? . are also punctuation, so they count as marks only where punctuation
// would be odd (see legacy_charsets.h).
#include <algorithm>
#include <iterator>
#include <string>

#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"
#include "pipeline/ingest/legacy_charsets.h"

namespace sohoa::legacy {
namespace {

// Share of words with an unmistakable mark that makes a text plainly VIQR.
constexpr double kPlainlyViqrShare = 0.2;

// The tests below run for every character of a text, twice: always inlined.

[[gnu::always_inline]] inline bool IsAsciiLetter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
[[gnu::always_inline]] inline bool IsUpper(char32_t c) { return c >= 'A' && c <= 'Z'; }
[[gnu::always_inline]] inline char32_t Lower(char32_t c) { return IsUpper(c) ? c + 32 : c; }
[[gnu::always_inline]] inline bool IsVowel(char32_t c) {
  switch (Lower(c)) {
    case 'a':
    case 'e':
    case 'i':
    case 'o':
    case 'u':
    case 'y':
      return true;
    default:
      return false;
  }
}
// The characters that are marks after a vowel, and the escape.
[[gnu::always_inline]] inline bool IsMarkChar(char32_t c) {
  switch (c) {
    case '\'':
    case '`':
    case '?':
    case '~':
    case '.':
    case '(':
    case '^':
    case '+':
    case '\\':
      return true;
    default:
      return false;
  }
}

// The base a modifier makes of `base`, or 0 when it does not apply.
[[gnu::always_inline]] inline char32_t Modified(char32_t base, char32_t modifier) {
  switch (modifier) {
    case '(':
      return base == 'a' ? U'ă' : 0;
    case '^':
      return base == 'a' ? U'â' : base == 'e' ? U'ê' : base == 'o' ? U'ô' : 0;
    case '+':
      return base == 'o' ? U'ơ' : base == 'u' ? U'ư' : 0;
    default:
      return 0;
  }
}

[[gnu::always_inline]] inline vi::Tone ToneOf(char32_t c) {
  switch (c) {
    case '\'':
      return vi::Tone::kAcute;
    case '`':
      return vi::Tone::kGrave;
    case '?':
      return vi::Tone::kHook;
    case '~':
      return vi::Tone::kTilde;
    case '.':
      return vi::Tone::kDot;
    default:
      return vi::Tone::kNone;
  }
}

char ToneChar(vi::Tone tone) {
  switch (tone) {
    case vi::Tone::kAcute:
      return '\'';
    case vi::Tone::kGrave:
      return '`';
    case vi::Tone::kHook:
      return '?';
    case vi::Tone::kTilde:
      return '~';
    case vi::Tone::kDot:
      return '.';
    default:
      return 0;
  }
}

// After a word-final "." or "?": does the text go on as the same sentence
// (so the mark was a tone), rather than end a sentence or a line?
template <typename Char>
bool SentenceGoesOn(std::basic_string_view<Char> in, size_t next) {
  if (next >= in.size()) return false;
  const char32_t c = in[next];
  if (c == ',' || c == ';' || c == ':' || c == ')' || c == '.' || c == '"') return true;
  if (c != ' ' && c != '\t') return false;
  while (next < in.size() && (in[next] == ' ' || in[next] == '\t')) ++next;
  return next < in.size() &&
         ((in[next] >= 'a' && in[next] <= 'z') || (in[next] >= '0' && in[next] <= '9'));
}

// Over ASCII text as it is (Char = char), or over its code points.
template <typename Char>
class ViqrDecoder {
 public:
  // `strict`: every mark after a vowel is one (text known to be VIQR).
  // Each character read writes at most one, of at most four bytes.
  ViqrDecoder(std::basic_string_view<Char> text, bool strict)
      : in_(text), out_(4 * text.size(), '\0'), end_(out_.data()), strict_(strict) {}

  std::string Run(ViqrStats* stats) {
    for (i_ = 0; i_ < in_.size(); ++i_) Step();
    EndWord();
    if (stats) *stats = stats_;
    out_.resize(end_ - out_.data());
    return std::move(out_);
  }

 private:
  void Put(char32_t c) {
    if (c < 0x80) {
      *end_++ = static_cast<char>(c);
    } else {
      end_ = PutUtf8(c, end_);
    }
  }

  void Step() {
    const char32_t c = in_[i_];
    if (c == '\\' && i_ + 1 < in_.size() && IsMarkChar(in_[i_ + 1])) {
      EndWord();
      Put(in_[++i_]);
      return;
    }
    if (!IsAsciiLetter(c)) {
      EndWord();
      Put(c);
      return;
    }
    const bool word_start = !in_word_;
    in_word_ = true;
    // "dd" starts a word; "DD" may also sit inside an abbreviation (NDD-CP).
    // In "GDDDT" the D of GD comes first: the pair is the last two (GDĐT).
    const bool capitals = caps_so_far_ && c == 'D' && i_ + 1 < in_.size() && in_[i_ + 1] == 'D' &&
                          (i_ + 2 >= in_.size() || in_[i_ + 2] != 'D');
    caps_so_far_ = caps_so_far_ && IsUpper(c);
    if (Lower(c) == 'd' && (word_start || capitals) && i_ + 1 < in_.size() &&
        Lower(in_[i_ + 1]) == 'd') {
      Put(IsUpper(c) ? U'Đ' : U'đ');
      ++i_;
      Mark(true);
    } else if (IsVowel(c)) {
      Vowel(c);
    } else {
      Put(c);
    }
  }

  void Vowel(char32_t c) {
    char32_t base = Lower(c);
    if (i_ + 1 < in_.size()) {
      if (char32_t modified = Modified(base, in_[i_ + 1])) {
        base = modified;
        ++i_;
        Mark(true);
      }
    }
    vi::Tone tone = vi::Tone::kNone;
    if (i_ + 1 < in_.size() && !toned_) {
      const char32_t t = in_[i_ + 1];
      const bool letter_follows = i_ + 2 < in_.size() && IsAsciiLetter(in_[i_ + 2]);
      const bool strong = t == '`' || t == '~' || (ToneOf(t) != vi::Tone::kNone && letter_follows);
      if (ToneOf(t) != vi::Tone::kNone &&
          (strong || t == '\'' || strict_ || SentenceGoesOn(in_, i_ + 2))) {
        tone = ToneOf(t);
        toned_ = true;
        ++i_;
        Mark(strong);
      }
    }
    if (base == Lower(c) && tone == vi::Tone::kNone) {  // a plain vowel, as most are
      Put(c);
      return;
    }
    const char32_t composed = vi::Compose(base, tone, IsUpper(c));
    Put(composed != 0 ? composed : c);
  }

  void Mark(bool strong) {
    marked_ = true;
    strong_ = strong_ || strong;
  }

  void EndWord() {
    if (!in_word_) return;
    ++stats_.words;
    stats_.marked += marked_;
    stats_.strong += strong_;
    in_word_ = marked_ = strong_ = toned_ = false;
    caps_so_far_ = true;
  }

  std::basic_string_view<Char> in_;
  std::string out_;
  char* end_;  // of what is written in out_
  size_t i_ = 0;
  bool in_word_ = false, marked_ = false, strong_ = false, toned_ = false;
  bool caps_so_far_ = true;  // every letter of the word so far is a capital
  const bool strict_;
  ViqrStats stats_;
};

template <typename Char>
std::string DecodeViqrText(std::basic_string_view<Char> text, ViqrStats* stats) {
  ViqrStats cautious;
  std::string out = ViqrDecoder<Char>(text, false).Run(&cautious);
  // Plainly VIQR: its writer escaped literal marks, so "vi." at a line's end
  // is "vị".
  if (cautious.strong >= kPlainlyViqrShare * cautious.words && cautious.strong > 0) {
    out = ViqrDecoder<Char>(text, true).Run(stats);
  } else if (stats != nullptr) {
    *stats = cautious;
  }
  return out;
}

}  // namespace

std::string DecodeViqr(std::string_view ascii, ViqrStats* stats) {
  if (!HasNonAscii(ascii)) return DecodeViqrText(ascii, stats);
  std::u32string text;
  text.reserve(ascii.size());
  for (size_t pos = 0; pos < ascii.size();) text.push_back(NextChar(ascii, &pos));
  return DecodeViqrText(std::u32string_view(text), stats);
}

std::string EncodeViqr(std::string_view utf8) {
  std::string out;
  bool after_vowel = false;  // a mark character here would read as a mark
  for (size_t pos = 0; pos < utf8.size();) {
    const char32_t c = DecodeUtf8(utf8, &pos);
    vi::LetterParts parts;
    if (!vi::Decompose(c, &parts)) {
      if (after_vowel && IsMarkChar(c)) out.push_back('\\');
      if (c == '\\' && !after_vowel) out.push_back('\\');
      AppendUtf8(c, &out);
      after_vowel = false;
      continue;
    }
    const char32_t ascii = vi::FoldChar(c);
    const char letter = static_cast<char>(parts.upper ? ascii - 32 : ascii);
    if (parts.base == U'đ') {
      out += parts.upper ? "DD" : "dd";
      after_vowel = false;
      continue;
    }
    out.push_back(letter);
    after_vowel = IsVowel(ascii);
    if (!after_vowel) continue;
    if (parts.base == U'ă') out.push_back('(');
    if (parts.base == U'â' || parts.base == U'ê' || parts.base == U'ô') out.push_back('^');
    if (parts.base == U'ơ' || parts.base == U'ư') out.push_back('+');
    if (char t = ToneChar(parts.tone)) {
      out.push_back(t);
      after_vowel = false;  // one tone per syllable: what follows is literal
    }
  }
  return out;
}

}  // namespace sohoa::legacy
