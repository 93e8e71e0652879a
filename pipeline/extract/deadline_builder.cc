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
    bool earlier =
        ctx.month > 0 && (month > 0 ? month < ctx.month : q > 0 && q < (ctx.month + 2) / 3);
    const Vocabulary::Entry* looks_back =
        canon.vocabulary().Find(kLooksBack, vi::Fold(ctx.doc_type));
    if (earlier && !(looks_back && looks_back->phrase == ctx.doc_type)) ++year;
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
    std::vector<std::string> periods =
        period ? Periods(*period, canon) : std::vector<std::string>();
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
    const std::string* start =
        value != f.end() ? std::get_if<std::string>(&value->second) : nullptr;
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

}  // namespace sohoa::build
