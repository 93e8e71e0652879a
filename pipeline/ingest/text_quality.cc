// Judging whether a PDF's embedded text layer is real Vietnamese.
//
// Archive scanners embed their own OCR layer, often without diacritics and
// with broken case ("CONG Hcok xA HQI CHiJ NGHiA"). Many such tokens are still
// valid syllables once case is ignored, so validity alone is not enough: real
// Vietnamese also carries diacritics on most syllables (about three in four in
// administrative prose). The score multiplies the share of valid, plausibly
// cased syllables by how close the diacritic density comes to that.
#include <string>

#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"
#include "pipeline/ingest/ingest.h"
#include "pipeline/ingest/text_layer.h"

namespace sohoa {
namespace {

// Diacritic share at and above which a layer counts as fully accented.
constexpr double kFullDiacriticShare = 0.5;

struct Token {
  std::string text;
  int letters = 0;
  int uppers = 0;
  bool upper_after_lower = false;
  bool has_diacritic = false;
};

bool IsLetter(char32_t c) {
  vi::LetterParts parts;
  return vi::Decompose(c, &parts);
}

// Lowercase, UPPERCASE and Title case are plausible; "HQi", "xA" are not.
bool PlausibleCase(const Token& token) {
  if (token.upper_after_lower) return false;
  return token.uppers == 0 || token.uppers == token.letters || token.uppers == 1;
}

void AddLetter(char32_t c, Token* token) {
  vi::LetterParts parts;
  vi::Decompose(c, &parts);
  if (parts.upper) {
    if (token->letters > token->uppers) token->upper_after_lower = true;
    ++token->uppers;
  } else if (token->uppers > 1) {
    token->upper_after_lower = true;  // "HQi": capitals then lowercase
  }
  if (c >= 0x80) token->has_diacritic = true;
  ++token->letters;
  AppendUtf8(c, &token->text);
}

// Calls fn(token) for each run of letters while fn returns true.
template <typename Fn>
void ForEachToken(std::string_view text, Fn fn) {
  Token token;
  for (size_t pos = 0; pos < text.size();) {
    const char32_t c = DecodeUtf8(text, &pos);
    if (IsLetter(c)) {
      AddLetter(c, &token);
    } else if (token.letters > 0) {
      if (!fn(token)) return;
      token = Token();
    }
  }
  if (token.letters > 0) fn(token);
}

}  // namespace

double TextLayerQuality(std::string_view text) {
  int tokens = 0, valid = 0, accented = 0;
  ForEachToken(text, [&](const Token& token) {
    ++tokens;
    if (PlausibleCase(token) && vi::IsValidSyllable(token.text)) ++valid;
    if (token.has_diacritic) ++accented;
    return true;
  });
  if (tokens == 0) return 0;
  const double valid_share = static_cast<double>(valid) / tokens;
  const double accent_share = static_cast<double>(accented) / tokens;
  return valid_share * std::min(1.0, accent_share / kFullDiacriticShare);
}

// Declared in text_layer.h; its words are TextLayerQuality's tokens.
bool HasText(std::string_view text) {
  int words = 0;
  ForEachToken(text, [&](const Token& token) {
    if (token.letters >= 2 && vi::IsValidSyllable(token.text)) ++words;
    return words < kMinTextWords;
  });
  return words >= kMinTextWords;
}

}  // namespace sohoa
