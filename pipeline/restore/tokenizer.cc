#include "pipeline/restore/tokenizer.h"

#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"

namespace sohoa::restore {
namespace {

constexpr char32_t kEth = 0x00D0;  // "Ð", typed where "Đ" is meant

bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == 0x00A0 || c == '\v' || c == '\f'; }
bool IsNewline(char32_t c) { return c == '\n' || c == '\r'; }

bool IsAsciiLetter(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

// Letters: ASCII letters, Vietnamese letters, and other alphabetic code points
// of European scripts (so "Müller" stays one word rather than three).
bool IsLetter(char32_t c) {
  if (c < 0x80) return IsAsciiLetter(static_cast<char>(c));
  if (c < 0xC0 || c == 0xD7 || c == 0xF7) return false;
  if (c >= 0x2000 && c <= 0x2BFF) return false;  // punctuation, symbols, arrows
  if (c >= 0x3000 && c <= 0x303F) return false;
  if (c >= 0xFF00 && c <= 0xFF20) return false;
  if (c == 0xFFFD) return false;
  return true;
}

bool IsGlue(char32_t c) {
  return c == 0xA2 || c == 0xA3 || c == 0xA5 || c == 0xA7 || c == 0xA9 || c == 0xAE;
}

// "V/v" (về việc) and its like: one letter, a slash, one letter. Written
// the same in every variant; restoring it makes "Vị/về".
bool IsLetterSlashLetter(std::string_view chunk) {
  return chunk.size() >= 3 && IsAsciiLetter(chunk[0]) && chunk[1] == '/' &&
         IsAsciiLetter(chunk[2]) && (chunk.size() == 3 || !IsAsciiLetter(chunk[3]));
}

bool IsCodeChunk(std::string_view chunk) {
  if (IsLetterSlashLetter(chunk)) return true;
  for (char ch : chunk) {
    if ((ch >= '0' && ch <= '9') || ch == '@') return true;
  }
  return chunk.find("://") != std::string_view::npos ||
         chunk.find("www.") != std::string_view::npos;
}

// Splits a chunk without spaces into words and punctuation.
void SplitChunk(std::string_view chunk, std::vector<Token>* out) {
  if (IsCodeChunk(chunk)) {
    // Brackets and sentence punctuation around a code are punctuation.
    static constexpr std::string_view kOpen = "(\"", kClose = ",.;:)!?\"";
    size_t begin = 0, end = chunk.size();
    while (begin < end && kOpen.find(chunk[begin]) != std::string_view::npos) ++begin;
    while (end > begin + 1 && kClose.find(chunk[end - 1]) != std::string_view::npos) --end;
    for (size_t i = 0; i < begin; ++i) out->push_back({TokenKind::kPunct, chunk.substr(i, 1)});
    out->push_back({TokenKind::kCode, chunk.substr(begin, end - begin)});
    for (size_t i = end; i < chunk.size(); ++i) {
      out->push_back({TokenKind::kPunct, chunk.substr(i, 1)});
    }
    return;
  }
  size_t pos = 0;
  while (pos < chunk.size()) {
    size_t start = pos;
    char32_t c = DecodeUtf8(chunk, &pos);
    if (!IsLetter(c)) {
      out->push_back({TokenKind::kPunct, chunk.substr(start, pos - start)});
      continue;
    }
    size_t end = pos;
    while (end < chunk.size()) {
      size_t next = end;
      char32_t d = DecodeUtf8(chunk, &next);
      if (!IsLetter(d)) {
        // Wrong-model OCR writes marks as symbols inside words: "huyé¢n".
        size_t after = next;
        if (!IsGlue(d) || after >= chunk.size() || !IsLetter(DecodeUtf8(chunk, &after))) break;
      }
      end = next;
    }
    out->push_back({TokenKind::kWord, chunk.substr(start, end - start)});
    pos = end;
  }
}

char32_t ToUpper(char32_t c) {
  vi::LetterParts lp;
  if (c == kEth) return c;
  if (!vi::Decompose(c, &lp)) return c;
  char32_t up = vi::Compose(lp.base, lp.tone, true);
  return up == 0 ? c : up;
}

bool IsUpper(char32_t c) {
  if (c == kEth) return true;
  vi::LetterParts lp;
  if (vi::Decompose(c, &lp)) return lp.upper;
  return c >= 0xC0 && c <= 0xDE;  // Latin-1 capitals
}

std::u32string ToU32(std::string_view s) {
  std::u32string out;
  for (size_t pos = 0; pos < s.size();) out.push_back(DecodeUtf8(s, &pos));
  return out;
}

}  // namespace

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t start = pos;
    char32_t c = DecodeUtf8(text, &pos);
    if (IsNewline(c)) {
      if (c == '\r' && pos < text.size() && text[pos] == '\n') ++pos;
      tokens.push_back({TokenKind::kNewline, text.substr(start, pos - start)});
      continue;
    }
    bool space = IsSpace(c);
    size_t end = pos;
    while (end < text.size()) {
      size_t next = end;
      char32_t d = DecodeUtf8(text, &next);
      if (IsNewline(d) || IsSpace(d) != space) break;
      end = next;
    }
    std::string_view run = text.substr(start, end - start);
    if (space) {
      tokens.push_back({TokenKind::kSpace, run});
    } else {
      SplitChunk(run, &tokens);
    }
    pos = end;
  }
  return tokens;
}

std::string NormalizeWord(std::string_view word) {
  std::string lower;
  lower.reserve(word.size());
  for (size_t pos = 0; pos < word.size();) {
    char32_t c = DecodeUtf8(word, &pos);
    if (c == kEth) c = U'Đ';
    vi::LetterParts lp;
    if (vi::Decompose(c, &lp)) {
      c = vi::Compose(lp.base, lp.tone, false);
    } else if (c >= 0xC0 && c <= 0xDE && c != 0xD7) {
      c += 0x20;  // Latin-1 capitals
    }
    AppendUtf8(c, &lower);
  }
  return vi::PlaceTone(lower, vi::TonePlacement::kClassic);
}

std::string NonWordKey(const Token& token) {
  switch (token.kind) {
    case TokenKind::kCode: return std::string(kNumberKey);
    case TokenKind::kPunct: {
      static constexpr std::string_view kKept = ",.;:()-\"?!/";
      if (token.text.size() == 1 && kKept.find(token.text[0]) != std::string_view::npos) {
        return std::string(token.text);
      }
      return std::string(kOtherPunctKey);
    }
    default: return std::string();
  }
}

bool EndsSentence(std::string_view line) {
  size_t end = line.find_last_not_of(" \t\r\n");
  if (end == std::string_view::npos) return true;
  static constexpr std::string_view kEnders = ".:;!?";
  return kEnders.find(line[end]) != std::string_view::npos;
}

std::string ApplyCase(std::string_view word, std::string_view pattern) {
  std::u32string w = ToU32(word), p = ToU32(pattern);
  // Marks OCR wrote beside the letters ("DAN’") are no letters: only the
  // letters say whether the word is in capitals.
  size_t upper = 0, letters = 0;
  for (char32_t c : p) {
    if (!IsLetter(c)) continue;
    ++letters;
    upper += IsUpper(c);
  }
  const bool all_caps = letters > 1 && upper == letters;
  const bool title = !p.empty() && IsUpper(p[0]);
  // Stray capitals inside a word ("trAn", "CONg") are OCR noise: the word is
  // written lowercase, capitalized, or all in capitals.
  for (size_t i = 0; i < w.size() && (all_caps || (title && i == 0)); ++i) w[i] = ToUpper(w[i]);
  std::string out;
  out.reserve(word.size() + 4);
  for (char32_t c : w) AppendUtf8(c, &out);
  return out;
}

bool HasDiacritic(std::string_view word) {
  for (size_t pos = 0; pos < word.size();) {
    char32_t c = DecodeUtf8(word, &pos);
    if (c == kEth) return true;
    vi::LetterParts lp;
    if (vi::Decompose(c, &lp) && (lp.tone != vi::Tone::kNone || lp.base >= 0x80)) return true;
  }
  return false;
}

}  // namespace sohoa::restore
