#include "pipeline/extract/builder_common.h"

#include <cstdio>

#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"

namespace sohoa::build {

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
    while (i < text.size() && std::string_view(" \n\t\r\f").find(text[i]) != std::string_view::npos)
      ++i;
    size_t start = i;
    while (i < text.size() && std::string_view(" \n\t\r\f").find(text[i]) == std::string_view::npos)
      ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

bool AccentedWell(std::string_view text) {
  if (!HasNonAscii(text)) return false;
  for (std::string_view word : Words(text)) {
    while (!word.empty() && (word.back() == ',' || word.back() == ';')) word.remove_suffix(1);
    if (!word.empty() && !vi::IsValidSyllable(word)) return false;
  }
  return true;
}

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

std::vector<std::string> Periods(const Slot& slot, const CanonTable& canon) {
  const Vocabulary& vocabulary = canon.vocabulary();
  std::vector<std::string> out;
  std::string key = canon.Key(slot.original);
  std::vector<std::string_view> words = Words(key);
  for (size_t i = 0; i < words.size(); ++i) {
    const Vocabulary::Entry* entry = nullptr;
    if (i + 1 < words.size()) {
      entry =
          vocabulary.Find(kPeriodWords, std::string(words[i]) + " " + std::string(words[i + 1]));
      if (entry) ++i;
    }
    if (!entry) entry = vocabulary.Find(kPeriodWords, words[i]);
    if (!entry) entry = vocabulary.Find(kTimeWords, words[i]);
    if (entry) out.push_back(entry->phrase);
  }
  return out;
}

}  // namespace sohoa::build
