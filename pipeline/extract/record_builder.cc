#include "pipeline/extract/record_builder.h"

#include <cstdio>

#include "pipeline/base/vietnamese.h"
#include "pipeline/extract/builder_common.h"

namespace sohoa {

size_t PlaceEnd(const Slot& slot, const Vocabulary& vocabulary) {
  std::vector<std::string_view> words = build::Words(slot.original);
  if (words.empty()) return slot.start;
  size_t keep = 1;
  std::string first = vi::Fold(words[0]);
  if (words.size() > 1) {
    std::string two = first + " " + vi::Fold(words[1]);
    if (vocabulary.Has(kLevelWords, two)) keep = 2;
  }
  while (keep < words.size() && build::IsUpperInitial(words[keep])) ++keep;
  std::string_view last = words[keep - 1];
  return slot.start + (last.data() + last.size() - slot.original.data());
}

Fields BuildFields(RecordKind kind, const Slots& slots, const CanonTable& canon,
                   const DocumentContext& context, size_t* span_end) {
  if (build::Get(slots, "ignore")) return {};
  // A rule may demand that a word be capitalized as written ("Năm 2022"
  // alone at the end of a table line, not "năm 2022" in prose nor "NĂM 2022"
  // in a heading).
  const Slot* capital = build::Get(slots, "capital");
  if (capital && !build::IsTitleCase(capital->original)) return {};
  // "huyện Đức Trọng năm 2022": a keyword written in title case after a word
  // in title case ends a proper name ("Trọng"), and is no keyword ("trong").
  const Slot* name_word = build::Get(slots, "name_word");
  const Slot* keyword = build::Get(slots, "keyword");
  if (name_word && keyword && build::IsTitleCase(name_word->original) &&
      build::IsTitleCase(keyword->original)) {
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
