#include "pipeline/extract/agency_name.h"

#include <re2/re2.h>

#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"

namespace sohoa {
namespace {

constexpr int kMaxParts = 5;           // "Văn hóa, Thể thao và Du lịch": 3
constexpr int kMaxLowerWords = 4;      // "Điều phối nông thôn mới"
constexpr int kMaxPlaceWords = 4;      // "Bà Rịa - Vũng Tàu"
constexpr int kMaxCapitalRun = 8;      // words in capitals, as in a header

bool IsTokenChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '~' || c == '&';
}

enum class Gap {
  kSpace,   // spaces, at most one line break
  kJoiner,  // one ",", "-" or "&" among spaces: parts of one name
  kBreak,   // anything else: the name cannot go on
};

struct Token {
  size_t start = 0, end = 0;
  Gap gap = Gap::kBreak;  // between the previous token and this one
  std::string_view text;
};

// The token after shadow offset `pos`, with the gap before it; an empty
// token (start == end) at the end of the text.
Token NextToken(std::string_view shadow, size_t pos) {
  Token t;
  int newlines = 0, joiners = 0, others = 0;
  size_t i = pos;
  for (; i < shadow.size() && !IsTokenChar(shadow[i]); ++i) {
    char c = shadow[i];
    // A tab or a run of spaces separates columns: a header's two halves,
    // a table's cells.
    if (c == '\t' || (c == ' ' && i + 1 < shadow.size() && shadow[i + 1] == ' ')) {
      ++others;
    } else if (c == '\n') {
      ++newlines;
    } else if (c == ',' || c == '-' || c == '&') {
      ++joiners;
    } else if (c != ' ' && c != '\t' && c != '*') {
      ++others;
    }
  }
  size_t end = i;
  while (end < shadow.size() && IsTokenChar(shadow[end])) ++end;
  t.start = i;
  t.end = end;
  t.text = shadow.substr(i, end - i);
  if (others > 0 || newlines > 1 || joiners > 1) {
    t.gap = Gap::kBreak;
  } else {
    t.gap = joiners == 1 ? Gap::kJoiner : Gap::kSpace;
  }
  return t;
}

// Whether `word` could be `stop` garbled by OCR: the same consonants around
// a vowel run of about the same length ("phdi" for "phoi"), as {~stop} in a
// rule would match.
bool GarbledForm(std::string_view word, std::string_view stop) {
  auto vowel = [](char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
  };
  size_t onset = 0;
  while (onset < stop.size() && !vowel(stop[onset])) ++onset;
  size_t coda = stop.size();
  while (coda > onset && !vowel(stop[coda - 1])) --coda;
  const size_t vowels = coda - onset;
  // Too few consonants to tell a garbled form: "ho" would take "hoea".
  if (vowels == 0 || onset + (stop.size() - coda) < 2 || word.size() < stop.size() - coda + onset + 1) return false;
  if (word.substr(0, onset) != stop.substr(0, onset)) return false;
  if (word.substr(word.size() - (stop.size() - coda)) != stop.substr(coda)) return false;
  const size_t middle = word.size() - onset - (stop.size() - coda);
  return middle + 1 >= vowels && middle <= vowels + 2;
}

// Whether a folded word shows OCR garble: a digit or a mark where a letter
// was, or a run of consonants no Vietnamese syllable starts with ("phdi",
// "hgp").
bool LooksGarbled(std::string_view word) {
  static const char* const kOnsets[] = {"",   "b",  "c",  "ch", "d",  "g",  "gh", "gi", "h",
                                        "k",  "kh", "l",  "m",  "n",  "ng", "ngh", "nh", "p",
                                        "ph", "q",  "qu", "r",  "s",  "t",  "th", "tr", "v", "x"};
  size_t onset = 0;
  for (char c : word) {
    if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y') break;
    if (!(c >= 'a' && c <= 'z')) return true;
    ++onset;
  }
  if (onset == word.size()) return true;  // no vowel at all
  for (char c : word) {
    if (!(c >= 'a' && c <= 'z')) return true;
  }
  std::string_view head = word.substr(0, onset);
  for (const char* o : kOnsets) {
    if (head == o) return false;
  }
  return true;
}

// "a|b c|d" -> {"a", "b c", "d"}
std::vector<std::string> SplitWords(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    size_t bar = list.find('|');
    if (bar != 0) out.emplace_back(list.substr(0, bar));
    if (bar == std::string_view::npos) break;
    list.remove_prefix(bar + 1);
  }
  return out;
}

// Whether every letter of token `t` is a capital as written ("TỈNH").
bool AllCapitals(const FoldedText& folded, std::string_view original, const Token& t) {
  size_t byte = folded.ToOriginal(t.start);
  const size_t end = folded.ToOriginal(t.end);
  while (byte < end) {
    char32_t c = DecodeUtf8(original, &byte);
    if (c >= 'a' && c <= 'z') return false;
    vi::LetterParts parts;
    if (c >= 0x80 && vi::Decompose(c, &parts) && !parts.upper) return false;
  }
  return true;
}

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

struct AgencyNameRecognizer::Heads {
  std::unique_ptr<RE2> head;  // body optional
  std::unique_ptr<RE2> unit;  // body required
  std::vector<std::string> levels;  // "thanh pho", "huyen", ...: plain phrases
};

AgencyNameRecognizer::AgencyNameRecognizer(std::unique_ptr<Heads> heads,
                                           std::unordered_set<std::string> stops,
                                           std::unordered_set<std::string> nots)
    : heads_(std::move(heads)), stops_(std::move(stops)), nots_(std::move(nots)) {}

AgencyNameRecognizer::~AgencyNameRecognizer() = default;

StatusOr<std::unique_ptr<AgencyNameRecognizer>> AgencyNameRecognizer::Create(
    const std::map<std::string, std::string>& defines) {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingLatin1);
  options.set_longest_match(true);
  options.set_log_errors(false);
  auto heads = std::make_unique<Heads>();
  struct Need {
    const char* macro;
    std::unique_ptr<RE2>* out;
  } needs[] = {{"AGENCY_HEAD", &heads->head}, {"AGENCY_UNIT", &heads->unit}};
  for (const Need& need : needs) {
    auto it = defines.find(need.macro);
    if (it == defines.end()) {
      return InvalidArgumentError(std::string("agency names need `define ") + need.macro +
                                  " = ...` in the rule files");
    }
    *need.out = std::make_unique<RE2>("(?:" + it->second + ")\\b", options);
    if (!(*need.out)->ok()) {
      return InvalidArgumentError(std::string("define ") + need.macro +
                                  ": bad pattern: " + (*need.out)->error());
    }
  }
  auto level = defines.find("LEVEL");
  if (level == defines.end()) return InvalidArgumentError("agency names need `define LEVEL`");
  heads->levels = SplitWords(level->second);
  for (const std::string& phrase : heads->levels) {
    if (phrase.find_first_not_of("abcdefghijklmnopqrstuvwxyz ") != std::string::npos) {
      return InvalidArgumentError("define LEVEL: \"" + phrase +
                                  "\" is no plain phrase of lowercase words");
    }
  }
  std::unordered_set<std::string> nots;
  if (auto no = defines.find("AGENCY_NOT"); no != defines.end()) {
    for (std::string& phrase : SplitWords(no->second)) nots.insert(std::move(phrase));
  }
  std::unordered_set<std::string> stops;
  auto it = defines.find("AGENCY_STOP");
  if (it == defines.end()) {
    return InvalidArgumentError("agency names need `define AGENCY_STOP = word|word|...`");
  }
  for (std::string& word : SplitWords(it->second)) stops.insert(std::move(word));
  return std::unique_ptr<AgencyNameRecognizer>(
      new AgencyNameRecognizer(std::move(heads), std::move(stops), std::move(nots)));
}

bool AgencyNameRecognizer::IsStop(std::string_view word) const {
  if (stops_.count(std::string(word))) return true;
  // Only OCR garble is matched loosely; a folded word is often no valid
  // syllable ("nghiep" lost its ệ) yet no garble either.
  if (!LooksGarbled(word)) return false;
  for (const std::string& stop : stops_) {
    if (GarbledForm(word, stop)) return true;
  }
  return false;
}

size_t AgencyNameRecognizer::LevelEnd(std::string_view shadow, size_t pos) const {
  for (const std::string& phrase : heads_->levels) {
    if (shadow.compare(pos, phrase.size(), phrase) == 0 &&
        (pos + phrase.size() == shadow.size() || !IsTokenChar(shadow[pos + phrase.size()]))) {
      return pos + phrase.size();
    }
  }
  return std::string::npos;
}

size_t AgencyNameRecognizer::NameEnd(const FoldedText& folded, std::string_view original,
                                     size_t start, HeadKind kind, size_t head_end) const {
  const std::string& shadow = folded.shadow();
  if (start >= shadow.size()) return std::string::npos;
  const re2::StringPiece text(shadow);
  auto match_at = [&](const RE2& re, size_t pos) -> size_t {
    re2::StringPiece m;
    if (pos >= shadow.size() ||
        !re.Match(text, pos, shadow.size(), RE2::ANCHOR_START, &m, 1)) {
      return std::string::npos;
    }
    return pos + m.size();
  };
  auto capitalized = [&](const Token& t) {
    if (t.start >= t.end) return false;
    size_t byte = folded.ToOriginal(t.start);
    char32_t c = DecodeUtf8(original, &byte);
    if (c >= 'A' && c <= 'Z') return true;
    vi::LetterParts parts;
    return c >= 0x80 && vi::Decompose(c, &parts) && parts.upper;
  };
  auto is_council = [&](const Token& t) {
    return match_at(*heads_->head, t.start) != std::string::npos;
  };
  auto is_head = [&](const Token& t) {
    return is_council(t) || match_at(*heads_->unit, t.start) != std::string::npos;
  };

  size_t end = head_end;
  bool unit = kind == HeadKind::kUnit;
  if (kind == HeadKind::kUnknown) {
    end = match_at(*heads_->head, start);
    unit = end == std::string::npos;
    if (unit) end = match_at(*heads_->unit, start);
  }
  if (end == std::string::npos || end <= start) return std::string::npos;
  // Never a part of a symbol ("KH-UBND"), nor the second word of a phrase
  // that names no agency ("xã hội").
  size_t before = start;
  while (before > 0 && (shadow[before - 1] == ' ' || shadow[before - 1] == '\t')) --before;
  if (before > 0 && (shadow[before - 1] == '-' || shadow[before - 1] == '/')) {
    return std::string::npos;
  }
  if (!nots_.empty() && before > 0 && IsTokenChar(shadow[before - 1])) {
    size_t word = before;
    while (word > 0 && IsTokenChar(shadow[word - 1])) --word;
    std::string_view head_word = std::string_view(shadow).substr(start, end - start);
    head_word = head_word.substr(0, head_word.find(' '));
    if (nots_.count(shadow.substr(word, before - word) + " " + std::string(head_word))) {
      return std::string::npos;
    }
  }

  // The body: capitalized parts, each with a few lowercase words.
  Token t = NextToken(shadow, end);
  if (unit) {
    // "Văn phòng HĐND và UBND": a body may be made of council heads.
    const bool councils = t.gap != Gap::kBreak && capitalized(t) && is_council(t);
    if (t.gap == Gap::kBreak || !capitalized(t) || (is_head(t) && !councils)) {
      return std::string::npos;
    }
    for (int part = 0; part < kMaxParts; ++part) {
      end = t.end;
      int lower = 0, capitals = 1;
      for (;;) {
        Token next = NextToken(shadow, end);
        if (next.gap != Gap::kSpace || next.start >= next.end) break;
        // A level word ends the body, but "Quân" of "Quân sự" is no "quận":
        // a level inside a title-case name is written lowercase.
        if (LevelEnd(shadow, next.start) != std::string::npos &&
            (!capitalized(next) || AllCapitals(folded, original, next))) {
          break;
        }
        if (capitalized(next)) {
          if (is_head(next) || ++capitals > kMaxCapitalRun) break;
          if (lower > 0) {  // "Thanh niên Cộng sản": a new part, no joiner
            if (++part >= kMaxParts) break;
            lower = 0;
          }
        } else {
          Token after = NextToken(shadow, next.end);
          std::string pair = std::string(next.text) + " " + std::string(after.text);
          if (IsStop(next.text) || (after.gap == Gap::kSpace && stops_.count(pair)) ||
              ++lower > kMaxLowerWords) {
            break;
          }
          if (next.text == "va") break;  // a joiner, seen below
        }
        end = next.end;
      }
      // "và" or a joiner, then another capitalized part.
      Token joint = NextToken(shadow, end);
      Token next = joint;
      if (joint.gap == Gap::kSpace && joint.text == "va") next = NextToken(shadow, joint.end);
      else if (joint.gap != Gap::kJoiner) break;
      if (next.gap == Gap::kBreak || !capitalized(next) ||
          (is_head(next) && !(councils && is_council(next))) ||
          LevelEnd(shadow, next.start) != std::string::npos) {
        break;
      }
      t = next;
    }
    t = NextToken(shadow, end);
  }

  // The level and the place: "huyện Gò Dầu", "các xã, thị trấn", "cấp xã".
  if (t.gap == Gap::kSpace && (t.text == "cac" || t.text == "cap")) {
    size_t level_end = LevelEnd(shadow, NextToken(shadow, t.end).start);
    if (NextToken(shadow, t.end).gap == Gap::kSpace && level_end != std::string::npos) {
      end = level_end;
      // "các xã, thị trấn", "các xã, phường, thị trấn"
      for (Token more = NextToken(shadow, end);
           more.gap == Gap::kJoiner &&
           (level_end = LevelEnd(shadow, more.start)) != std::string::npos;
           more = NextToken(shadow, end)) {
        end = level_end;
      }
      return end;
    }
  }
  size_t level_end = t.gap == Gap::kSpace ? LevelEnd(shadow, t.start) : std::string::npos;
  if (level_end == std::string::npos) return end;  // a place needs its level
  end = level_end;
  // A place: capitalized words or a number.
  for (int words = 0; words < kMaxPlaceWords; ++words) {
    Token place = NextToken(shadow, end);
    if (place.start >= place.end) break;
    // "Bà Rịa - Vũng Tàu": a dash joins place words, a comma never does.
    bool joined = place.gap == Gap::kJoiner && words > 0 &&
                  shadow.substr(end, place.start - end).find('-') != std::string::npos;
    if (place.gap != Gap::kSpace && !joined) break;
    if (IsDigits(place.text)) {
      if (words == 0) end = place.end;
      break;
    }
    if (!capitalized(place) || is_head(place) ||
        LevelEnd(shadow, place.start) != std::string::npos) {
      break;
    }
    end = place.end;
  }
  return end;
}

}  // namespace sohoa
