#include "pipeline/extract/canon.h"

#include <iterator>

#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"

namespace sohoa {
namespace {

constexpr std::string_view kRestoreCategories[] = {"abbrev", "agency", "place", "word", "issuer"};

bool IsKeyChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '&'; }

std::vector<std::string_view> SplitSpaces(std::string_view text) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t' ||
                               text[i] == '\r' || text[i] == '\f')) {
      ++i;
    }
    size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\n' && text[i] != '\t' &&
           text[i] != '\r' && text[i] != '\f') {
      ++i;
    }
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

// What a syllable says, case and tone placement aside: its letters'
// toneless bases and its tone ("Uỷ" and "ủy" say the same, "SỐ" and "sở" do
// not).
std::u32string Spoken(std::string_view word) {
  std::u32string out;
  vi::Tone tone = vi::Tone::kNone;
  for (size_t pos = 0; pos < word.size();) {
    char32_t c = DecodeUtf8(word, &pos);
    vi::LetterParts parts;
    if (vi::Decompose(c, &parts)) {
      c = parts.base;
      if (parts.tone != vi::Tone::kNone) tone = parts.tone;
    }
    out.push_back(c);
  }
  out.push_back(static_cast<char32_t>(tone));
  return out;
}

std::string_view TrimPunctuation(std::string_view w) {
  while (!w.empty() && (w.back() == ',' || w.back() == ';' || w.back() == ':')) w.remove_suffix(1);
  return w;
}

// True when the words are written with accents and none is garble: each is
// a Vietnamese syllable or an abbreviation in capitals ("UBND", "HĐND").
// "UBND céc x4" is garble, and its "céc" says nothing.
bool AccentsTrustworthy(const std::vector<std::string_view>& words) {
  bool accented = false;
  for (std::string_view raw : words) {
    std::string_view w = TrimPunctuation(raw);
    if (w.empty() || vi::IsValidSyllable(w)) {
      accented = accented || HasNonAscii(w);
      continue;
    }
    for (size_t pos = 0; pos < w.size();) {
      vi::LetterParts parts;
      char32_t c = DecodeUtf8(w, &pos);
      if ((c >= '0' && c <= '9') || (vi::Decompose(c, &parts) && !parts.upper)) return false;
    }
  }
  return accented;
}

// True when `count` written words, accented and trustworthy, say something
// else than `phrase`: "SỐ" is no "sở".
bool WrittenOtherwise(const std::string_view* written, size_t count, std::string_view phrase) {
  std::vector<std::string_view> canonical = SplitSpaces(phrase);
  if (canonical.size() != count) return false;
  for (size_t k = 0; k < count; ++k) {
    if (Spoken(TrimPunctuation(written[k])) != Spoken(canonical[k])) return true;
  }
  return false;
}

// Copies the capital initials of the written words onto the canonical
// phrase ("Sở Thông tin" stays capitalized, "phòng nội vụ" -> "phòng Nội vụ"
// only where the table says so). Words written in capitals throughout
// (headers) say nothing about case and are ignored.
std::string FollowCase(const std::string_view* written, size_t count, const std::string& phrase) {
  std::vector<std::string_view> canonical = SplitSpaces(phrase);
  if (canonical.size() != count) return phrase;
  std::string out;
  for (size_t k = 0; k < count; ++k) {
    if (k) out.push_back(' ');
    std::string_view w = written[k];
    size_t pos = 0;
    bool first_upper = false, rest_upper = true;
    int letters = 0;
    while (pos < w.size()) {
      char32_t c = DecodeUtf8(w, &pos);
      vi::LetterParts parts;
      if (!vi::Decompose(c, &parts)) continue;
      if (letters == 0) first_upper = parts.upper;
      else rest_upper = rest_upper && parts.upper;
      ++letters;
    }
    std::string word(canonical[k]);
    if (first_upper && !(rest_upper && letters > 1)) word = CapitalizeFirst(word);
    out += word;
  }
  return out;
}

}  // namespace

std::string Skeleton(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' ||
        (c >= '0' && c <= '9') || c == '&' || c == '~') {
      continue;
    }
    if (c == 'p' && (out.empty() || out.back() == ' ')) c = 'd';  // Đ read as P
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out.push_back(c);
  }
  return out;
}

namespace {

// ASCII that is not a letter or digit: spaces and punctuation.
bool IsSeparator(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u < 0x80 && !((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9'));
}

// The letters of `text` when all are capitals; -1 when one is lowercase.
int CapitalLetters(std::string_view text) {
  int letters = 0;
  for (size_t pos = 0; pos < text.size();) {
    vi::LetterParts parts;
    if (!vi::Decompose(DecodeUtf8(text, &pos), &parts)) continue;
    if (!parts.upper) return -1;
    ++letters;
  }
  return letters;
}

// A word in capitals throughout that is a syllable ("TỈNH", "Y"), and so
// says nothing about its case.
bool InCapitals(std::string_view word) {
  return CapitalLetters(word) > 0 && vi::IsValidSyllable(word);
}

void AppendCased(std::string_view word, bool capital, std::string* out) {
  bool first = true;
  for (size_t pos = 0; pos < word.size();) {
    char32_t c = DecodeUtf8(word, &pos);
    vi::LetterParts parts;
    if (vi::Decompose(c, &parts)) {
      char32_t cased = vi::Compose(parts.base, parts.tone, capital && first);
      if (cased != 0) c = cased;
      first = false;
    }
    AppendUtf8(c, out);
  }
}

// A word of a name and the separators after it (spaces, ",", "-", "&").
struct Piece {
  std::string_view word, separators;
};

std::vector<Piece> SplitPieces(std::string_view text) {
  std::vector<Piece> pieces;
  for (size_t i = 0; i < text.size();) {
    const size_t start = i;
    while (i < text.size() && !IsSeparator(text[i])) ++i;
    const size_t word_end = i;
    while (i < text.size() && IsSeparator(text[i])) ++i;
    if (word_end > start || pieces.empty()) {
      pieces.push_back({text.substr(start, word_end - start), text.substr(word_end, i - word_end)});
    }
  }
  return pieces;
}

// A level word as written in a name in capitals, with the word after it (for
// "thành phố", "thị xã", "thị trấn") or alone: the number of words it takes,
// 0 for none. The levels are the vocabulary's `LEVEL` phrases. Accented words
// must be the level's ("QUÂN SỰ" is no "quận"), and a `NO_LEVEL` phrase ("XÃ
// HỘI") is no level.
int LevelWords(std::string_view word, std::string_view next, const Vocabulary& vocabulary) {
  // A written word says the level's word when it has no accents, or the
  // same letters and tone.
  auto says = [](std::string_view written, std::string_view level) {
    if (vi::Fold(written) != vi::Fold(level)) return false;
    return !HasNonAscii(written) || Spoken(written) == Spoken(level);
  };
  if (vocabulary.Has(kNoLevel, vi::Fold(word) + " " + vi::Fold(next))) return 0;
  for (const Vocabulary::Entry& entry : vocabulary.List(kLevelWords)) {
    const std::string_view level = entry.phrase;
    const size_t space = level.find(' ');
    if (space == std::string_view::npos) {
      if (says(word, level)) return 1;
    } else if (says(word, level.substr(0, space)) && says(next, level.substr(space + 1))) {
      return 2;
    }
  }
  return 0;
}

// Proper case for one word when it is all capitals and a syllable.
void AppendProperCase(std::string_view word, std::string* out) {
  if (CapitalLetters(word) < 2 || !vi::IsValidSyllable(word)) {
    out->append(word);
  } else {
    AppendCased(word, true, out);
  }
}

}  // namespace

std::string ProperCaseCapitals(std::string_view text) {
  std::string out;
  for (const Piece& piece : SplitPieces(text)) {
    AppendProperCase(piece.word, &out);
    out.append(piece.separators);
  }
  return out;
}

std::string NameCaseCapitals(std::string_view text, const Vocabulary& vocabulary) {
  const std::vector<Piece> pieces = SplitPieces(text);
  std::string out;
  bool in_run = false, after_level = false;
  size_t level_end = 0;  // pieces before it are words of a level ("thị xã")
  for (size_t k = 0; k < pieces.size(); ++k) {
    const std::string_view word = pieces[k].word;
    if (!word.empty()) {
      if (k >= level_end) {
        level_end =
            k + LevelWords(word, k + 1 < pieces.size() ? pieces[k + 1].word : "", vocabulary);
      }
      const bool level = k < level_end;
      if (InCapitals(word)) {
        AppendCased(word, (after_level || !in_run) && !level, &out);
        in_run = true;
        after_level = after_level || level;
      } else {
        out.append(word);
        in_run = false;
        after_level = level;
      }
    }
    // A run ends at anything but a space: "VĂN HÓA - XÃ HỘI".
    if (pieces[k].separators.find_first_not_of(' ') != std::string_view::npos) in_run = false;
    out.append(pieces[k].separators);
  }
  return out;
}

bool AllInCapitals(std::string_view text) { return CapitalLetters(text) >= 2; }

namespace {

// An abbreviation in a name: capitals that are no syllable ("UBND", "PTNT").
bool IsAbbreviation(std::string_view word) {
  return AllInCapitals(word) && !vi::IsValidSyllable(word);
}

}  // namespace

std::string CanonTable::NameInCapitals(std::string_view restored) const {
  std::vector<Piece> pieces = SplitPieces(restored);
  if (!pieces.empty() && pieces.front().word.empty()) pieces.erase(pieces.begin());
  std::string out;
  size_t k = 0;
  // The head: the longest run of words a `head` entry names.
  for (size_t n = std::min<size_t>(5, pieces.size()); n >= 1 && k == 0; --n) {
    std::string phrase;
    for (size_t j = 0; j < n; ++j) phrase += std::string(j ? " " : "") + std::string(pieces[j].word);
    const Entry* head = Find("head", Key(phrase), false);
    if (!head) continue;
    out += head->canonical;
    out.append(pieces[n - 1].separators);
    k = n;
  }
  bool part_start = true, place = false;
  if (k == 0 && !pieces.empty()) {  // no known head: the first word is one
    if (IsAbbreviation(pieces[0].word)) out.append(pieces[0].word);
    else AppendCased(pieces[0].word, true, &out);
    out.append(pieces[0].separators);
    k = 1;
  }
  for (; k < pieces.size(); ++k) {
    const std::string_view word = pieces[k].word;
    const std::string_view next = k + 1 < pieces.size() ? pieces[k + 1].word : "";
    const int level = place ? 0 : LevelWords(word, next, vocabulary_);
    if (IsAbbreviation(word)) {
      out.append(word);
      part_start = false;
    } else if (level > 0) {
      AppendCased(word, false, &out);
      if (level == 2) {
        out.append(pieces[k].separators);
        AppendCased(pieces[++k].word, false, &out);
      }
      place = true;
    } else if (place) {
      AppendCased(word, true, &out);
    } else {
      const std::string folded = vi::Fold(word);
      const bool joins = vocabulary_.Has(kJoiner, folded);
      const bool joiner = joins || vocabulary_.Has(kGroup, folded);
      AppendCased(word, part_start && !joiner, &out);
      part_start = joins;
      if (joiner) {
        out.append(pieces[k].separators);
        continue;
      }
    }
    // A part ends at anything but a space: "Lao động - Thương binh".
    if (pieces[k].separators.find_first_not_of(' ') != std::string_view::npos) part_start = true;
    out.append(pieces[k].separators);
  }
  return out;
}

std::string CapitalizeFirst(std::string_view text) {
  size_t pos = 0;
  char32_t c = DecodeUtf8(text, &pos);
  vi::LetterParts parts;
  std::string out;
  if (vi::Decompose(c, &parts)) {
    char32_t upper = vi::Compose(parts.base, parts.tone, true);
    AppendUtf8(upper != 0 ? upper : c, &out);
  } else {
    out.append(text.substr(0, pos));
  }
  out.append(text.substr(pos));
  return out;
}

CanonTable::CanonTable(const std::vector<CanonEntry>& entries, const ConfusionTable& confusions,
                       const std::vector<WordList>& words)
    : confusions_(confusions), vocabulary_(words) {
  for (const CanonEntry& e : entries) Add(e.category, e.phrase);
}

std::string CanonTable::Key(std::string_view text) const {
  std::string folded = FoldForMatch(text, confusions_);
  std::string key;
  bool space = false;
  for (char c : folded) {
    if (IsKeyChar(c)) {
      if (space && !key.empty()) key.push_back(' ');
      space = false;
      key.push_back(c);
    } else if (c == ' ' || c == '\n' || c == '\t' || c == '-' || c == ',' || c == '/') {
      space = true;
    }
  }
  return key;
}

void CanonTable::Add(const std::string& category, const std::string& phrase) {
  Entry entry;
  size_t arrow = phrase.find(" => ");
  entry.canonical = phrase.substr(0, arrow);
  if (arrow != std::string::npos) entry.expansion = phrase.substr(arrow + 4);
  std::string key = Key(entry.canonical);
  if (key.empty()) return;
  Index& index = indexes_[category];
  index.exact.emplace(key, entry);
  std::string skeleton = Skeleton(key);
  auto [it, inserted] = index.skeleton.emplace(skeleton, entry);
  if (!inserted && it->second.canonical != entry.canonical) it->second.canonical.clear();
}

const CanonTable::Entry* CanonTable::Find(std::string_view category, std::string_view key,
                                          bool allow_skeleton) const {
  auto index = indexes_.find(category);
  if (index == indexes_.end() || key.empty()) return nullptr;
  std::string skeleton;
  return FindIn(index->second, key, allow_skeleton, &skeleton);
}

const CanonTable::Entry* CanonTable::FindIn(const Index& index, std::string_view key,
                                            bool allow_skeleton, std::string* skeleton) {
  if (key.empty()) return nullptr;
  auto it = index.exact.find(key);
  if (it != index.exact.end()) return &it->second;
  if (!allow_skeleton) return nullptr;
  if (skeleton->empty()) *skeleton = Skeleton(key);
  size_t consonants = 0;
  for (char c : *skeleton) consonants += c != ' ';
  if (consonants < 3) return nullptr;
  it = index.skeleton.find(*skeleton);
  if (it == index.skeleton.end() || it->second.canonical.empty()) return nullptr;
  return &it->second;
}

std::string CanonTable::Lookup(std::string_view category, std::string_view text) const {
  const Entry* e = Find(category, Key(text), true);
  return e ? e->canonical : std::string();
}

bool CanonTable::HeadWrittenOtherwise(std::string_view name) const {
  // The accents must be the text's, not OCR's: "Sé Y té" is a garbled "Sở
  // Y tế". Another word of the name carries accents, and none is garble.
  // The spelling first: it is the cheaper test, and most heads pass it.
  const std::vector<std::string_view> words = SplitSpaces(name);
  if (words.size() < 2 || !SpelledOtherwise("head", words.front())) return false;
  const auto accented = [](std::string_view w) { return HasNonAscii(w); };
  return std::any_of(words.begin() + 1, words.end(), accented) && AccentsTrustworthy(words);
}

bool CanonTable::SpelledOtherwise(std::string_view category, std::string_view word) const {
  word = TrimPunctuation(word);
  if (!HasNonAscii(word)) return false;
  // By the consonant skeleton too: a tolerant pattern took "Phùng" for a
  // garbled "Phòng".
  const Entry* entry = Find(category, Key(word), /*allow_skeleton=*/true);
  if (!entry || entry->canonical.empty() || entry->canonical.find(' ') != std::string::npos) {
    return false;
  }
  return Spoken(word) != Spoken(entry->canonical) && vi::IsValidSyllable(word);
}

std::string CanonTable::Expand(std::string_view category, std::string_view text) const {
  const Entry* e = Find(category, Key(text), true);
  return e ? e->expansion : std::string();
}

bool CanonTable::HasAbbreviation(std::string_view text) const {
  for (std::string_view word : SplitSpaces(text)) {
    std::string key = Key(word);
    size_t start = 0;
    // "HĐND&UBND" holds two.
    for (size_t amp = key.find('&'); ; amp = key.find('&', start)) {
      std::string part = key.substr(start, amp == std::string::npos ? amp : amp - start);
      if (Find("abbrev", part, false)) return true;
      if (amp == std::string::npos) break;
      start = amp + 1;
    }
  }
  return false;
}

std::string CanonTable::Restore(std::string_view raw, bool expand) const {
  std::string text;
  for (char c : raw) {
    if (c == '&') {
      text += " và ";
    } else {
      text.push_back(c);
    }
  }
  std::vector<std::string_view> words = SplitSpaces(text);
  const bool trust_accents = AccentsTrustworthy(words);
  std::vector<std::string> keys;
  for (std::string_view w : words) keys.push_back(Key(w));
  const Index* indexes[std::size(kRestoreCategories)];
  for (size_t c = 0; c < std::size(kRestoreCategories); ++c) {
    auto it = indexes_.find(kRestoreCategories[c]);
    indexes[c] = it == indexes_.end() ? nullptr : &it->second;
  }
  std::string out, key, skeleton;
  for (size_t i = 0; i < words.size();) {
    size_t taken = 0;
    const Entry* found = nullptr;
    bool abbrev = false;
    for (size_t n = std::min<size_t>(8, words.size() - i); n >= 1 && !found; --n) {
      key.clear();
      for (size_t k = 0; k < n; ++k) {
        if (k) key.push_back(' ');
        key += keys[i + k];
      }
      skeleton.clear();
      for (size_t c = 0; c < std::size(kRestoreCategories); ++c) {
        if (!indexes[c]) continue;
        found = FindIn(*indexes[c], key, n >= 2 || key.size() >= 4, &skeleton);
        // The head of a name is the canon's to say ("SỐ NỘI VỤ" is the
        // restorer's slip for "Sở Nội vụ"); after it, accented words are
        // read as written ("Chuyển đổi SỐ" is no "sở").
        if (found && trust_accents && i > 0 && kRestoreCategories[c] != "abbrev" &&
            WrittenOtherwise(words.data() + i, n, found->canonical)) {
          found = nullptr;
        }
        if (found) {
          abbrev = kRestoreCategories[c] == "abbrev";
          taken = n;
          break;
        }
      }
    }
    if (!out.empty()) out.push_back(' ');
    if (!found) {
      out.append(words[i]);
      ++i;
      continue;
    }
    std::string phrase =
        (expand && abbrev && !found->expansion.empty()) ? found->expansion : found->canonical;
    if (!abbrev) phrase = FollowCase(words.data() + i, taken, phrase);
    out += phrase;
    // Keep punctuation that closed the last word ("huyện," stays "huyện,").
    std::string_view last = words[i + taken - 1];
    char tail = last.empty() ? 0 : last.back();
    if (tail == ',' || tail == ';' || tail == ':') out.push_back(tail);
    i += taken;
  }
  return expand ? ExpandAbbreviations(out) : out;
}

std::string CanonTable::ExpandAbbreviations(std::string_view text) const {
  std::string out;
  for (std::string_view word : SplitSpaces(text)) {
    if (!out.empty()) out.push_back(' ');
    const Entry* e = Find("abbrev", Key(word), false);
    if (e && !e->expansion.empty() && Key(word).find(' ') == std::string::npos) {
      out += e->expansion;
      char tail = word.back();
      if (tail == ',' || tail == ';' || tail == ':') out.push_back(tail);
    } else {
      out.append(word);
    }
  }
  return out;
}

}  // namespace sohoa

namespace sohoa {
namespace {

// Whether `text` is written with its accents, well: some letter outside
// ASCII and every word a Vietnamese syllable.
bool WrittenWithAccents(std::string_view text) {
  if (!HasNonAscii(text)) return false;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ' ' || text[i] == '-') {
      if (i > start && !vi::IsValidSyllable(text.substr(start, i - start))) return false;
      start = i + 1;
    }
  }
  return true;
}

bool StartsUpperOrDigit(std::string_view word) {
  if (word.empty()) return false;
  if (word[0] >= '0' && word[0] <= '9') return true;
  size_t pos = 0;
  char32_t c = DecodeUtf8(word, &pos);
  if (c >= 'A' && c <= 'Z') return true;
  vi::LetterParts parts;
  return c >= 0x80 && vi::Decompose(c, &parts) && parts.upper;
}

}  // namespace

std::string CanonTable::AccentPlace(std::string_view level, std::string_view written) const {
  if (!places_ || written.empty()) return "";
  // The gazetteer is the authority on place names, also over accents a
  // restorer put wrong ("Nghĩa Trúng" for "Nghĩa Trung"); the written tones
  // only choose among names that share a folded key.
  std::string key = Key(written);
  PlaceHints hints;
  if (WrittenWithAccents(written)) hints.original = written;
  std::optional<PlaceMatch> match = places_->Match(key, level, hints);
  if (!match || match->end < key.size() || !match->exact) {
    // A garbled skeleton is trusted only when the text has no accents.
    if (!match || match->end < key.size() || WrittenWithAccents(written)) return "";
  }
  return match->name;
}

std::string CanonTable::AccentPlaces(std::string_view name) const {
  if (!places_) return std::string(name);
  std::vector<std::string> words;
  for (size_t start = 0; start < name.size();) {
    size_t space = name.find(' ', start);
    if (space == std::string_view::npos) space = name.size();
    if (space > start) words.emplace_back(name.substr(start, space - start));
    start = space + 1;
  }
  std::string out;
  for (size_t i = 0; i < words.size();) {
    std::string level = Key(words[i]);
    size_t level_words = 1;
    if (i + 1 < words.size()) {
      std::string two = level + " " + Key(words[i + 1]);
      if (vocabulary_.Has(kLevelWords, two)) {
        level = two;
        level_words = 2;
      }
    }
    const bool is_level = vocabulary_.Has(kLevelWords, level);
    size_t j = i + level_words;
    if (is_level && words[j - 1].back() != ',') {
      while (j < words.size() && StartsUpperOrDigit(words[j])) ++j;
    }
    std::string place;
    for (size_t k = i + level_words; is_level && k < j; ++k) place += (place.empty() ? "" : " ") + words[k];
    std::string accented = place.empty() ? "" : AccentPlace(level, place);
    for (size_t k = i; k < i + level_words; ++k) {
      out += (out.empty() ? "" : " ") + words[k];
    }
    if (!accented.empty()) {
      out += " " + accented;
      i = j;
    } else {
      i += level_words;
    }
  }
  return out;
}

}  // namespace sohoa
