// Golden annotations and the scores of extracted records against them.
//
// A golden file (tests/extract/golden/*.tsv) holds one expected record a
// line: the kind, then tab-separated field=value pairs, with `#` comments.
// Only the fields written are compared.
#ifndef SOHOA_TESTS_EXTRACT_GOLDEN_H_
#define SOHOA_TESTS_EXTRACT_GOLDEN_H_

#include <string>
#include <utility>
#include <vector>

#include "pipeline/base/status.h"
#include "pipeline/document/document.h"

namespace sohoa::golden {

struct GoldRecord {
  std::string kind;
  std::vector<std::pair<std::string, std::string>> fields;
  std::string Get(const std::string& name) const;  // "" when absent
};

StatusOr<std::vector<GoldRecord>> ReadGolden(const std::string& path);

// Counts for one measure; add them up over documents.
struct Counts {
  int gold = 0, predicted = 0, matched = 0;
  int dates_checked = 0, dates_right = 0;
  void Add(const Counts& o);
  double Precision() const { return predicted ? double(matched) / predicted : 1.0; }
  double Recall() const { return gold ? double(matched) / gold : 1.0; }
  double DateAccuracy() const { return dates_checked ? double(dates_right) / dates_checked : 1.0; }
};

struct Scores {
  Counts legal_ref;  // matched on doc_type + ref; dates over matched pairs
  Counts quota;      // matched on count, percent and unit
  // The same quotas matched on count, percent and the unit's head: one unit's
  // folded words a prefix of the other's ("đợt tập huấn" ~ "đợt tập huấn
  // nghiệp vụ"), for annotations made before the unit rule was settled
  // (corpus/extract/heldout/README.md).
  Counts quota_head;
  Counts deadline;   // dated ones (not recurring), matched on type + value
  Counts agency_role;  // agencies given a role, matched on name + role
  // Tasks (issue 13): `task_lead` pairs gold and predicted tasks by their
  // folded lead; `task_link` pairs gold tasks that have a lead and a
  // deadline with predicted ones that have both, matched when the folded
  // leads are equal and the predicted deadline (type and value) is one of
  // the gold task's deadlines.
  Counts task_lead;
  Counts task_link;
  int documents = 0, documents_right = 0;  // doc_type, symbol, date, issuer
  void Add(const Scores& o);
};

// Scores `records` against `gold`; appends a line to `misses` for every gold
// record not found and every predicted one not expected (scored kinds only).
// Agency roles, not an issue measure, go to `role_misses` when it is given.
Scores Score(const std::vector<GoldRecord>& gold, const std::vector<Record>& records,
             std::vector<std::string>* misses, std::vector<std::string>* role_misses = nullptr);

// "legal_ref P=1.00 R=0.95 (19/20 of 20) dates 1.00 ..." on several lines.
std::string Report(const Scores& scores);

}  // namespace sohoa::golden

#endif  // SOHOA_TESTS_EXTRACT_GOLDEN_H_
