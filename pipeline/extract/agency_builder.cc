#include <algorithm>

#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"
#include "pipeline/extract/builder_common.h"
#include "pipeline/extract/kind_builders.h"

namespace sohoa::build {
namespace {

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

// "Trung tâm Y tế quân", "Hội Chữ thập đỏ xa": a level word at the end of a
// name, or before its place, that restoration left unaccented or accented
// wrong, written as the level it is ("quận", "xã").
std::string AccentLevel(const std::string& name, const CanonTable& canon) {
  std::vector<std::string_view> words = Words(name);
  // Names of groups end in nouns, not levels: "Các cơ quan", "các sở,
  // ngành, địa phương".
  if (!words.empty() && canon.vocabulary().Has(kGroup, canon.Key(words[0]))) return name;
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
      const std::string_view written(
          words[k].data(), words[k + len - 1].data() + words[k + len - 1].size() - words[k].data());
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
  bool lowercase =
      std::any_of(written.begin(), written.end(), [](char c) { return c >= 'a' && c <= 'z'; });
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

}  // namespace sohoa::build

namespace sohoa {

std::string AgencyLevel(const std::string& name, const Vocabulary& vocabulary) {
  const std::string key = build::LevelKey(name, vocabulary);
  for (const Vocabulary::Entry& entry : vocabulary.List(kNameLevel)) {
    if (!build::SaysLevel(key, entry, vocabulary)) continue;
    if (!entry.value.empty()) return entry.value;
    const Vocabulary::Entry* level = vocabulary.Find(kLevelWords, entry.key);
    return level ? level->value : "";
  }
  return "";
}

}  // namespace sohoa
