// What the builders of record kinds share: reading slots and words as
// written, and adding fields. Internal to the extract stage (kind_builders.h
// and the *_builder.cc files). Pure functions; thread-safe.
#ifndef SOHOA_PIPELINE_EXTRACT_BUILDER_COMMON_H_
#define SOHOA_PIPELINE_EXTRACT_BUILDER_COMMON_H_

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/extract/canon.h"
#include "pipeline/extract/record_builder.h"

namespace sohoa::build {

// The slot `name`, or null when the rule did not fill it (or left it empty).
const Slot* Get(const Slots& slots, const char* name);

// Whether the first letter of `word` (after markdown marks) is a capital.
bool IsUpperInitial(std::string_view word);

// Whether `word` starts with a lowercase letter.
bool IsLowerInitial(std::string_view word);

// Whether `word` is written in title case: "Năm", not "năm" nor "NĂM".
bool IsTitleCase(std::string_view word);

// Text as written, without markdown or HTML marks, on one line.
std::string Clean(std::string_view text);

// The words of `text`, split at white space.
std::vector<std::string_view> Words(std::string_view text);

// True when `text` is written with its accents, and well: some letter is
// outside ASCII and every word is a Vietnamese syllable ("dién" is garble).
bool AccentedWell(std::string_view text);

// True when the first words of `a` and `b` have the same letters and tones,
// case aside ("SỞ" ~ "Sở", not "SỐ" ~ "Sở").
bool SameFirstWord(std::string_view a, std::string_view b);

// The digits of `folded`, in order.
std::string Digits(std::string_view folded);

// Adds the field `name`: `value`, or null when it is empty.
void AddString(Fields* fields, const char* name, const std::string& value);

// Adds `date` (ISO or null) and, for a date that cannot exist, `impossible`.
void AddDate(Fields* fields, const char* name, int year, int month, int day, bool flag_always);

// The number in slot `name`, or -1.
int SlotNumber(const Slots& slots, const char* name);

// A year written with two digits is of this century.
int FourDigitYear(int year);

// The periods a slot names ("quy 6 thang nam" -> quý, 6 tháng, năm), as the
// vocabulary's PERIOD and TIME_WORD entries write them.
std::vector<std::string> Periods(const Slot& slot, const CanonTable& canon);

}  // namespace sohoa::build

#endif  // SOHOA_PIPELINE_EXTRACT_BUILDER_COMMON_H_
