#include "pipeline/extract/place_lexicon.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <functional>
#include <unordered_map>
#include <utility>

#include "pipeline/base/file.h"
#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"
#include "pipeline/extract/folded_text.h"

namespace sohoa {

namespace {

constexpr std::string_view kHeader = "# sohoa place lexicon, format 1";
constexpr std::string_view kUnitsPrefix = "# units: ";
constexpr size_t kColumns = 6;
constexpr uint64_t kMaxFileBytes = 64u << 20;

struct TypeInfo {
  PlaceType type;
  std::string_view name;
  int level;
};
constexpr std::array<TypeInfo, 9> kTypes = {{
    {PlaceType::kProvince, "Tỉnh", 1},
    {PlaceType::kCentralCity, "Thành phố Trung ương", 1},
    {PlaceType::kDistrict, "Huyện", 2},
    {PlaceType::kUrbanDistrict, "Quận", 2},
    {PlaceType::kCity, "Thành phố", 2},
    {PlaceType::kTown, "Thị xã", 2},
    {PlaceType::kCommune, "Xã", 3},
    {PlaceType::kWard, "Phường", 3},
    {PlaceType::kTownship, "Thị trấn", 3},
}};

using TypeMask = uint16_t;
constexpr TypeMask Bit(PlaceType type) { return TypeMask{1} << static_cast<int>(type); }
constexpr TypeMask kAnyType = (TypeMask{1} << kTypes.size()) - 1;

// Level words as folded keys, and the types each can name.
constexpr std::array<std::pair<std::string_view, TypeMask>, 12> kLevelWords = {{
    {"tinh", Bit(PlaceType::kProvince)},
    {"thanh pho", Bit(PlaceType::kCity) | Bit(PlaceType::kCentralCity)},
    {"tp", Bit(PlaceType::kCity) | Bit(PlaceType::kCentralCity)},
    {"huyen", Bit(PlaceType::kDistrict)},
    {"quan", Bit(PlaceType::kUrbanDistrict)},
    {"thi xa", Bit(PlaceType::kTown)},
    {"tx", Bit(PlaceType::kTown)},
    {"xa", Bit(PlaceType::kCommune)},
    {"phuong", Bit(PlaceType::kWard)},
    {"thi tran", Bit(PlaceType::kTownship)},
    {"tt", Bit(PlaceType::kTownship)},
    {"", kAnyType},
}};

// Type words that start a full name ("Huyện Gò Dầu"), longest first.
constexpr std::array<std::string_view, 8> kTypePrefixes = {
    "thanh pho ", "thi tran ", "phuong ", "thi xa ", "huyen ", "tinh ", "quan ", "xa "};

std::optional<TypeMask> LevelMask(std::string_view level_word) {
  std::string key = PlaceKey(level_word);
  for (const auto& [word, mask] : kLevelWords) {
    if (word == key) return mask;
  }
  return std::nullopt;
}

bool IsWordByte(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '~' ||
         u >= 0x80;
}

bool IsSkeletonVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

bool IsDigits(std::string_view word) {
  return !word.empty() &&
         std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Lowercases ASCII and drops the leading zeros of a number.
void AppendWord(std::string_view word, std::string* out) {
  if (IsDigits(word)) {
    size_t first = word.find_first_not_of('0');
    word = first == std::string_view::npos ? word.substr(word.size() - 1) : word.substr(first);
  }
  for (char c : word) out->push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
}

std::string StripTypeWord(std::string key) {
  for (std::string_view prefix : kTypePrefixes) {
    if (key.size() > prefix.size() && key.compare(0, prefix.size(), prefix) == 0) {
      return key.substr(prefix.size());
    }
  }
  return key;
}

std::vector<std::string_view> SplitWords(std::string_view key) {
  std::vector<std::string_view> words;
  for (size_t pos = 0; pos < key.size();) {
    size_t end = std::min(key.find(' ', pos), key.size());
    words.push_back(key.substr(pos, end - pos));
    pos = end + 1;
  }
  return words;
}

std::vector<std::string_view> SplitColumns(std::string_view line) {
  std::vector<std::string_view> cols;
  for (size_t pos = 0;;) {
    size_t end = line.find('\t', pos);
    cols.push_back(line.substr(pos, end == std::string_view::npos ? end : end - pos));
    if (end == std::string_view::npos) return cols;
    pos = end + 1;
  }
}

// One word of the text after the level word, with where it lies.
// Letters a word needs before it is read as a name run together ("giolinh"):
// short words are too often words of their own ("tanan").
constexpr size_t kMinJoinedLetters = 6;

struct TextWord {
  std::string word;  // as in a key: lowercase, no leading zeros
  size_t begin;
  size_t end;
};

// The spaces and at most one of - ' . between two words of a name; the
// offset of the next word, or npos when the name cannot go on.
size_t SkipJoiner(std::string_view text, size_t pos) {
  int marks = 0;
  for (; pos < text.size(); ++pos) {
    char c = text[pos];
    if (c == ' ' || c == '\t') continue;
    if (c == '-' || c == '\'' || c == '.') {
      if (++marks > 1) return std::string_view::npos;
      continue;
    }
    return IsWordByte(c) ? pos : std::string_view::npos;
  }
  return std::string_view::npos;
}

// Up to `max_words` words at the start of `text`.
std::vector<TextWord> LeadingWords(std::string_view text, int max_words) {
  std::vector<TextWord> words;
  size_t pos = text.find_first_not_of(" \t");
  if (pos != std::string_view::npos && text[pos] == '.')
    pos = text.find_first_not_of(" \t", pos + 1);
  if (pos == std::string_view::npos || !IsWordByte(text[pos])) return words;
  while (static_cast<int>(words.size()) < max_words) {
    size_t end = pos;
    while (end < text.size() && IsWordByte(text[end])) ++end;
    TextWord word{"", pos, end};
    AppendWord(text.substr(pos, end - pos), &word.word);
    words.push_back(std::move(word));
    pos = SkipJoiner(text, end);
    if (pos == std::string_view::npos) break;
  }
  return words;
}

// True when garbled `words` are close enough to the name `key`: at least one
// word exact, and every other word a garble (not a Vietnamese syllable, which
// would be another word: "thuan ke" is not "Thiện Kế") within two letters of
// the name's word.
bool CloseEnough(const std::vector<TextWord>& words, size_t count, std::string_view key) {
  std::vector<std::string_view> name_words = SplitWords(key);
  if (name_words.size() != count) return false;
  bool any_exact = false;
  for (size_t i = 0; i < count; ++i) {
    const std::string& word = words[i].word;
    if (word == name_words[i]) {
      any_exact = true;
      continue;
    }
    long diff = static_cast<long>(word.size()) - static_cast<long>(name_words[i].size());
    if (std::labs(diff) > 2 || vi::IsValidSyllable(word)) return false;
  }
  return any_exact;
}

Status LineError(std::string_view source, size_t line, std::string_view what) {
  return InvalidArgumentError(std::string(source) + ":" + std::to_string(line) + ": " +
                              std::string(what));
}

}  // namespace

std::string_view PlaceTypeName(PlaceType type) { return kTypes[static_cast<size_t>(type)].name; }

std::optional<PlaceType> ParsePlaceType(std::string_view name) {
  for (const TypeInfo& info : kTypes) {
    if (info.name == name) return info.type;
  }
  return std::nullopt;
}

int PlaceTypeLevel(PlaceType type) { return kTypes[static_cast<size_t>(type)].level; }

std::string PlaceKey(std::string_view name) {
  std::string folded = vi::Fold(name);
  std::string key;
  key.reserve(folded.size());
  for (size_t pos = 0; pos < folded.size();) {
    if (!IsWordByte(folded[pos])) {
      ++pos;
      continue;
    }
    size_t end = pos;
    while (end < folded.size() && IsWordByte(folded[end])) ++end;
    if (!key.empty()) key.push_back(' ');
    AppendWord(std::string_view(folded).substr(pos, end - pos), &key);
    pos = end;
  }
  return key;
}

std::string PlaceSkeleton(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  bool word_start = true;
  for (size_t i = 0; i < key.size(); ++i) {
    char c = key[i];
    char next = i + 1 < key.size() ? key[i + 1] : '\0';
    if (c == ' ') {
      out.push_back(' ');
      word_start = true;
      continue;
    }
    bool start = word_start;
    word_start = false;
    if (IsSkeletonVowel(c) || (c >= '0' && c <= '9') || c == '~') continue;
    if (c == 'r' && next != 'n' && i > 0 && IsSkeletonVowel(key[i - 1])) continue;  // "ư" as "ir"
    if ((c == 'r' && next == 'n') || (c == 'c' && next == 'l')) {
      out.push_back(c == 'r' ? 'm' : 'd');
      ++i;
      continue;
    }
    out.push_back(start && c == 'p' && next != 'h' ? 'd' : c);
  }
  return out;
}

struct PlaceLexicon::Table {
  using Ids = std::vector<uint32_t>;
  template <typename V>
  using StringMap = std::unordered_map<std::string, V, StringViewHash, std::equal_to<>>;

  std::vector<PlaceUnit> units;
  std::vector<std::vector<std::string>> parent_keys;  // per unit, type words stripped
  std::vector<std::string> accented;                  // per unit: lowercase name, classic tones
  StringMap<Ids> by_key;
  StringMap<Ids> by_skeleton;  // names of two or more words, each with consonants
  StringMap<Ids> by_joined;    // names of two or more words, spaces dropped: "giolinh"
  int max_words = 0;

  // A Match call: the types the level word allows, the hints as keys.
  struct Query {
    TypeMask mask;
    std::vector<std::string> parents;  // PlaceKeys of the parent hint, type words cut
    std::string_view original;         // the text as written
  };

  void Index();
  // The compatible units among `ids`, narrowed to those under the parent
  // hint if any are.
  std::vector<const PlaceUnit*> Candidates(const Ids& ids, const Query& query) const;
  bool UnderParents(uint32_t id, const std::vector<std::string>& parents) const;
  // True when all `units` bear one name (letter case aside).
  bool SameName(const std::vector<const PlaceUnit*>& units) const;
  // The units whose name is written in `original`; all of them when none is.
  std::vector<const PlaceUnit*> AsWritten(std::vector<const PlaceUnit*> units,
                                          std::string_view original, size_t count) const;
  std::optional<PlaceMatch> MatchExact(const std::vector<TextWord>& words, size_t count,
                                       const Query& query, bool* refused) const;
  // One word that is a name of two or more words run together by OCR
  // ("giolinh"): the units of exactly one accented name, or none.
  std::optional<PlaceMatch> MatchJoined(const std::vector<TextWord>& words, const Query& query,
                                        bool* refused) const;
  std::optional<PlaceMatch> MatchSkeleton(const std::vector<TextWord>& words, size_t count,
                                          const Query& query, bool* refused) const;
};

namespace {

bool SkeletonIndexable(std::string_view key) {
  std::vector<std::string_view> words = SplitWords(key);
  if (words.size() < 2) return false;
  return std::all_of(words.begin(), words.end(),
                     [](std::string_view w) { return !PlaceSkeleton(w).empty(); });
}

std::string JoinWords(const std::vector<TextWord>& words, size_t count) {
  std::string key;
  for (size_t i = 0; i < count; ++i) {
    if (i > 0) key.push_back(' ');
    key += words[i].word;
  }
  return key;
}

// A word lowercased with its tone where government documents put it.
std::string AccentedWord(std::string_view word) {
  std::string lower;
  for (size_t pos = 0; pos < word.size();) {
    char32_t c = DecodeUtf8(word, &pos);
    vi::LetterParts parts;
    if (vi::Decompose(c, &parts)) c = vi::Compose(parts.base, parts.tone, /*upper=*/false);
    AppendUtf8(c, &lower);
  }
  return vi::PlaceTone(lower, vi::TonePlacement::kClassic);
}

// The first `count` words of `text` as AccentedWord, joined by spaces; words
// split where PlaceKey splits them.
std::string AccentedWords(std::string_view text, size_t count) {
  std::string out;
  size_t pos = 0;
  for (size_t n = 0; n < count; ++n) {
    while (pos < text.size() && !IsWordByte(text[pos])) ++pos;
    size_t end = pos;
    while (end < text.size() && IsWordByte(text[end])) ++end;
    if (end == pos) break;
    if (n > 0) out.push_back(' ');
    out += AccentedWord(text.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

PlaceMatch MakeMatch(std::vector<const PlaceUnit*> units, const std::vector<TextWord>& words,
                     size_t count, bool exact) {
  PlaceMatch match;
  match.name = units.front()->name;
  match.units = std::move(units);
  match.begin = words.front().begin;
  match.end = words[count - 1].end;
  match.words = static_cast<int>(count);
  match.exact = exact;
  return match;
}

}  // namespace

void PlaceLexicon::Table::Index() {
  parent_keys.resize(units.size());
  accented.reserve(units.size());
  for (uint32_t id = 0; id < units.size(); ++id) {
    const PlaceUnit& unit = units[id];
    accented.push_back(AccentedWords(unit.name, SIZE_MAX));
    by_key[unit.key].push_back(id);
    if (SkeletonIndexable(unit.key)) by_skeleton[PlaceSkeleton(unit.key)].push_back(id);
    if (unit.key.find(' ') != std::string::npos) {
      std::string joined = unit.key;
      std::erase(joined, ' ');
      by_joined[joined].push_back(id);
    }
    max_words = std::max(max_words, static_cast<int>(SplitWords(unit.key).size()));
    for (size_t pos = 0; pos < unit.parents.size();) {
      size_t end = std::min(unit.parents.find(',', pos), unit.parents.size());
      parent_keys[id].push_back(StripTypeWord(PlaceKey(unit.parents.substr(pos, end - pos))));
      pos = end + 1;
    }
  }
}

std::vector<const PlaceUnit*> PlaceLexicon::Table::Candidates(const Ids& ids,
                                                              const Query& query) const {
  std::vector<const PlaceUnit*> all, under_hint;
  for (uint32_t id : ids) {
    if (!(query.mask & Bit(units[id].type))) continue;
    all.push_back(&units[id]);
    if (UnderParents(id, query.parents)) under_hint.push_back(&units[id]);
  }
  return under_hint.empty() ? all : under_hint;
}

bool PlaceLexicon::Table::UnderParents(uint32_t id, const std::vector<std::string>& parents) const {
  if (parents.empty()) return false;
  const std::vector<std::string>& mine = parent_keys[id];
  return std::all_of(parents.begin(), parents.end(), [&](const std::string& parent) {
    return std::find(mine.begin(), mine.end(), parent) != mine.end();
  });
}

bool PlaceLexicon::Table::SameName(const std::vector<const PlaceUnit*>& candidates) const {
  auto accented_of = [&](const PlaceUnit* unit) -> const std::string& {
    return accented[static_cast<size_t>(unit - units.data())];
  };
  return std::all_of(candidates.begin(), candidates.end(), [&](const PlaceUnit* unit) {
    return accented_of(unit) == accented_of(candidates.front());
  });
}

std::vector<const PlaceUnit*> PlaceLexicon::Table::AsWritten(
    std::vector<const PlaceUnit*> candidates, std::string_view original, size_t count) const {
  if (original.empty()) return candidates;
  std::string written = AccentedWords(original, count);
  std::vector<const PlaceUnit*> kept;
  for (const PlaceUnit* unit : candidates) {
    if (accented[static_cast<size_t>(unit - units.data())] == written) kept.push_back(unit);
  }
  return kept.empty() ? candidates : kept;
}

std::optional<PlaceMatch> PlaceLexicon::Table::MatchExact(const std::vector<TextWord>& words,
                                                          size_t count, const Query& query,
                                                          bool* refused) const {
  auto it = by_key.find(JoinWords(words, count));
  if (it == by_key.end()) return std::nullopt;
  std::vector<const PlaceUnit*> units = Candidates(it->second, query);
  if (units.empty()) return std::nullopt;
  if (!SameName(units)) units = AsWritten(std::move(units), query.original, count);
  if (!SameName(units)) {
    *refused = true;
    return std::nullopt;
  }
  return MakeMatch(std::move(units), words, count, /*exact=*/true);
}

std::optional<PlaceMatch> PlaceLexicon::Table::MatchJoined(const std::vector<TextWord>& words,
                                                           const Query& query,
                                                           bool* refused) const {
  if (words.empty() || words[0].word.size() < kMinJoinedLetters) return std::nullopt;
  auto it = by_joined.find(words[0].word);
  if (it == by_joined.end()) return std::nullopt;
  std::vector<const PlaceUnit*> units = Candidates(it->second, query);
  if (units.empty()) return std::nullopt;
  if (!SameName(units)) {
    *refused = true;
    return std::nullopt;
  }
  return MakeMatch(std::move(units), words, 1, /*exact=*/false);
}

std::optional<PlaceMatch> PlaceLexicon::Table::MatchSkeleton(const std::vector<TextWord>& words,
                                                             size_t count, const Query& query,
                                                             bool* refused) const {
  if (count < 2) return std::nullopt;
  auto it = by_skeleton.find(PlaceSkeleton(JoinWords(words, count)));
  if (it == by_skeleton.end()) return std::nullopt;
  std::vector<const PlaceUnit*> units;
  for (const PlaceUnit* unit : Candidates(it->second, query)) {
    if (CloseEnough(words, count, unit->key)) units.push_back(unit);
  }
  if (units.empty()) return std::nullopt;  // the text is not one of these names
  if (!SameName(units)) {
    *refused = true;
    return std::nullopt;
  }
  return MakeMatch(std::move(units), words, count, /*exact=*/false);
}

StatusOr<PlaceLexicon> PlaceLexicon::Load(const std::string& path) {
  SOHOA_ASSIGN_OR_RETURN(std::string text, ReadFile(path, kMaxFileBytes));
  return Parse(text, path);
}

namespace {

StatusOr<PlaceUnit> ParseUnit(std::string_view line, std::string_view source, size_t number) {
  std::vector<std::string_view> cols = SplitColumns(line);
  if (cols.size() != kColumns) {
    return LineError(source, number,
                     "expected 6 tab-separated columns (key, name, type, level, code, parents), "
                     "found " +
                         std::to_string(cols.size()));
  }
  PlaceUnit unit{std::string(cols[0]), std::string(cols[1]), PlaceType::kProvince,
                 std::string(cols[4]), std::string(cols[5])};
  if (unit.name.empty() || unit.name.front() == ' ' || unit.name.back() == ' ' ||
      unit.name.find("  ") != std::string::npos) {
    return LineError(source, number, "name \"" + unit.name + "\" has stray spaces");
  }
  if (unit.key != PlaceKey(unit.name)) {
    return LineError(source, number,
                     "key \"" + unit.key + "\" is not the key of name \"" + unit.name + "\" (\"" +
                         PlaceKey(unit.name) + "\")");
  }
  std::optional<PlaceType> type = ParsePlaceType(cols[2]);
  if (!type) return LineError(source, number, "unknown unit type \"" + std::string(cols[2]) + "\"");
  unit.type = *type;
  if (cols[3].size() != 1 || cols[3][0] - '0' != PlaceTypeLevel(*type)) {
    return LineError(source, number,
                     "level \"" + std::string(cols[3]) + "\" does not fit type " +
                         std::string(cols[2]) + " (level " + std::to_string(PlaceTypeLevel(*type)) +
                         ")");
  }
  if (unit.code.empty()) return LineError(source, number, "empty code");
  if ((unit.level() == 1) != unit.parents.empty()) {
    return LineError(source, number, "level 1 units have no parents, others have some");
  }
  return unit;
}

}  // namespace

StatusOr<PlaceLexicon> PlaceLexicon::Parse(std::string_view text, std::string_view source) {
  auto table = std::make_shared<Table>();
  std::optional<size_t> declared;
  size_t number = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++number;
    if (number == 1 && line != kHeader) {
      return DataLossError(std::string(source) + ":1: not a place lexicon (expected \"" +
                           std::string(kHeader) + "\"); rebuild it with tools/build_places");
    }
    if (line.substr(0, kUnitsPrefix.size()) == kUnitsPrefix) {
      size_t count = 0;
      std::string_view digits = line.substr(kUnitsPrefix.size());
      auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
      if (ec != std::errc() || ptr != digits.data() + digits.size()) {
        return LineError(source, number, "bad unit count \"" + std::string(digits) + "\"");
      }
      declared = count;
    }
    if (line.empty() || line[0] == '#') continue;
    SOHOA_ASSIGN_OR_RETURN(PlaceUnit unit, ParseUnit(line, source, number));
    table->units.push_back(std::move(unit));
  }
  if (number == 0) return DataLossError(std::string(source) + ": empty place lexicon");
  if (!declared || *declared != table->units.size()) {
    return DataLossError(std::string(source) + ": header declares " +
                         (declared ? std::to_string(*declared) : std::string("no")) +
                         " units, file has " + std::to_string(table->units.size()) +
                         "; the file is truncated or was edited by hand");
  }
  table->Index();
  return PlaceLexicon(std::move(table));
}

std::optional<PlaceMatch> PlaceLexicon::Match(std::string_view folded_words,
                                              std::string_view level_word,
                                              const PlaceHints& hints) const {
  std::optional<TypeMask> mask = LevelMask(level_word);
  if (!mask) return std::nullopt;
  Table::Query query{*mask, {}, hints.original};
  for (size_t pos = 0; pos < hints.parent.size();) {
    size_t end = std::min(hints.parent.find(',', pos), hints.parent.size());
    std::string parent = StripTypeWord(PlaceKey(hints.parent.substr(pos, end - pos)));
    if (!parent.empty()) query.parents.push_back(std::move(parent));
    pos = end + 1;
  }
  std::vector<TextWord> words = LeadingWords(folded_words, table_->max_words);
  for (size_t count = words.size(); count > 0; --count) {
    bool refused = false;
    std::optional<PlaceMatch> match = table_->MatchExact(words, count, query, &refused);
    if (!match && !refused) match = table_->MatchSkeleton(words, count, query, &refused);
    if (!match && !refused && count == 1) match = table_->MatchJoined(words, query, &refused);
    if (match || refused) return match;
  }
  return std::nullopt;
}

const std::vector<PlaceUnit>& PlaceLexicon::units() const { return table_->units; }

}  // namespace sohoa
