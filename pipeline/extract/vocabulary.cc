#include "pipeline/extract/vocabulary.h"

#include "pipeline/base/vietnamese.h"

namespace sohoa {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Vocabulary::Entry ParseWordEntry(std::string_view text) {
  Vocabulary::Entry entry;
  const size_t arrow = text.find("=>");
  if (arrow != std::string_view::npos) entry.value = std::string(Trim(text.substr(arrow + 2)));
  std::string_view phrase = Trim(text.substr(0, arrow));
  if (!phrase.empty() && phrase.front() == '^') {
    entry.at_start = true;
    phrase = Trim(phrase.substr(1));
  }
  entry.phrase = std::string(phrase);
  entry.key = vi::Fold(phrase);
  return entry;
}

std::string WordListMacro(const WordList& list) {
  std::string macro;
  for (const std::string& text : list.entries) {
    if (!macro.empty()) macro.push_back('|');
    macro += ParseWordEntry(text).key;
  }
  return macro;
}

Vocabulary::Vocabulary(const std::vector<WordList>& lists) {
  for (const WordList& list : lists) {
    std::vector<Entry>& entries = lists_[list.name];
    for (const std::string& text : list.entries) entries.push_back(ParseWordEntry(text));
  }
}

const std::vector<Vocabulary::Entry>& Vocabulary::List(std::string_view name) const {
  static const auto* empty = new std::vector<Entry>();
  auto it = lists_.find(name);
  return it == lists_.end() ? *empty : it->second;
}

const Vocabulary::Entry* Vocabulary::Find(std::string_view name, std::string_view key) const {
  for (const Entry& entry : List(name)) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

}  // namespace sohoa
