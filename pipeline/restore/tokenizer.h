// Splits text into the tokens the restorer works on, and maps each token to
// the key the language model knows it by. The training tool and the decoder
// share this file, so training and decoding see text the same way.
//
// Every byte of the input belongs to exactly one token, so concatenating the
// tokens' text gives back the input. All functions are pure and thread-safe.
#ifndef SOHOA_PIPELINE_RESTORE_TOKENIZER_H_
#define SOHOA_PIPELINE_RESTORE_TOKENIZER_H_

#include <string>
#include <string_view>
#include <vector>

namespace sohoa::restore {

enum class TokenKind {
  kWord,     // a run of Latin/Vietnamese letters: may get its diacritics back
  kCode,     // a chunk with digits, a URL or an e-mail: "1183/KH-UBND", "08/4/2022";
             // or a letter, a slash and a letter: "V/v"
  kPunct,    // one punctuation or symbol code point
  kSpace,    // a run of spaces and tabs
  kNewline,  // one line break ("\n", or "\r\n")
};

struct Token {
  TokenKind kind;
  std::string_view text;  // points into the tokenized input
};

std::vector<Token> Tokenize(std::string_view text);

// Special language-model keys.
inline constexpr std::string_view kSentenceBegin = "<s>";
inline constexpr std::string_view kSentenceEnd = "</s>";
inline constexpr std::string_view kUnknown = "<unk>";
inline constexpr std::string_view kNumberKey = "<num>";
inline constexpr std::string_view kOtherPunctKey = "<p>";

// The canonical form of a word: lowercase, "Ð" (U+00D0) read as "Đ", tone
// placed the classic way ("hoà" -> "hòa", "thuỷ" -> "thủy").
std::string NormalizeWord(std::string_view word);

// The language-model key of a non-word token: "<num>" for codes, the
// character itself for common punctuation (, . ; : ( ) - " ? ! /), "<p>" for
// other symbols. Spaces and newlines have no key (empty string).
std::string NonWordKey(const Token& token);

// True when the line ends a sentence for the language model: it is blank or
// its last non-space character is one of . : ; ! ?
bool EndsSentence(std::string_view line);

// Copies the case pattern of `pattern` onto `word` (a normalized, lowercase
// word): all capitals when every letter of `pattern` is one (and it has two
// or more), capitalized when its first letter is, lowercase otherwise.
std::string ApplyCase(std::string_view word, std::string_view pattern);

// True when the word carries any Vietnamese diacritic (tone, breve,
// circumflex, horn or đ).
bool HasDiacritic(std::string_view word);

}  // namespace sohoa::restore

#endif  // SOHOA_PIPELINE_RESTORE_TOKENIZER_H_
