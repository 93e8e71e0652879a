#include <algorithm>

#include "pipeline/base/vietnamese.h"
#include "pipeline/extract/builder_common.h"
#include "pipeline/extract/kind_builders.h"

namespace sohoa::build {
namespace {

// The quarter a folded numeral names ("ii", "2", OCR's "11" for "II"), or 0.
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

// What a deadline's slots say of its time.
struct DeadlineTime {
  std::string kind;  // before, on, month, quarter, year, range, recurring
  int day = -1, month = -1, year = -1;
  const Slot* quarter = nullptr;
  bool inferred = false;  // the year is the document's
};

// A year left out is the document's ("tháng 3" in a plan of 2023); a
// plan looks ahead: "trong tháng 01" in a plan of December is next January.
// A report (LOOKS_BACK) looks back, and keeps its own year.
void InferYear(const CanonTable& canon, const DocumentContext& ctx, DeadlineTime* t) {
  if (t->year > 0 || !(t->month > 0 || t->quarter) || ctx.year <= 0) return;
  t->year = ctx.year;
  t->inferred = true;
  int q = t->quarter ? Quarter(t->quarter->folded) : 0;
  bool earlier =
      ctx.month > 0 && (t->month > 0 ? t->month < ctx.month : q > 0 && q < (ctx.month + 2) / 3);
  const Vocabulary::Entry* looks_back = canon.vocabulary().Find(kLooksBack, vi::Fold(ctx.doc_type));
  if (earlier && !(looks_back && looks_back->phrase == ctx.doc_type)) ++t->year;
}

// True for a time the document has already passed, year written ("tháng
// 02/2024" in a plan of March 2024; a report's last year): no deadline.
bool AlreadyPassed(const Slots& slots, const DocumentContext& ctx, const DeadlineTime& t) {
  if (t.kind == "recurring" || t.inferred || t.year <= 0 || ctx.year <= 0 || ctx.month <= 0) {
    return false;
  }
  int last_year = t.year, last_month = t.quarter ? Quarter(t.quarter->folded) * 3 : t.month;
  if (t.kind == "range") {
    const int year2 = FourDigitYear(SlotNumber(slots, "year2"));
    if (year2 > 0) last_year = year2;
    last_month = SlotNumber(slots, "month2");
  }
  if (last_month <= 0 || last_month > 12) last_month = 12;
  return last_year * 12 + last_month < ctx.year * 12 + ctx.month;
}

// Adds `value` and `period` (and `periods` of a recurring deadline); false
// when the time is no deadline after all.
bool AddValue(const Slots& slots, const CanonTable& canon, const DeadlineTime& t, Fields* f) {
  if (t.kind == "recurring") {
    const Slot* period = Get(slots, "period");
    std::vector<std::string> periods =
        period ? Periods(*period, canon) : std::vector<std::string>();
    f->emplace_back("value", std::monostate());
    AddString(f, "period", periods.empty() ? "" : periods[0]);
    f->emplace_back("periods", periods);
  } else if (t.quarter) {
    int q = Quarter(t.quarter->folded);
    if (q == 0 || t.year <= 0) return false;
    f->emplace_back("value", std::to_string(t.year) + "-Q" + std::to_string(q));
    f->emplace_back("period", std::monostate());
  } else {
    if (t.year <= 0) return false;
    if (t.month > 12 || t.month == 0 || t.day == 0 || t.day > 31) return false;
    AddDate(f, "value", t.year, t.month, t.day, false);
    f->emplace_back("period", std::monostate());
  }
  return true;
}

// Adds a range's `end`, and makes its value an ISO 8601 interval:
// "2023-03/2023-06".
void AddRangeEnd(const Slots& slots, const DeadlineTime& t, Fields* f) {
  int year2 = FourDigitYear(SlotNumber(slots, "year2"));
  if (year2 <= 0) year2 = t.year;
  AddDate(f, "end", year2, SlotNumber(slots, "month2"), SlotNumber(slots, "day2"), false);
  auto value = std::find_if(f->begin(), f->end(), [](const auto& p) { return p.first == "value"; });
  const std::string* end = std::get_if<std::string>(&f->back().second);
  const std::string* start = value != f->end() ? std::get_if<std::string>(&value->second) : nullptr;
  if (start && end && f->back().first == "end") value->second = *start + "/" + *end;
}

}  // namespace

Fields BuildDeadline(const Slots& slots, const CanonTable& canon, const DocumentContext& ctx,
                     size_t* /*span_end*/) {
  DeadlineTime t;
  const Slot* type = Get(slots, "type");
  t.kind = type ? type->original : "on";
  t.day = SlotNumber(slots, "day");
  t.month = SlotNumber(slots, "month");
  t.year = FourDigitYear(SlotNumber(slots, "year"));
  t.quarter = Get(slots, "quarter");
  // "từ tháng 3 đến tháng 6/2023": the start shares the end's year.
  if (t.year <= 0 && t.kind == "range") t.year = FourDigitYear(SlotNumber(slots, "year2"));
  InferYear(canon, ctx, &t);
  if (AlreadyPassed(slots, ctx, t)) return {};
  Fields f;
  f.emplace_back("type", t.kind);
  if (!AddValue(slots, canon, t, &f)) return {};
  if (t.kind == "range") AddRangeEnd(slots, t, &f);
  const Slot* task = Get(slots, "task");
  AddString(&f, "task", task ? Clean(task->original) : "");
  f.emplace_back("agency", std::monostate());
  f.emplace_back("year_inferred", t.inferred);
  bool impossible = t.day > 0 && t.month > 0 && t.year > 0 && !IsRealDate(t.year, t.month, t.day);
  f.emplace_back("impossible", impossible);
  return f;
}

}  // namespace sohoa::build
