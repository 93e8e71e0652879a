#include "pipeline/extract/agency_name.h"

#include <re2/re2.h>

#include <algorithm>

#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"
#include "pipeline/extract/vocabulary.h"

namespace sohoa {
namespace {

constexpr int kMaxParts = 5;           // "Văn hóa, Thể thao và Du lịch": 3
constexpr int kMaxLowerWords = 5;      // "Vệ sinh môi trường nông thôn"
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
  bool newline = false;   // the gap holds a line break
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
    } else if (c == '-' && newlines > 0) {
      ++others;  // a dash that opens a line opens a list item: "Sở Nội vụ\n- Tham mưu"
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
  t.newline = newlines > 0;
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
  // Council heads that name their level ("tinh uy", "quan doan"): a place
  // may follow them directly ("Tỉnh ủy Lào Cai", "Quận đoàn Hải Châu").
  std::vector<std::string> own_level;
  // Words of a time (TIME_WORD: "thang", "quy") and of a recurring one
  // (RECURRING_TIME: "hang"), which a table's next cell may start with.
  std::vector<std::string> time_words, recurring;
  // JOINER ("va"), GROUP ("cac"), PLACE_GROUP ("cac", "cap") and BRANCH
  // ("chi nhanh") of rules/vocabulary.rules.
  std::vector<std::string> joiners, groups, place_groups, branches;

  static bool Has(const std::vector<std::string>& words, std::string_view word) {
    return std::find(words.begin(), words.end(), word) != words.end();
  }
};

AgencyNameRecognizer::AgencyNameRecognizer(std::unique_ptr<Heads> heads,
                                           std::unordered_set<std::string> stops,
                                           std::unordered_map<std::string, std::string> accented_stops,
                                           std::unordered_set<std::string> nots,
                                           std::unordered_set<std::string> keeps)
    : heads_(std::move(heads)),
      stops_(std::move(stops)),
      accented_stops_(std::move(accented_stops)),
      nots_(std::move(nots)),
      keeps_(std::move(keeps)) {}

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
  if (auto own = defines.find("AGENCY_OWN_LEVEL"); own != defines.end()) {
    heads->own_level = SplitWords(own->second);
  }
  // Word lists of rules/vocabulary.rules, read as their macros.
  for (auto [list, out] : {std::pair{kTimeWords, &heads->time_words},
                           std::pair{kRecurringTime, &heads->recurring},
                           std::pair{kJoiner, &heads->joiners}, std::pair{kGroup, &heads->groups},
                           std::pair{kPlaceGroup, &heads->place_groups},
                           std::pair{kBranch, &heads->branches}}) {
    if (auto words = defines.find(std::string(list)); words != defines.end()) {
      *out = SplitWords(words->second);
    }
  }
  std::unordered_set<std::string> nots;
  if (auto no = defines.find("AGENCY_NOT"); no != defines.end()) {
    for (std::string& phrase : SplitWords(no->second)) nots.insert(std::move(phrase));
  }
  std::unordered_set<std::string> keeps;
  if (auto keep = defines.find("AGENCY_KEEP"); keep != defines.end()) {
    for (std::string& phrase : SplitWords(keep->second)) keeps.insert(std::move(phrase));
  }
  std::unordered_set<std::string> stops;
  auto it = defines.find("AGENCY_STOP");
  if (it == defines.end()) {
    return InvalidArgumentError("agency names need `define AGENCY_STOP = word|word|...`");
  }
  std::unordered_map<std::string, std::string> accented_stops;
  for (std::string& word : SplitWords(it->second)) {
    std::string key = vi::Fold(word);
    if (key != word) accented_stops[key] = word;
    stops.insert(std::move(key));
  }
  return std::unique_ptr<AgencyNameRecognizer>(new AgencyNameRecognizer(
      std::move(heads), std::move(stops), std::move(accented_stops), std::move(nots),
      std::move(keeps)));
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

// Reads one name over the shadow and the original beside it; the steps of
// NameEnd, each a method.
class AgencyNameRecognizer::Reader {
 public:
  Reader(const AgencyNameRecognizer& r, const FoldedText& folded, std::string_view original,
         const CanonTable* canon)
      : r_(r), folded_(folded), original_(original), shadow_(folded.shadow()), canon_(canon) {}

  size_t NameEnd(size_t start, HeadKind kind, size_t head_end) const {
    if (start >= shadow_.size()) return std::string::npos;
    size_t end = head_end;
    bool unit = kind == HeadKind::kUnit;
    if (kind == HeadKind::kUnknown) {
      end = MatchAt(*r_.heads_->head, start);
      unit = end == std::string::npos;
      if (unit) end = MatchAt(*r_.heads_->unit, start);
    }
    if (end == std::string::npos || end <= start || Excluded(start, end)) {
      return std::string::npos;
    }
    if (unit) {
      // A branch is named by what it is a branch of: "Chi nhánh Văn phòng
      // Đăng ký đất đai", "Chi nhánh Ngân hàng Chính sách xã hội".
      const bool branch =
          Heads::Has(r_.heads_->branches, std::string_view(shadow_).substr(start, end - start));
      end = BodyEnd(end, branch);
      // Looked at last, as it costs RE2 calls: most unit heads have no body.
      if (end == std::string::npos || (kind == HeadKind::kUnit && InCouncilHead(start))) {
        return std::string::npos;
      }
    } else if (OwnLevelHeadEnd(start) == end) {
      const size_t level_end = LevelAndPlaceEnd(end);
      return level_end != end ? level_end : PlaceWordsEnd(end);
    }
    return LevelAndPlaceEnd(end);
  }

 private:
  size_t MatchAt(const RE2& re, size_t pos) const {
    re2::StringPiece m;
    if (pos >= shadow_.size() ||
        !re.Match(shadow_, pos, shadow_.size(), RE2::ANCHOR_START, &m, 1)) {
      return std::string::npos;
    }
    return pos + m.size();
  }
  // True when a council head covers `pos`, starting there or one or two
  // words before. A council head is read as one: "ỦY BAN NHÂN DÂN" under
  // "TM." is no unit "Ủy ban" (nor "Ban") with the body "NHÂN DÂN", which
  // in capitals ran on into the next line ("ỦY BAN NHÂN DÂN\nCHỦ TỊCH").
  // A group ("các phòng, ban") is no council: "các Phòng Giáo dục và Đào
  // tạo" holds a unit.
  bool InCouncilHead(size_t pos) const {
    size_t word = pos;
    for (int back = 0; back <= 2; ++back) {
      const size_t end = MatchAt(*r_.heads_->head, word);
      const bool group = GroupWordAt(word);
      if (end != std::string::npos && end > pos && !group) return true;
      size_t gap = word;  // the previous word, across spaces on the line
      while (gap > 0 && (shadow_[gap - 1] == ' ' || shadow_[gap - 1] == '\t')) --gap;
      if (gap == word || gap == 0 || !IsTokenChar(shadow_[gap - 1])) break;
      word = WordBefore(gap).start;
    }
    return false;
  }
  // True when a GROUP word ("cac") and a space stand at `word`.
  bool GroupWordAt(size_t word) const {
    for (const std::string& group : r_.heads_->groups) {
      const size_t end = word + group.size();
      if (shadow_.compare(word, group.size(), group) == 0 && end < shadow_.size() &&
          shadow_[end] == ' ') {
        return true;
      }
    }
    return false;
  }
  // The word of the shadow that ends at `end`.
  Token WordBefore(size_t end) const {
    Token t;
    t.end = end;
    t.start = end;
    while (t.start > 0 && IsTokenChar(shadow_[t.start - 1])) --t.start;
    t.text = std::string_view(shadow_).substr(t.start, end - t.start);
    return t;
  }
  // True when `next` starts a line below a line of capitals that `word`
  // ends, and is not in capitals itself: the capitals were a title's or a
  // signature's ("BÁO\nVề việc", "PHÒNG\nTrần Thị Hoa"), not a name a header
  // spread over two lines, which it writes in capitals throughout ("ỦY BAN
  // NHÂN DÂN\nXÃ TÂN THẠNH ĐÔNG"). An abbreviation ("HĐND\nvà UBND") is no
  // line of capitals.
  bool LeavesCapitals(const Token& word, const Token& next) const {
    if (!next.newline || word.start >= word.end || !AllCapitals(folded_, original_, word) ||
        AllCapitals(folded_, original_, next)) {
      return false;
    }
    const size_t start = folded_.ToOriginal(word.start), end = folded_.ToOriginal(word.end);
    return vi::IsValidSyllable(original_.substr(start, end - start));
  }
  bool Capitalized(const Token& t) const {
    if (t.start >= t.end) return false;
    size_t byte = folded_.ToOriginal(t.start);
    char32_t c = DecodeUtf8(original_, &byte);
    if (c >= 'A' && c <= 'Z') return true;
    vi::LetterParts parts;
    return c >= 0x80 && vi::Decompose(c, &parts) && parts.upper;
  }
  bool IsCouncil(const Token& t) const {
    return MatchAt(*r_.heads_->head, t.start) != std::string::npos;
  }
  bool IsHead(const Token& t) const {
    return IsCouncil(t) ||
           (MatchAt(*r_.heads_->unit, t.start) != std::string::npos && !TolerantMisread(t));
  }
  // A word the tolerant head pattern took for a garbled head, though it is
  // written with accents as another word: "Phùng" (a name) is no "Phòng".
  // A word that folds to the head ("Trưởng", "Số") still stops a body.
  bool TolerantMisread(const Token& t) const {
    if (!canon_) return false;
    const size_t start = folded_.ToOriginal(t.start), end = folded_.ToOriginal(t.end);
    const std::string_view written = original_.substr(start, end - start);
    if (!canon_->SpelledOtherwise("head", written)) return false;
    return canon_->Key(canon_->Lookup("head", written)) != canon_->Key(written);
  }
  // The end of a head that names its level (AGENCY_OWN_LEVEL) at `pos`, or
  // npos.
  size_t OwnLevelHeadEnd(size_t pos) const {
    for (const std::string& phrase : r_.heads_->own_level) {
      if (shadow_.compare(pos, phrase.size(), phrase) == 0 &&
          (pos + phrase.size() == shadow_.size() || !IsTokenChar(shadow_[pos + phrase.size()]))) {
        return pos + phrase.size();
      }
    }
    return std::string::npos;
  }
  // "Tháng 3/2023", "Quý II": a time, as in the cell after a name in a table
  // written one cell a line, is no place ("huyện Năm Căn" is one).
  // "Hằng quý", "Hằng tháng": a recurring time is one too.
  bool IsTime(const Token& t) const {
    auto in = [](const std::vector<std::string>& words, std::string_view word) {
      return std::find(words.begin(), words.end(), word) != words.end();
    };
    auto is_time_word = [&](std::string_view word) { return in(r_.heads_->time_words, word); };
    const Token next = NextToken(shadow_, t.end);
    if (in(r_.heads_->recurring, t.text)) {
      return next.gap == Gap::kSpace && is_time_word(next.text);
    }
    if (!is_time_word(t.text)) return false;
    return !next.text.empty() && (IsDigits(next.text) || next.text.find_first_not_of("ivx") ==
                                                             std::string_view::npos);
  }
  // A stop word ending the name. In text written with accents, a stop
  // given with accents must be written so: "về" stops, "vệ" of "Bảo vệ thực
  // vật" does not; "cơ" of "Trung học cơ sở" is no "có".
  bool IsStop(const Token& t) const {
    if (!r_.IsStop(t.text)) return false;
    auto accented = r_.accented_stops_.find(std::string(t.text));
    if (accented == r_.accented_stops_.end()) return true;
    const size_t start = folded_.ToOriginal(t.start), end = folded_.ToOriginal(t.end);
    const std::string_view written = original_.substr(start, end - start);
    return !HasNonAscii(written) || written == accented->second;
  }
  // A head that starts a name of its own: a council head, or a unit head
  // with a capitalized body ("và Báo Thái Nguyên"); not a unit head that is
  // a word of the name being read ("và Bảo vệ thực vật", "Văn phòng Sở").
  bool StartsName(const Token& t) const {
    if (IsCouncil(t)) return true;
    const size_t head_end = MatchAt(*r_.heads_->unit, t.start);
    if (head_end == std::string::npos) return false;
    const Token body = NextToken(shadow_, head_end);
    return body.gap != Gap::kBreak && Capitalized(body);
  }
  // True when the words ending with `next` are a phrase of AGENCY_KEEP, in
  // which a stop word (or pair) is none: "dang ky", "tra ket qua", "giao
  // duc thuong xuyen" (a name, where "thường xuyên" alone is an adverb
  // after one).
  bool Kept(const Token& next) const {
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n'; };
    for (const std::string& phrase : r_.keeps_) {
      size_t p = phrase.size(), at = next.end;
      bool same = true;
      while (same && p > 0) {
        if (phrase[p - 1] == ' ') {
          same = at > 0 && blank(shadow_[at - 1]);
          while (at > 0 && blank(shadow_[at - 1])) --at;
        } else {
          same = at > 0 && shadow_[at - 1] == phrase[p - 1];
          --at;
        }
        --p;
      }
      if (same && (at == 0 || !IsTokenChar(shadow_[at - 1]))) return true;
    }
    return false;
  }
  // A level word, but not the first word of a phrase that names no agency:
  // the "xã" of "Chính sách xã hội" is none.
  bool IsLevel(const Token& t) const {
    if (r_.LevelEnd(shadow_, t.start) == std::string::npos) return false;
    if (r_.nots_.empty()) return true;
    const Token after = NextToken(shadow_, t.end);
    return after.gap != Gap::kSpace ||
           !r_.nots_.count(std::string(t.text) + " " + std::string(after.text));
  }

  // Never a part of a symbol ("KH-UBND"), nor the second word of a phrase
  // that names no agency ("xã hội").
  bool Excluded(size_t start, size_t head_end) const {
    size_t before = start;
    while (before > 0 && (shadow_[before - 1] == ' ' || shadow_[before - 1] == '\t')) --before;
    if (before > 0 && (shadow_[before - 1] == '-' || shadow_[before - 1] == '/')) {
      // "- Bộ phận ..." at a line's start is a list item, not a symbol's tail.
      size_t mark = before - 1;
      while (mark > 0 && (shadow_[mark - 1] == ' ' || shadow_[mark - 1] == '\t')) --mark;
      const bool bullet = shadow_[before - 1] == '-' && (mark == 0 || shadow_[mark - 1] == '\n');
      if (!bullet) return true;
    }
    if (r_.nots_.empty()) return false;
    // A head of one word and the word after it: "BÁO CÁO" is no newspaper.
    const Token head = WordBefore(head_end), after = NextToken(shadow_, head_end);
    if (head.start == start && after.gap == Gap::kSpace && !after.newline &&
        r_.nots_.count(std::string(head.text) + " " + std::string(after.text))) {
      return true;
    }
    if (before == 0 || !IsTokenChar(shadow_[before - 1])) return false;
    size_t word = before;
    while (word > 0 && IsTokenChar(shadow_[word - 1])) --word;
    std::string_view head_word = std::string_view(shadow_).substr(start, head_end - start);
    head_word = head_word.substr(0, head_word.find(' '));
    return r_.nots_.count(shadow_.substr(word, before - word) + " " + std::string(head_word)) > 0;
  }

  // The body after a unit head: capitalized parts, each with a few
  // lowercase words, joined by ",", "-", "&" or "và". npos when there is
  // none ("ban hành").
  size_t BodyEnd(size_t head_end, bool branch = false) const {
    Token t = NextToken(shadow_, head_end);
    // "Văn phòng HĐND và UBND": a body may be made of council heads.
    const bool councils = t.gap != Gap::kBreak && Capitalized(t) && IsCouncil(t);
    if (t.gap == Gap::kBreak || !Capitalized(t)) return std::string::npos;
    if (LeavesCapitals(WordBefore(head_end), t)) return std::string::npos;
    // A head word as the body ("Văn phòng Sở", "Ủy ban Mặt trận") unless a
    // name of its own starts there (but a branch's body is such a name), or
    // it is in capitals: "TRƯỞNG PHÒNG" above a signature is a post.
    if (!councils && ((!branch && StartsName(t)) ||
                      (IsHead(t) && AllCapitals(folded_, original_, t)))) {
      return std::string::npos;
    }
    size_t end = head_end;
    for (int part = 0; part < kMaxParts; ++part) {
      end = PartEnd(t, &part);
      // "và" or a joiner, then another capitalized part.
      Token joint = NextToken(shadow_, end);
      Token next = joint;
      const bool joiner = Heads::Has(r_.heads_->joiners, joint.text);
      if (joint.gap == Gap::kSpace && joiner) {
        next = NextToken(shadow_, joint.end);
      } else if (joint.gap != Gap::kJoiner) {
        break;
      }
      // After "và" a head word may be a word of the name ("Trạm Trồng trọt
      // và Bảo vệ thực vật") unless a name starts there ("và Báo Thái
      // Nguyên"); after a comma or dash a head starts the next name, even
      // garbled ("Phòng Tư pháp, Phong\nvan hóa").
      const bool head = joiner ? StartsName(next) : IsHead(next);
      // A level word in title case is a body word ("Văn hóa - Xã hội"), as
      // in PartEnd; in capitals it is the level ("- HUYỆN").
      const bool level = IsLevel(next) && AllCapitals(folded_, original_, next);
      if (next.gap == Gap::kBreak || !Capitalized(next) ||
          (head && !(councils && IsCouncil(next))) || level) {
        break;
      }
      t = next;
    }
    return end;
  }

  // The end of the body part starting with capitalized token `first`;
  // counts in `*part` the parts that follow without a joiner.
  size_t PartEnd(const Token& first, int* part) const {
    size_t end = first.end;
    int lower = 0, capitals = 1;
    Token last = first;
    for (;;) {
      Token next = NextToken(shadow_, end);
      if (next.gap != Gap::kSpace || next.start >= next.end) break;
      if (LeavesCapitals(last, next)) break;
      // A level word ends the body, but "Quân" of "Quân sự" is no "quận":
      // a level inside a title-case name is written lowercase.
      if (IsLevel(next) && (!Capitalized(next) || AllCapitals(folded_, original_, next))) break;
      if (next.text[0] >= '0' && next.text[0] <= '9') break;  // "Tháng 3", a number
      if (Capitalized(next)) {
        // "Sở Tài chính Năm 2024": the next cell of a table whose cells OCR
        // ran together on one line.
        if (IsTime(next)) break;
        // "Ban Thường vụ Tỉnh ủy Đắk Lắk": a short body may end in a council
        // head that names its level, and its place.
        const size_t own = lower <= 1 ? OwnLevelHeadEnd(next.start) : std::string::npos;
        if (own != std::string::npos) {
          end = PlaceWordsEnd(own);
          break;
        }
        if (IsHead(next) || ++capitals > kMaxCapitalRun) break;
        if (lower > 0) {  // "Thanh niên Cộng sản": a new part, no joiner
          // ... but not on the next line: a table cell a line ("Phòng Nội
          // vụ" / "Tháng 3/2023").
          if (next.newline || ++*part >= kMaxParts) break;
          lower = 0;
        }
      } else {
        Token after = NextToken(shadow_, next.end);
        std::string pair = std::string(next.text) + " " + std::string(after.text);
        // A stop that ends a word of the name is none: "Đăng ký" in
        // "Văn phòng Đăng ký đất đai".
        if ((IsStop(next) && !Kept(next)) ||
            (after.gap == Gap::kSpace && r_.stops_.count(pair) && !Kept(after)) ||
            ++lower > kMaxLowerWords || Heads::Has(r_.heads_->joiners, next.text)) {
          break;
        }
      }
      end = next.end;
      last = next;
    }
    return end;
  }

  // The level and the place after a head or body: "huyện Gò Dầu", "các xã,
  // thị trấn", "cấp xã", "Phường 12". `end` when there is no level.
  size_t LevelAndPlaceEnd(size_t end) const {
    Token t = NextToken(shadow_, end);
    if (t.gap == Gap::kSpace && Heads::Has(r_.heads_->place_groups, t.text)) {
      Token level = NextToken(shadow_, t.end);
      size_t level_end = r_.LevelEnd(shadow_, level.start);
      if (level.gap == Gap::kSpace && level_end != std::string::npos) {
        // "các xã, thị trấn", "các xã, phường, thị trấn"
        for (Token more = NextToken(shadow_, level_end);
             more.gap == Gap::kJoiner && IsLevel(more); more = NextToken(shadow_, level_end)) {
          level_end = r_.LevelEnd(shadow_, more.start);
        }
        return level_end;
      }
    }
    size_t level_end = t.gap == Gap::kSpace ? r_.LevelEnd(shadow_, t.start) : std::string::npos;
    if (level_end == std::string::npos) return end;  // a place needs its level
    return PlaceWordsEnd(level_end);
  }

  // The end of the place words after `end` (a level, or a head that names
  // its level): capitalized words ("Vĩnh\nLong" too, but not below a line
  // of capitals), "Bà Rịa - Vũng Tàu", or a number ("Phường 12"); `end`
  // when there are none.
  size_t PlaceWordsEnd(size_t end) const {
    for (int words = 0; words < kMaxPlaceWords; ++words) {
      Token place = NextToken(shadow_, end);
      if (place.start >= place.end || LeavesCapitals(WordBefore(end), place)) break;
      // "Bà Rịa - Vũng Tàu": a dash joins place words, a comma never does.
      bool joined = place.gap == Gap::kJoiner && words > 0 &&
                    shadow_.substr(end, place.start - end).find('-') != std::string::npos;
      if (place.gap != Gap::kSpace && !joined) break;
      if (IsDigits(place.text)) {
        if (words == 0) end = place.end;
        break;
      }
      if (!Capitalized(place) || IsHead(place) || IsLevel(place) || IsTime(place)) break;
      end = place.end;
    }
    return end;
  }

  const AgencyNameRecognizer& r_;
  const FoldedText& folded_;
  std::string_view original_;
  const std::string& shadow_;
  const CanonTable* canon_;  // may be null
};

size_t AgencyNameRecognizer::NameEnd(const FoldedText& folded, std::string_view original,
                                     size_t start, HeadKind kind, size_t head_end,
                                     const CanonTable* canon) const {
  return Reader(*this, folded, original, canon).NameEnd(start, kind, head_end);
}

}  // namespace sohoa
