#include "pipeline/extract/record_builder.h"

#include <algorithm>
#include <cstdio>

#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"
#include "pipeline/extract/kind_builders.h"

namespace sohoa {
namespace {

const Slot* Get(const Slots& slots, const char* name) {
  auto it = slots.find(name);
  if (it == slots.end() || it->second.folded.empty()) return nullptr;
  return &it->second;
}

bool IsUpperInitial(std::string_view word) {
  size_t pos = 0;
  while (pos < word.size() && (word[pos] == '*' || word[pos] == '_' || word[pos] == '(')) ++pos;
  char32_t c = DecodeUtf8(word, &pos);
  vi::LetterParts parts;
  return vi::Decompose(c, &parts) && parts.upper;
}

bool IsLowerInitial(std::string_view word) {
  size_t pos = 0;
  char32_t c = DecodeUtf8(word, &pos);
  vi::LetterParts parts;
  return vi::Decompose(c, &parts) && !parts.upper;
}

bool IsTitleCase(std::string_view word) {
  size_t pos = 0;
  int letters = 0;
  while (pos < word.size()) {
    vi::LetterParts parts;
    if (!vi::Decompose(DecodeUtf8(word, &pos), &parts)) continue;
    if (parts.upper != (letters == 0)) return false;
    ++letters;
  }
  return letters > 0;
}

// Text as written, without markdown or HTML marks, on one line.
std::string Clean(std::string_view text) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '<') {
      size_t close = text.find('>', i);
      if (close != std::string_view::npos && close - i <= 4) {
        i = close;
        continue;
      }
    }
    if (c == '*' || c == '#' || c == '_') continue;
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  while (!out.empty() && (out.back() == ',' || out.back() == ';' || out.back() == ':' ||
                          out.back() == '-' || out.back() == '.' || out.back() == ' ')) {
    out.pop_back();
  }
  size_t lead = 0;
  while (lead < out.size() && (out[lead] == '-' || out[lead] == ' ' || out[lead] == '.' ||
                               out[lead] == ',' || out[lead] == ':')) {
    ++lead;
  }
  return out.substr(lead);
}

std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::string_view(" \n\t\r\f").find(text[i]) != std::string_view::npos) ++i;
    size_t start = i;
    while (i < text.size() && std::string_view(" \n\t\r\f").find(text[i]) == std::string_view::npos) ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

// True when `text` is written with its accents, and well: some letter is
// outside ASCII and every word is a Vietnamese syllable ("dién" is garble).
bool AccentedWell(std::string_view text) {
  if (!HasNonAscii(text)) return false;
  for (std::string_view word : Words(text)) {
    while (!word.empty() && (word.back() == ',' || word.back() == ';')) word.remove_suffix(1);
    if (!word.empty() && !vi::IsValidSyllable(word)) return false;
  }
  return true;
}

// "tinh Tay\nNinh ve" -> "tỉnh Tây Ninh": the level word, then the words
// that start with a capital letter.
std::string PlacePhrase(const Slot& slot, const CanonTable& canon) {
  std::vector<std::string_view> words = Words(slot.original);
  if (words.empty()) return "";
  size_t level_words = 1;
  std::string first = canon.Key(words[0]);
  if (words.size() > 1) {
    std::string two = first + " " + canon.Key(words[1]);
    if (canon.vocabulary().Has(kLevelWords, two)) level_words = 2;
  }
  std::string level;
  for (size_t k = 0; k < level_words; ++k) level += std::string(k ? " " : "") + std::string(words[k]);
  std::string name;
  for (size_t k = level_words; k < words.size() && IsUpperInitial(words[k]); ++k) {
    name += std::string(name.empty() ? "" : " ") + std::string(words[k]);
  }
  std::string out = canon.Restore(level, false);
  std::transform(out.begin(), out.begin() + std::min<size_t>(1, out.size()), out.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; });
  if (name.empty()) return out;
  std::string place = canon.Lookup("place", Clean(name));
  if (place.empty()) place = canon.AccentPlace(canon.Key(level), Clean(name));
  return out + " " + (place.empty() ? ProperCaseCapitals(Clean(name)) : place);
}

std::string IssuerName(const Slots& slots, const CanonTable& canon, const DocumentContext& ctx) {
  const Slot* body = Get(slots, "issuer");
  if (!body) return "";
  const std::string written = Clean(body->original);
  std::string name = canon.Lookup("issuer", written);
  if (name.empty() && AllInCapitals(written)) {
    name = canon.Lookup("agency", written);
    if (name.empty()) name = canon.NameInCapitals(canon.Restore(written, true));
  }
  if (name.empty()) {
    name = CapitalizeFirst(NameCaseCapitals(canon.Restore(written, true), canon.vocabulary()));
  }
  const Slot* place = Get(slots, "issuer_place");
  if (place) {
    std::string phrase = PlacePhrase(*place, canon);
    if (!phrase.empty()) name += " " + phrase;
  }
  // "UBND tỉnh" in a plan of "Ủy ban nhân dân tỉnh Hưng Yên" is that one.
  if (!ctx.issuer.empty() && ctx.issuer.size() > name.size() &&
      ctx.issuer.compare(0, name.size() + 1, name + " ") == 0) {
    std::string rest = ctx.issuer.substr(name.size() + 1);
    if (rest.find(' ') != std::string::npos || name.find(' ') != std::string::npos) {
      if (Words(ctx.issuer).size() == Words(name).size() + Words(rest).size()) name = ctx.issuer;
    }
  }
  return name;
}

// Splits a symbol at '-' and '/' into its parts, keeping the separators
// as parts of their own; spaces are dropped.
std::vector<std::string> SymbolParts(std::string_view text) {
  std::vector<std::string> parts(1);
  for (char c : text) {
    if (c == '-' || c == '/') {
      parts.emplace_back(1, c);
      parts.emplace_back();
    } else if (c != ' ' && c != '\n' && c != '\t') {
      parts.back().push_back(c);
    }
  }
  return parts;
}

// A symbol part as written is trusted when it is letters only and shows
// what folding loses: an Đ ("BGDĐT") or lowercase letters ("TTg", "GDTrH").
bool TrustWrittenPart(std::string_view part) {
  bool telling = false;
  for (size_t pos = 0; pos < part.size();) {
    char32_t c = DecodeUtf8(part, &pos);
    if (c == U'Đ' || (c >= 'a' && c <= 'z')) {
      telling = true;
    } else if (!(c >= 'A' && c <= 'Z')) {
      return false;
    }
  }
  return telling;
}

// "nd-cp" -> "NĐ-CP": each part from the symbol table, else as written when
// the writing tells more than the fold ("BGDĐT"), else upper case.
// A symbol part the table does not know, as OCR may have slipped on it: a
// letter O before a final digit is a zero ("pco7" -> "pc07"); one letter
// read for a look-alike ("binmt" -> "btnmt") is put back when that makes a
// part the table knows, and only one. Returns the table's part, or "".
std::string MendedPart(std::string* clean, const CanonTable& canon) {
  const size_t n = clean->size();
  if (n >= 2 && (*clean)[n - 2] == 'o' && (*clean)[n - 1] >= '0' && (*clean)[n - 1] <= '9') {
    (*clean)[n - 2] = '0';
  }
  if (n < 4) return "";
  static constexpr std::pair<char, char> kLookAlikes[] = {
      {'i', 't'}, {'l', 't'}, {'i', 'l'}, {'o', 'd'}, {'d', 'o'}, {'h', 'n'}, {'n', 'h'}};
  std::string found;
  for (size_t i = 0; i < n; ++i) {
    for (const auto& [seen, meant] : kLookAlikes) {
      if ((*clean)[i] != seen) continue;
      std::string variant = *clean;
      variant[i] = meant;
      std::string canonical = canon.Lookup("symbol", variant);
      if (canonical.empty() || canonical == found) continue;
      if (!found.empty()) return "";  // two parts fit: no guess
      found = canonical;
    }
  }
  return found;
}

std::string CanonicalSymbol(std::string_view folded, std::string_view written,
                            const CanonTable& canon) {
  std::vector<std::string> folded_parts = SymbolParts(folded);
  std::vector<std::string> written_parts = SymbolParts(written);
  const bool aligned = folded_parts.size() == written_parts.size();
  std::string out;
  for (size_t i = 0; i < folded_parts.size(); ++i) {
    const std::string& part = folded_parts[i];
    if (part == "-" || part == "/") {
      out += part;
      continue;
    }
    std::string clean;
    for (char c : part) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '&') clean.push_back(c);
    }
    if (clean.empty()) continue;
    std::string found = canon.Lookup("symbol", clean);
    if (found.empty() && aligned && TrustWrittenPart(written_parts[i])) found = written_parts[i];
    if (found.empty()) found = MendedPart(&clean, canon);
    if (found.empty()) {
      found = clean;
      for (char& c : found) c = (c >= 'a' && c <= 'z') ? c - 32 : c;
    }
    out += found;
  }
  return out;
}

std::string Digits(std::string_view folded) {
  std::string out;
  for (char c : folded) {
    if (c >= '0' && c <= '9') out.push_back(c);
  }
  return out;
}

void AddString(Fields* fields, const char* name, const std::string& value) {
  if (value.empty()) {
    fields->emplace_back(name, std::monostate());
  } else {
    fields->emplace_back(name, value);
  }
}

// Adds `date` (ISO or null) and, for a date that cannot exist, `impossible`.
void AddDate(Fields* fields, const char* name, int year, int month, int day, bool flag_always) {
  bool real = IsRealDate(year, month, day);
  if (year > 0 && month > 0 && day > 0) {
    fields->emplace_back(name, IsoDate(year, month, day));
  } else if (year > 0 && month >= 1 && month <= 12) {
    char buf[16];
    std::snprintf(buf, sizeof(buf), "%04d-%02d", year, month);
    fields->emplace_back(name, std::string(buf));
  } else if (year > 0) {
    fields->emplace_back(name, std::to_string(year));
  } else {
    fields->emplace_back(name, std::monostate());
  }
  bool impossible = year > 0 && month > 0 && day > 0 && !real;
  if (impossible || flag_always) fields->emplace_back("impossible", impossible);
}

int SlotNumber(const Slots& slots, const char* name) {
  const Slot* s = Get(slots, name);
  return s ? ParseNumber(s->folded) : -1;
}

int FourDigitYear(int year) {
  if (year >= 0 && year < 100) return 2000 + year;
  return year;
}

}  // namespace

Fields BuildLegalRef(const Slots& slots, const CanonTable& canon, const DocumentContext& ctx,
                     size_t* /*span_end*/) {
  Fields f;
  const Slot* type = Get(slots, "doc_type");
  const Slot* symbol = Get(slots, "symbol");
  const Slot* number = Get(slots, "number");
  const Slot* ref = Get(slots, "ref");
  const Slot* name = Get(slots, "name");
  // "Thông báo kết luận => Thông báo": a kind named by its family.
  std::string doc_type = type ? canon.Expand("doc_type", type->original) : "";
  if (doc_type.empty() && type) doc_type = canon.Lookup("doc_type", type->original);
  if (doc_type.empty() && type) doc_type = name ? "Luật" : CapitalizeFirst(Clean(type->original));
  std::string canonical_symbol = symbol ? CanonicalSymbol(symbol->folded, symbol->original, canon) : "";
  if (doc_type.empty() && symbol) {
    std::string code = canonical_symbol.substr(0, canonical_symbol.find_first_of("-/"));
    doc_type = canon.Expand("type_code", code);
  }
  // A code that starts with its issuer, not a type: the rule says what it is.
  const Slot* untyped = Get(slots, "untyped");
  if (doc_type.empty() && untyped) doc_type = untyped->original;
  std::string num = number ? Digits(number->folded) : "";
  int year = SlotNumber(slots, "year");
  std::string ref_text;
  // A law's name starts with a capital, but for an amending law: "Luật sửa
  // đổi, bổ sung một số điều của Luật ...".
  const bool amending = name && canon.Key(name->original).rfind("sua doi", 0) == 0;
  if (name && (!type || !IsUpperInitial(type->original) ||
               (!IsUpperInitial(name->original) && !amending))) {
    return {};  // "pháp luật trên địa bàn năm 2022" names no law
  }
  if (ref) {
    ref_text = ref->original;
  } else if (name && num.empty()) {
    // Accented text is kept as written: the canonical words are for garble,
    // and would turn a written "bổ sung" into "bộ sung".
    std::string written = Clean(name->original);
    // OCR marks a vowel it could not read with '?': "Luật Lưu tri? năm 2011".
    written.erase(std::remove(written.begin(), written.end(), '?'), written.end());
    std::string restored = AccentedWell(written) ? written : canon.Restore(written, false);
    ref_text = doc_type + " " + (amending ? restored : CapitalizeFirst(restored));
    if (year > 0) ref_text += " năm " + std::to_string(year);
  } else {
    if (num.empty() || canonical_symbol.empty()) return {};
    bool party_style = canonical_symbol.find('/') != std::string::npos;
    ref_text = num + (party_style ? "-" : "/");
    if (year > 0) ref_text += std::to_string(year) + "/";
    ref_text += canonical_symbol;
  }
  AddString(&f, "doc_type", doc_type);
  AddString(&f, "number", num);
  if (year > 0) f.emplace_back("year", int64_t{year}); else f.emplace_back("year", std::monostate());
  AddString(&f, "symbol", canonical_symbol);
  f.emplace_back("ref", ref_text);
  int date_year = FourDigitYear(SlotNumber(slots, "date_year"));
  if (date_year <= 0 && SlotNumber(slots, "month") > 0) date_year = ctx.year;
  AddDate(&f, "date", date_year, SlotNumber(slots, "month"), SlotNumber(slots, "day"), false);
  AddString(&f, "issuer", IssuerName(slots, canon, ctx));
  return f;
}

namespace {

// True when the first words of `a` and `b` have the same letters and tones,
// case aside ("SỞ" ~ "Sở", not "SỐ" ~ "Sở").
bool SameFirstWord(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  for (;;) {
    const bool a_end = i >= a.size() || a[i] == ' ', b_end = j >= b.size() || b[j] == ' ';
    if (a_end || b_end) return a_end && b_end;
    char32_t ca = DecodeUtf8(a, &i), cb = DecodeUtf8(b, &j);
    vi::LetterParts pa, pb;
    if (vi::Decompose(ca, &pa) && vi::Decompose(cb, &pb)) {
      if (pa.base != pb.base || pa.tone != pb.tone) return false;
    } else if (ca != cb) {
      return false;
    }
  }
}

// The offsets where `word` stands whole in `key`: after a space or at the
// start, before a space, a comma or the end.
std::vector<size_t> WholeWordAt(std::string_view key, std::string_view word) {
  std::vector<size_t> at;
  for (size_t p = key.find(word); p != std::string_view::npos; p = key.find(word, p + 1)) {
    const size_t end = p + word.size();
    const bool left = p == 0 || key[p - 1] == ' ';
    if (left && (end == key.size() || key[end] == ' ' || key[end] == ',')) {
      at.push_back(p);
    }
  }
  return at;
}

// The words of `name` that can say its level, folded, each other word "~".
// In a name written well with accents a word says a level only as written
// so ("quận", "Phường"): "Trung tâm Quan trắc tài nguyên" names no quận,
// "địa phương" no phường. Other names are read by their folded words. The
// words that can are those of the vocabulary's NAME_LEVEL and NO_LEVEL.
std::string LevelKey(const std::string& name, const Vocabulary& vocabulary) {
  if (!AccentedWell(name)) return vi::Fold(name);
  std::string key;
  for (std::string_view word : Words(name)) {
    size_t core = word.size();
    while (core > 0 && std::string_view(",;:.").find(word[core - 1]) != std::string_view::npos) {
      --core;
    }
    const std::string_view w = word.substr(0, core);
    bool says_level = false;
    for (std::string_view list : {kNameLevel, kNoLevel}) {
      for (const Vocabulary::Entry& entry : vocabulary.List(list)) {
        for (std::string_view level : Words(entry.phrase)) {
          says_level = says_level || SameFirstWord(w, level);
        }
      }
    }
    if (!key.empty()) key.push_back(' ');
    key += says_level ? vi::Fold(w) : std::string("~");
    key += word.substr(core);
  }
  return key;
}

// True when `entry` of NAME_LEVEL stands in `key` (a `^` entry: starts it,
// before a space), but not as the start of a NO_LEVEL phrase ("xa hoi").
bool SaysLevel(const std::string& key, const Vocabulary::Entry& entry,
               const Vocabulary& vocabulary) {
  auto no_level_at = [&](size_t p) {
    for (const Vocabulary::Entry& no : vocabulary.List(kNoLevel)) {
      if (key.compare(p, no.key.size(), no.key) == 0) return true;
    }
    return false;
  };
  if (entry.at_start) return key.rfind(entry.key + " ", 0) == 0 && !no_level_at(0);
  const std::vector<size_t> at = WholeWordAt(key, entry.key);
  return std::any_of(at.begin(), at.end(), [&](size_t p) { return !no_level_at(p); });
}

}  // namespace

std::string AgencyLevel(const std::string& name, const Vocabulary& vocabulary) {
  const std::string key = LevelKey(name, vocabulary);
  for (const Vocabulary::Entry& entry : vocabulary.List(kNameLevel)) {
    if (!SaysLevel(key, entry, vocabulary)) continue;
    if (!entry.value.empty()) return entry.value;
    const Vocabulary::Entry* level = vocabulary.Find(kLevelWords, entry.key);
    return level ? level->value : "";
  }
  return "";
}

namespace {

// "Trung tâm Y tế quân", "Hội Chữ thập đỏ xa": a level word at the end of a
// name, or before its place, that restoration left unaccented or accented
// wrong, written as the level it is ("quận", "xã").
std::string AccentLevel(const std::string& name, const CanonTable& canon) {
  std::vector<std::string_view> words = Words(name);
  // Names of groups end in nouns, not levels: "Các cơ quan", "các sở,
  // ngành, địa phương".
  if (!words.empty() && canon.Key(words[0]) == "cac") return name;
  for (size_t k = 1; k < words.size(); ++k) {
    if (IsUpperInitial(words[k])) continue;
    const size_t n = k + 1 < words.size() && !IsUpperInitial(words[k + 1]) ? 2 : 1;
    for (size_t len = n; len >= 1; --len) {
      // The level is followed by nothing but its place, in capitals.
      bool place_after = true;
      for (size_t j = k + len; j < words.size(); ++j) {
        place_after = place_after && (IsUpperInitial(words[j]) || Digits(words[j]) == words[j]);
      }
      if (!place_after) continue;
      const std::string_view written(words[k].data(),
                                     words[k + len - 1].data() + words[k + len - 1].size() -
                                         words[k].data());
      const std::string level = canon.Lookup("word", written);
      const Vocabulary::Entry* entry = canon.vocabulary().Find(kLevelWords, vi::Fold(level));
      if (!entry || entry->phrase != level || canon.Key(level) != canon.Key(written)) continue;
      const size_t at = written.data() - name.data();
      return name.substr(0, at) + level + name.substr(at + written.size());
    }
  }
  return name;
}

NameCache::Agency AgencyNames(const std::string& written, const CanonTable& canon) {
  NameCache::Agency names;
  // Accented text keeps its words: canon words are for garble, and would
  // turn "Quân sự" into "Quận sự".
  // Words in capitals go through the canon too, which knows their case.
  bool lowercase = std::any_of(written.begin(), written.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  std::string restored =
      AccentedWell(written) && lowercase ? written : canon.Restore(written, false);
  // ... but a head the restorer left unaccented is the canon's: "Phong Tư
  // pháp" -> "Phòng Tư pháp".
  const size_t head_end = restored.find(' ');
  if (restored == written && head_end != std::string::npos &&
      !HasNonAscii(std::string_view(restored).substr(0, head_end))) {
    restored = canon.Restore(restored.substr(0, head_end), false) + restored.substr(head_end);
  }
  // A head in capitals written with accents is read as written: when the
  // canon makes "SỐ NĂM" a "Sở Năm", or "TRỌNG TÂM" a "Trung tâm", the words
  // were no agency.
  if (!lowercase && HasNonAscii(written) && !SameFirstWord(written, restored)) return names;
  std::string cased;
  if (AllInCapitals(written)) {
    cased = canon.Lookup("agency", written);
    if (cased.empty()) cased = canon.NameInCapitals(restored);
  } else {
    cased = CapitalizeFirst(NameCaseCapitals(restored, canon.vocabulary()));
  }
  names.shortened = canon.AccentPlaces(AccentLevel(cased, canon));
  names.full = CapitalizeFirst(canon.ExpandAbbreviations(names.shortened));
  if (!canon.HasAbbreviation(names.shortened)) names.shortened.clear();
  names.level = AgencyLevel(names.full, canon.vocabulary());
  return names;
}

}  // namespace

Fields BuildAgency(const Slots& slots, const CanonTable& canon, const DocumentContext& ctx,
                   size_t* /*span_end*/) {
  const Slot* name = Get(slots, "name");
  if (!name) return {};
  std::string written = Clean(name->original);
  NameCache::Agency names;
  if (ctx.names) {
    auto it = ctx.names->agencies.find(written);
    if (it == ctx.names->agencies.end()) {
      SharedAgencyNames* shared = ctx.names->shared;
      NameCache::Agency found;
      if (!shared || !shared->Find(written, &found)) {
        found = AgencyNames(written, canon);
        if (shared) shared->Add(written, found);
      }
      it = ctx.names->agencies.emplace(written, std::move(found)).first;
    }
    names = it->second;
  } else {
    names = AgencyNames(written, canon);
  }
  if (names.full.empty()) return {};
  Fields f;
  f.emplace_back("name", names.full);
  AddString(&f, "abbreviated", names.shortened);
  AddString(&f, "level", names.level);
  const Slot* role = Get(slots, "role");
  const Slot* task = Get(slots, "task");
  std::string role_text = role ? role->original : "";
  if (!role && task) {
    const std::string key = canon.Key(task->original);
    for (std::string_view list : {kLeadRole, kPartnerRole}) {
      for (const Vocabulary::Entry& entry : canon.vocabulary().List(list)) {
        if (key.rfind(entry.key, 0) == 0) role_text = entry.phrase;
      }
    }
  }
  AddString(&f, "role", role_text);
  AddString(&f, "task", task ? Clean(task->original) : "");
  return f;
}

namespace {

int Quarter(std::string_view folded) {
  std::string s;
  for (char c : folded) {
    if (c != ' ') s.push_back(c);
  }
  if (s == "i" || s == "1") return 1;
  if (s == "ii" || s == "2" || s == "11") return 2;
  if (s == "iii" || s == "3" || s == "111") return 3;
  if (s == "iv" || s == "4" || s == "1v") return 4;
  return 0;
}

// The periods a slot names ("quy 6 thang nam" -> quý, 6 tháng, năm), as the
// vocabulary's PERIOD and TIME_WORD entries write them.
std::vector<std::string> Periods(const Slot& slot, const CanonTable& canon) {
  const Vocabulary& vocabulary = canon.vocabulary();
  std::vector<std::string> out;
  std::string key = canon.Key(slot.original);
  std::vector<std::string_view> words = Words(key);
  for (size_t i = 0; i < words.size(); ++i) {
    const Vocabulary::Entry* entry = nullptr;
    if (i + 1 < words.size()) {
      entry = vocabulary.Find(kPeriodWords, std::string(words[i]) + " " + std::string(words[i + 1]));
      if (entry) ++i;
    }
    if (!entry) entry = vocabulary.Find(kPeriodWords, words[i]);
    if (!entry) entry = vocabulary.Find(kTimeWords, words[i]);
    if (entry) out.push_back(entry->phrase);
  }
  return out;
}

}  // namespace

Fields BuildDeadline(const Slots& slots, const CanonTable& canon, const DocumentContext& ctx,
                     size_t* /*span_end*/) {
  Fields f;
  const Slot* type = Get(slots, "type");
  std::string kind = type ? type->original : "on";
  int day = SlotNumber(slots, "day"), month = SlotNumber(slots, "month");
  int year = FourDigitYear(SlotNumber(slots, "year"));
  const Slot* quarter = Get(slots, "quarter");
  // "từ tháng 3 đến tháng 6/2023": the start shares the end's year.
  if (year <= 0 && kind == "range") year = FourDigitYear(SlotNumber(slots, "year2"));
  bool inferred = false;
  if (year <= 0 && (month > 0 || quarter) && ctx.year > 0) {
    year = ctx.year;
    inferred = true;
    // A plan looks ahead: "trong tháng 01" in a plan of December is next
    // January. A report looks back, and keeps its own year.
    int q = quarter ? Quarter(quarter->folded) : 0;
    bool earlier = ctx.month > 0 && (month > 0 ? month < ctx.month : q > 0 && q < (ctx.month + 2) / 3);
    if (earlier && ctx.doc_type != "Báo cáo") ++year;
  }
  // A time the document has already passed, year written ("tháng 02/2024"
  // in a plan of March 2024; a report's last year): no deadline.
  if (kind != "recurring" && !inferred && year > 0 && ctx.year > 0 && ctx.month > 0) {
    int last_year = year, last_month = quarter ? Quarter(quarter->folded) * 3 : month;
    if (kind == "range") {
      const int year2 = FourDigitYear(SlotNumber(slots, "year2"));
      if (year2 > 0) last_year = year2;
      last_month = SlotNumber(slots, "month2");
    }
    if (last_month <= 0 || last_month > 12) last_month = 12;
    if (last_year * 12 + last_month < ctx.year * 12 + ctx.month) return {};
  }
  f.emplace_back("type", kind);
  if (kind == "recurring") {
    const Slot* period = Get(slots, "period");
    std::vector<std::string> periods = period ? Periods(*period, canon) : std::vector<std::string>();
    f.emplace_back("value", std::monostate());
    AddString(&f, "period", periods.empty() ? "" : periods[0]);
    f.emplace_back("periods", periods);
  } else if (quarter) {
    int q = Quarter(quarter->folded);
    if (q == 0 || year <= 0) return {};
    f.emplace_back("value", std::to_string(year) + "-Q" + std::to_string(q));
    f.emplace_back("period", std::monostate());
  } else {
    if (year <= 0) return {};
    if (month > 12 || month == 0 || day == 0 || day > 31) return {};
    AddDate(&f, "value", year, month, day, false);
    f.emplace_back("period", std::monostate());
  }
  if (kind == "range") {
    int year2 = FourDigitYear(SlotNumber(slots, "year2"));
    if (year2 <= 0) year2 = year;
    AddDate(&f, "end", year2, SlotNumber(slots, "month2"), SlotNumber(slots, "day2"), false);
    // The value of a range is an ISO 8601 interval: "2023-03/2023-06".
    auto value = std::find_if(f.begin(), f.end(), [](const auto& p) { return p.first == "value"; });
    const std::string* end = std::get_if<std::string>(&f.back().second);
    const std::string* start = value != f.end() ? std::get_if<std::string>(&value->second) : nullptr;
    if (start && end && f.back().first == "end") value->second = *start + "/" + *end;
  }
  const Slot* task = Get(slots, "task");
  AddString(&f, "task", task ? Clean(task->original) : "");
  f.emplace_back("agency", std::monostate());
  f.emplace_back("year_inferred", inferred);
  bool impossible = day > 0 && month > 0 && year > 0 && !IsRealDate(year, month, day);
  f.emplace_back("impossible", impossible);
  return f;
}

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
    while (i < text.size() && std::string_view(" \t\n\r\f,").find(text[i]) == std::string_view::npos) ++i;
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
// an unknown word after a known unit, or after eight words. Leading `canon unit_skip` words go ("các", "số").
// The whole phrase is the unit, for counts too ("01 đội xung kích", "500
// thẻ bảo hiểm y tế"): a head alone lost what was counted, and annotators
// wrote the phrase (dev2: recall 0.57 -> 0.62, dev unchanged at 0.96).
// `*per` gets the period of a
// "mỗi tháng" the phrase stops at. Returns "" when there is no unit, and sets
// `*reject` when the first word says the number is no quota (`canon
// unit_not`: ngày, tuổi, đồng ...). `*known_first_out` tells whether the
// unit starts with a known one. `in_sentence` says the number stands in a
// sentence, one space before the phrase: then the first word may be a name's
// in title case going on in lowercase ("thành lập 11 Tổ công nghệ số").
std::string ReadUnit(std::string_view text, const CanonTable& canon, bool in_sentence,
                     std::string* per, bool* reject, bool* known_first_out, size_t* consumed) {
  std::vector<UnitWord> words = UnitWords(text, canon);
  const bool capital_first = in_sentence && words.size() >= 2 && IsTitleCase(words[0].text) &&
                             !words[0].comma_after && IsLowerInitial(words[1].text);
  // Text is accented when at least half its words are: OCR garble has a
  // stray accent here and there ("vin bin quy pham phép luat").
  size_t with_accents = 0;
  for (const UnitWord& w : words) with_accents += HasNonAscii(w.text) ? 1 : 0;
  const bool accented = with_accents * 2 >= words.size() && with_accents > 0;
  size_t i = 0;
  if (i + 1 < words.size() && WordEntryAt(words, i, "unit_skip", accented, canon) == 1) ++i;
  if (i < words.size() && WordEntryAt(words, i, "unit_not", accented, canon) > 0) {
    *reject = true;
    return "";
  }
  // Each position is looked up once: the comma check peeks at the next one.
  std::vector<int> stop_at(words.size(), -1), known_at(words.size(), -1);
  std::vector<std::string> known(words.size());
  auto stop_length = [&](size_t k) {
    if (stop_at[k] < 0) {
      stop_at[k] = static_cast<int>(WordEntryAt(words, k, "unit_stop", accented, canon));
    }
    return static_cast<size_t>(stop_at[k]);
  };
  auto known_length = [&](size_t k) {
    if (known_at[k] < 0) known_at[k] = static_cast<int>(KnownUnitAt(words, k, accented, canon, &known[k]));
    return static_cast<size_t>(known_at[k]);
  };
  std::string out;
  int length = 0;
  bool known_first = false;
  const int max_length = 8;
  while (i < words.size() && length < max_length) {
    // A line that starts with a capital is a new cell or item, not the unit;
    // the first word may be a name's ("thành lập 11 Tổ công nghệ số").
    if (IsUpperInitial(words[i].text) && !(capital_first && out.empty())) break;
    size_t n = known_length(i);
    // The longer reading wins: "cơ quan" is a unit, not "có"; "tổ chức" a
    // stop, not the unit "tổ".
    if (stop_length(i) > n) break;
    std::string canonical = known[i];
    // The whole noun phrase is the unit (corpus/extract/heldout/README.md,
    // "Where a quota's unit ends"): after a known unit the words that say
    // what is counted go on ("đợt tập huấn nghiệp vụ", "lượt cán bộ y tế cơ
    // sở") until a stop word ("học sinh khám sức khỏe": khám).
    if (n == 0) {
      n = 1;
      canonical = std::string(words[i].text);
    } else if (out.empty()) {
      known_first = true;
    }
    if (!out.empty()) out += words[i - 1].comma_after ? ", " : " ";
    out += canonical;
    i += n;
    length += static_cast<int>(n);
    // A comma ends the phrase unless a list item follows.
    if (words[i - 1].comma_after && (i == words.size() || stop_length(i) > known_length(i))) break;
  }
  *known_first_out = known_first;
  auto end_of = [&](size_t k) {
    return static_cast<size_t>(words[k].text.data() + words[k].text.size() - text.data());
  };
  if (i > 0 && !out.empty()) *consumed = end_of(i - 1);
  // "trên 500 hội viên mỗi quý": the period after the unit.
  const Vocabulary& vocabulary = canon.vocabulary();
  if (i + 1 < words.size() && vocabulary.Has(kEvery, words[i].key)) {
    const Vocabulary::Entry* period = vocabulary.Find(kPeriodWords, words[i + 1].key);
    if (period && period->phrase != *per) {
      *per = period->phrase;
      *consumed = end_of(i + 1);
    }
  }
  return out;
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
  for (; i < opening.size() && opening[i] >= '0' && opening[i] <= '9' && digits < 4; ++i, ++digits) {
    year = year * 10 + (opening[i] - '0');
  }
  return digits == 4 && year < doc_year;
}

}  // namespace

Fields BuildQuota(const Slots& slots, const CanonTable& canon, const DocumentContext& ctx,
                  size_t* span_end) {
  Fields f;
  f.reserve(6);
  const Slot* count = Get(slots, "count");
  const Slot* percent = Get(slots, "percent");
  if (count) {
    int n = ParseNumber(count->folded);
    if (n < 0) return {};
    f.emplace_back("count", int64_t{n});
    f.emplace_back("percent", std::monostate());
  } else if (percent) {
    std::string digits;
    for (char c : percent->folded) {
      if (c >= '0' && c <= '9') digits.push_back(c);
      if ((c == ',' || c == '.') && !digits.empty()) digits.push_back('.');
    }
    if (digits.empty()) return {};
    f.emplace_back("count", std::monostate());
    f.emplace_back("percent", std::stod(digits));
  } else {
    return {};
  }
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
  if (count && !known_unit && Digits(count->folded).size() == 1 && count->folded[0] != '0') return {};
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

namespace {

std::vector<std::string> Recipients(const Slot& slot) {
  std::vector<std::string> out;
  std::string_view text = slot.original;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    size_t dash = line.find('-');
    if (dash != std::string_view::npos && line.substr(0, dash).find_first_not_of(" \t*") ==
                                              std::string_view::npos) {
      std::string_view items = line.substr(dash + 1);
      // "- TT.HU; TT. HDND huyện;": every item ends in ';'. After the last
      // ';' of a line comes the signature column, not a recipient.
      bool has_semicolon = items.find(';') != std::string_view::npos;
      while (!items.empty()) {
        size_t semi = items.find(';');
        if (semi == std::string_view::npos && has_semicolon) break;
        std::string clean = Clean(items.substr(0, semi));
        std::string key = vi::Fold(clean);
        if (!clean.empty() && key.rfind("luu", 0) != 0) out.push_back(clean);
        if (semi == std::string_view::npos) break;
        items.remove_prefix(semi + 1);
      }
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return out;
}

}  // namespace

Fields BuildDocument(const Slots& slots, const CanonTable& canon, const DocumentContext& ctx,
                     size_t* /*span_end*/) {
  Fields f;
  const Slot* type = Get(slots, "doc_type");
  std::string doc_type = type ? canon.Lookup("doc_type", type->original) : "";
  const Slot* symbol = Get(slots, "symbol");
  std::string canonical_symbol = symbol ? CanonicalSymbol(symbol->folded, symbol->original, canon) : "";
  if (doc_type.empty() && !canonical_symbol.empty()) {
    doc_type = canon.Expand("type_code", canonical_symbol.substr(0, canonical_symbol.find('-')));
  }
  AddString(&f, "doc_type", doc_type);
  const Slot* number = Get(slots, "number");
  AddString(&f, "number", number ? Digits(number->folded) : "");
  AddString(&f, "symbol", canonical_symbol);
  AddDate(&f, "date", FourDigitYear(SlotNumber(slots, "year")), SlotNumber(slots, "month"),
          SlotNumber(slots, "day"), false);
  const Slot* place = Get(slots, "place");
  std::string place_name;
  if (place) {
    place_name = canon.Lookup("place", Clean(place->original));
    if (place_name.empty()) place_name = canon.AccentPlace("", Clean(place->original));
    if (place_name.empty()) place_name = ProperCaseCapitals(Clean(place->original));
  }
  AddString(&f, "place", place_name);
  AddString(&f, "issuer", IssuerName(slots, canon, ctx));
  const Slot* title = Get(slots, "title");
  AddString(&f, "title", title ? Clean(title->original) : "");
  const Slot* signer = Get(slots, "signer");
  AddString(&f, "signer", signer ? Clean(signer->original) : "");
  const Slot* recipients = Get(slots, "recipients");
  f.emplace_back("recipients", recipients ? Recipients(*recipients) : std::vector<std::string>());
  return f;
}


size_t PlaceEnd(const Slot& slot, const Vocabulary& vocabulary) {
  std::vector<std::string_view> words = Words(slot.original);
  if (words.empty()) return slot.start;
  size_t keep = 1;
  std::string first = vi::Fold(words[0]);
  if (words.size() > 1) {
    std::string two = first + " " + vi::Fold(words[1]);
    if (vocabulary.Has(kLevelWords, two)) keep = 2;
  }
  while (keep < words.size() && IsUpperInitial(words[keep])) ++keep;
  std::string_view last = words[keep - 1];
  return slot.start + (last.data() + last.size() - slot.original.data());
}

Fields BuildFields(RecordKind kind, const Slots& slots, const CanonTable& canon,
                   const DocumentContext& context, size_t* span_end) {
  if (Get(slots, "ignore")) return {};
  // A rule may demand that a word be capitalized as written ("Năm 2022"
  // alone at the end of a table line, not "năm 2022" in prose nor "NĂM 2022"
  // in a heading).
  const Slot* capital = Get(slots, "capital");
  if (capital && !IsTitleCase(capital->original)) return {};
  // "huyện Đức Trọng năm 2022": a keyword written in title case after a word
  // in title case ends a proper name ("Trọng"), and is no keyword ("trong").
  const Slot* name_word = Get(slots, "name_word");
  const Slot* keyword = Get(slots, "keyword");
  if (name_word && keyword && IsTitleCase(name_word->original) &&
      IsTitleCase(keyword->original)) {
    return {};
  }
  return SchemaOf(kind).build(slots, canon, context, span_end);
}

bool IsRealDate(int year, int month, int day) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year <= 0 || month < 1 || month > 12 || day < 1) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= days;
}

std::string IsoDate(int year, int month, int day) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", year % 10000, month % 100, day % 100);
  return buf;
}

int ParseNumber(std::string_view folded) {
  int value = 0;
  bool any = false;
  for (char c : folded) {
    // Spaces OCR put in, and thousands separators: "5.000 tờ rơi".
    if (c == ' ' || c == '\n' || c == '\t' || c == '.' || c == ',') continue;
    if (c < '0' || c > '9') return -1;
    if (value > 99999999) return -1;  // "3.500.000 lượt khách"; no overflow
    value = value * 10 + (c - '0');
    any = true;
  }
  return any ? value : -1;
}

bool SharedAgencyNames::Find(const std::string& written, AgencyNameSet* names) const {
  std::shared_lock lock(mutex_);
  auto it = names_.find(written);
  if (it == names_.end()) return false;
  *names = it->second;
  return true;
}

void SharedAgencyNames::Add(const std::string& written, const AgencyNameSet& names) {
  std::unique_lock lock(mutex_);
  if (names_.size() < kMaxNames) names_.emplace(written, names);
}

}  // namespace sohoa
