#include <algorithm>

#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"
#include "pipeline/extract/builder_common.h"
#include "pipeline/extract/kind_builders.h"

namespace sohoa::build {
namespace {

// One word of a quota's unit phrase as written.
struct UnitWord {
  std::string_view text;  // without the comma after it
  std::string key;        // folded
  bool comma_after = false;
};

std::vector<UnitWord> UnitWords(std::string_view text, const CanonTable& canon) {
  std::vector<UnitWord> words;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == ',') {
      if (c == ',' && !words.empty()) words.back().comma_after = true;
      ++i;
      continue;
    }
    size_t start = i;
    while (i < text.size() &&
           std::string_view(" \t\n\r\f,").find(text[i]) == std::string_view::npos)
      ++i;
    UnitWord w;
    w.text = text.substr(start, i - start);
    w.key = canon.Key(w.text);
    if (!w.key.empty()) words.push_back(std::move(w));
  }
  return words;
}

// The number of words from `at` (1 to 3) that make an entry of `category`
// (a list of plain words such as the stop words of quota.rules), or 0. In
// `accented` text one word must match the entry's accents ("có" stops, "cơ"
// does not, nor "tai" of "tai nạn" for "tại"); phrases, and text written
// without any accent, match folded.
size_t WordEntryAt(const std::vector<UnitWord>& words, size_t at, std::string_view category,
                   bool accented, const CanonTable& canon) {
  // The lists hold words and pairs ("tham gia"), nothing longer.
  for (size_t n = std::min<size_t>(2, words.size() - at); n >= 1; --n) {
    if (n == 2 && words[at].comma_after) continue;
    std::string key = n == 1 ? words[at].key : words[at].key + " " + words[at + 1].key;
    std::string entry = canon.Lookup(category, key);
    if (entry.empty() || canon.Key(entry) != key) continue;  // no skeleton guesses
    // Two words are no accident, however garbled their accents ("giai
    // quyét"); one word must be the word ("có", not "cơ").
    if (n > 1 || !accented || entry == words[at].text) return n;
  }
  return 0;
}

// The longest known unit (canon unit) starting at `at`, up to six words,
// commas inside allowed ("cơ quan, đơn vị"); its length, or 0.
size_t KnownUnitAt(const std::vector<UnitWord>& words, size_t at, bool accented,
                   const CanonTable& canon, std::string* canonical) {
  for (size_t n = std::min<size_t>(6, words.size() - at); n >= 1; --n) {
    std::string key = words[at].key;
    for (size_t k = at + 1; k < at + n; ++k) key += " " + words[k].key;
    std::string entry = canon.Lookup("unit", key);
    if (entry.empty()) continue;
    // One word is the unit only spelled so, not by its consonants ("chức" is
    // no "chiếc"), and in accented text with its accents ("sở" is no "số").
    if (n == 1 && (canon.Key(entry) != key || (accented && entry != words[at].text))) continue;
    *canonical = entry;
    return n;
  }
  return 0;
}

// Reads the unit of a quota: the noun phrase after the number, a list of
// words and known units joined by commas ("thôn, tổ dân phố"), ending before
// a stop word (verbs, prepositions: `canon unit_stop`), a capitalized word,
// an unknown word after a known unit, or after eight words. Leading `canon unit_skip` words go
// ("các", "số"). The whole phrase is the unit, for counts too ("01 đội xung kích", "500 thẻ bảo
// hiểm y tế"): a head alone lost what was counted, and annotators wrote the phrase (dev2: recall
// 0.57 -> 0.62, dev unchanged at 0.96).
// `*per` gets the period of a
// "mỗi tháng" the phrase stops at. Returns "" when there is no unit, and sets
// `*reject` when the first word says the number is no quota (`canon
// unit_not`: ngày, tuổi, đồng ...). `*known_first_out` tells whether the
// unit starts with a known one. `in_sentence` says the number stands in a
// sentence, one space before the phrase: then the first word may be a name's
// in title case going on in lowercase ("thành lập 11 Tổ công nghệ số").
// The words of a unit phrase, with each position's stop and known-unit
// lookups made once (the comma check peeks at the next position).
class UnitReader {
 public:
  UnitReader(std::string_view text, const CanonTable& canon)
      : words_(UnitWords(text, canon)),
        canon_(canon),
        stop_at_(words_.size(), -1),
        known_at_(words_.size(), -1),
        known_(words_.size()) {
    // Text is accented when at least half its words are: OCR garble has a
    // stray accent here and there ("vin bin quy pham phép luat").
    size_t with_accents = 0;
    for (const UnitWord& w : words_) with_accents += HasNonAscii(w.text) ? 1 : 0;
    accented_ = with_accents * 2 >= words_.size() && with_accents > 0;
  }

  const std::vector<UnitWord>& words() const { return words_; }
  // Words of an entry of `category` (unit_skip, unit_not, unit_stop) at `k`.
  size_t EntryLength(size_t k, std::string_view category) const {
    return WordEntryAt(words_, k, category, accented_, canon_);
  }
  size_t StopLength(size_t k) {
    if (stop_at_[k] < 0) stop_at_[k] = static_cast<int>(EntryLength(k, "unit_stop"));
    return static_cast<size_t>(stop_at_[k]);
  }
  // Words of the known unit at `k`; Known(k) is its canonical form.
  size_t KnownLength(size_t k) {
    if (known_at_[k] < 0) {
      known_at_[k] = static_cast<int>(KnownUnitAt(words_, k, accented_, canon_, &known_[k]));
    }
    return static_cast<size_t>(known_at_[k]);
  }
  const std::string& Known(size_t k) const { return known_[k]; }

 private:
  std::vector<UnitWord> words_;
  const CanonTable& canon_;
  bool accented_ = false;
  std::vector<int> stop_at_, known_at_;
  std::vector<std::string> known_;
};

struct UnitPhrase {
  std::string text;
  size_t end = 0;            // the word after the phrase
  bool known_first = false;  // the phrase starts with a known unit
};

// The unit phrase from word `i` on (see ReadUnit). With `capital_first`, its
// first word may be a name's in title case.
UnitPhrase ReadPhrase(UnitReader* reader, size_t i, bool capital_first) {
  const std::vector<UnitWord>& words = reader->words();
  constexpr int kMaxLength = 8;
  UnitPhrase phrase;
  std::string& out = phrase.text;
  int length = 0;
  while (i < words.size() && length < kMaxLength) {
    // A line that starts with a capital is a new cell or item, not the unit;
    // the first word may be a name's ("thành lập 11 Tổ công nghệ số").
    if (IsUpperInitial(words[i].text) && !(capital_first && out.empty())) break;
    size_t n = reader->KnownLength(i);
    // The longer reading wins: "cơ quan" is a unit, not "có"; "tổ chức" a
    // stop, not the unit "tổ".
    if (reader->StopLength(i) > n) break;
    std::string canonical = reader->Known(i);
    // The whole noun phrase is the unit (corpus/extract/heldout/README.md,
    // "Where a quota's unit ends"): after a known unit the words that say
    // what is counted go on ("đợt tập huấn nghiệp vụ", "lượt cán bộ y tế cơ
    // sở") until a stop word ("học sinh khám sức khỏe": khám).
    if (n == 0) {
      n = 1;
      canonical = std::string(words[i].text);
    } else if (out.empty()) {
      phrase.known_first = true;
    }
    if (!out.empty()) out += words[i - 1].comma_after ? ", " : " ";
    out += canonical;
    i += n;
    length += static_cast<int>(n);
    // A comma ends the phrase unless a list item follows.
    if (words[i - 1].comma_after &&
        (i == words.size() || reader->StopLength(i) > reader->KnownLength(i))) {
      break;
    }
  }
  phrase.end = i;
  return phrase;
}

std::string ReadUnit(std::string_view text, const CanonTable& canon, bool in_sentence,
                     std::string* per, bool* reject, bool* known_first_out, size_t* consumed) {
  UnitReader reader(text, canon);
  const std::vector<UnitWord>& words = reader.words();
  const bool capital_first = in_sentence && words.size() >= 2 && IsTitleCase(words[0].text) &&
                             !words[0].comma_after && IsLowerInitial(words[1].text);
  size_t i = 0;
  if (i + 1 < words.size() && reader.EntryLength(i, "unit_skip") == 1) ++i;
  if (i < words.size() && reader.EntryLength(i, "unit_not") > 0) {
    *reject = true;
    return "";
  }
  UnitPhrase phrase = ReadPhrase(&reader, i, capital_first);
  i = phrase.end;
  *known_first_out = phrase.known_first;
  auto end_of = [&](size_t k) {
    return static_cast<size_t>(words[k].text.data() + words[k].text.size() - text.data());
  };
  if (i > 0 && !phrase.text.empty()) *consumed = end_of(i - 1);
  // "trên 500 hội viên mỗi quý": the period after the unit.
  const Vocabulary& vocabulary = canon.vocabulary();
  if (i + 1 < words.size() && vocabulary.Has(kEvery, words[i].key)) {
    const Vocabulary::Entry* period = vocabulary.Find(kPeriodWords, words[i + 1].key);
    if (period && period->phrase != *per) {
      *per = period->phrase;
      *consumed = end_of(i + 1);
    }
  }
  return phrase.text;
}

// True when a lowercase word stands right before `offset`, one space away on
// the same line: the number is in a sentence ("thành lập 11 Tổ ...") rather
// than at the start of a row, item or cell ("11\tTổ chức", "Đề án 06  Phòng").
bool AfterLowercaseWord(std::string_view text, size_t offset) {
  if (offset < 2 || offset > text.size() || text[offset - 1] != ' ') return false;
  const size_t end = offset - 1;
  const size_t space = text.find_last_of(" \t\n", end - 1);
  const size_t start = space == std::string_view::npos ? 0 : space + 1;
  return start < end && IsLowerInitial(text.substr(start, end - start));
}

// True when the sentence holding `offset` opens with a year before the
// document's ("Năm 2023, toàn tỉnh đón 2.750.000 lượt khách" in a 2024
// plan): it reports a fact, not a target. A sentence starts after '.', ';'
// or ':' before a space, and at a line that starts with a capital, a list
// mark or a number (a wrapped sentence goes on in lowercase).
bool InPastYearSentence(std::string_view text, size_t offset, int doc_year) {
  if (doc_year <= 0 || offset > text.size()) return false;
  size_t start = offset;
  while (start > 0) {
    const char c = text[start - 1];
    const bool space_after = start == text.size() || text[start] == ' ' || text[start] == '\n';
    if ((c == '.' || c == ';' || c == ':') && space_after) break;
    if (c == '\n') {
      const size_t next = text.find_first_not_of(" \t", start);
      if (next == std::string_view::npos || next >= offset) break;
      const char first = text[next];
      if (first == '-' || first == '+' || first == '*' || (first >= '0' && first <= '9') ||
          IsUpperInitial(text.substr(next))) {
        break;
      }
    }
    --start;
  }
  constexpr size_t kMaxOpening = 24;
  const std::string opening = vi::Fold(text.substr(start, std::min(kMaxOpening, offset - start)));
  size_t i = opening.find_first_not_of(" \t\n-+*");
  if (i == std::string::npos) return false;
  if (opening.compare(i, 6, "trong ") == 0) i += 6;
  if (opening.compare(i, 4, "nam ") != 0) return false;
  i += 4;
  int year = 0, digits = 0;
  for (; i < opening.size() && opening[i] >= '0' && opening[i] <= '9' && digits < 4;
       ++i, ++digits) {
    year = year * 10 + (opening[i] - '0');
  }
  return digits == 4 && year < doc_year;
}

// Adds `count` and `percent` from the count slot, else the percent slot;
// false when neither holds a number.
bool AddAmount(const Slot* count, const Slot* percent, Fields* f) {
  if (count) {
    int n = ParseNumber(count->folded);
    if (n < 0) return false;
    f->emplace_back("count", int64_t{n});
    f->emplace_back("percent", std::monostate());
    return true;
  }
  if (!percent) return false;
  std::string digits;
  for (char c : percent->folded) {
    if (c >= '0' && c <= '9') digits.push_back(c);
    if ((c == ',' || c == '.') && !digits.empty()) digits.push_back('.');
  }
  if (digits.empty()) return false;
  f->emplace_back("count", std::monostate());
  f->emplace_back("percent", std::stod(digits));
  return true;
}

}  // namespace

Fields BuildQuota(const Slots& slots, const CanonTable& canon, const DocumentContext& ctx,
                  size_t* span_end) {
  Fields f;
  f.reserve(6);
  const Slot* count = Get(slots, "count");
  const Slot* percent = Get(slots, "percent");
  if (!AddAmount(count, percent, &f)) return {};
  const Slot* unit = Get(slots, "unit");
  std::string per_in_unit;
  bool reject = false;
  bool known_unit = false;
  size_t consumed = 0;  // bytes of the unit slot the unit (and its period) took
  // "thành lập 11 Tổ công nghệ số": a unit may start with a capital when it
  // is a name's, written in title case, one space after a number that
  // stands in a sentence, and going on in lowercase.
  const Slot* number = count ? count : percent;
  if (InPastYearSentence(ctx.text, number->start, ctx.year)) return {};
  const bool in_sentence =
      unit && number->end + 1 == unit->start && AfterLowercaseWord(ctx.text, number->start);
  std::string u = unit ? ReadUnit(unit->original, canon, in_sentence, &per_in_unit, &reject,
                                  &known_unit, &consumed)
                       : "";
  // A count is a quota only with something counted; a percentage may stand
  // alone ("tỷ lệ hồ sơ giải quyết đúng hạn đạt 95%").
  if (reject || (count && u.empty())) return {};
  // A lone digit before an unknown word is more often OCR's reading of a
  // letter ("6 cơ sở" for "ở cơ sở", "T6 chức") than a target, which plans
  // write "02 đợt", "2 hội nghị".
  if (count && !known_unit && Digits(count->folded).size() == 1 && count->folded[0] != '0')
    return {};
  AddString(&f, "unit", u);
  const Slot* per = Get(slots, "per");
  std::vector<std::string> periods = per ? Periods(*per, canon) : std::vector<std::string>();
  AddString(&f, "per", periods.empty() ? per_in_unit : periods[0]);
  const Slot* qualifier = Get(slots, "qualifier");
  std::string q = qualifier ? canon.Lookup("qualifier", Clean(qualifier->original)) : "";
  AddString(&f, "qualifier", q);
  f.emplace_back("agency", std::monostate());
  // The record ends with its unit (and period), not with the words the
  // pattern took to find where the unit ends.
  if (span_end && unit && consumed > 0) {
    *span_end = std::max(unit->start + consumed, per ? per->end : 0);
  }
  return f;
}

}  // namespace sohoa::build
