#include "tests/extract/golden.h"

#include <algorithm>
#include <cstdio>
#include <functional>

#include "pipeline/base/file.h"
#include "pipeline/base/vietnamese.h"
#include "pipeline/extract/record_schema.h"
#include "pipeline/extract/rule_check.h"

namespace sohoa::golden {
namespace {

std::string FieldText(const Record& r, const std::string& name) {
  const FieldValue* v = r.Field(name);
  return v ? FieldValueText(*v) : "";
}

bool IsDated(const std::string& type) { return type != "recurring" && !type.empty(); }

using KeyEqual = std::function<bool(const std::string&, const std::string&)>;

bool SameKey(const std::string& a, const std::string& b) { return a == b; }

// The folded words of a unit, commas dropped: "Tin, bài" -> {"tin", "bai"}.
std::vector<std::string> UnitWords(std::string_view unit) {
  std::vector<std::string> words;
  std::string word;
  for (char c : vi::Fold(unit) + " ") {
    if (c == ' ' || c == ',') {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  return words;
}

// Quota keys "count percent unit..." equal in count and percent, with one
// unit's words a prefix of the other's (both null, or neither).
bool SameQuotaHead(const std::string& a, const std::string& b) {
  auto split = [](const std::string& key, std::string* numbers, std::string* unit) {
    size_t second = key.find(' ', key.find(' ') + 1);
    *numbers = key.substr(0, second);
    *unit = second == std::string::npos ? "" : key.substr(second + 1);
  };
  std::string numbers_a, unit_a, numbers_b, unit_b;
  split(a, &numbers_a, &unit_a);
  split(b, &numbers_b, &unit_b);
  if (numbers_a != numbers_b) return false;
  if (unit_a == "null" || unit_b == "null") return unit_a == unit_b;
  std::vector<std::string> words_a = UnitWords(unit_a), words_b = UnitWords(unit_b);
  if (words_a.size() > words_b.size()) std::swap(words_a, words_b);
  return !words_a.empty() && std::equal(words_a.begin(), words_a.end(), words_b.begin());
}

// Pairs gold and predicted records of one kind by `key` (compared with
// `equal`); among predicted records that fit, one with the gold date wins.
Counts Match(const std::vector<const GoldRecord*>& gold, const std::vector<const Record*>& predicted,
             const std::function<std::string(const GoldRecord&)>& gold_key,
             const std::function<std::string(const Record&)>& key, bool check_dates,
             RecordKind record_kind, std::vector<std::string>* misses,
             const KeyEqual& equal = SameKey) {
  const std::string kind(KindName(record_kind));
  Counts c;
  c.gold = static_cast<int>(gold.size());
  c.predicted = static_cast<int>(predicted.size());
  std::vector<bool> used(predicted.size(), false);
  for (const GoldRecord* g : gold) {
    std::string k = gold_key(*g);
    int best = -1;
    for (size_t i = 0; i < predicted.size(); ++i) {
      if (used[i] || !equal(k, key(*predicted[i]))) continue;
      if (best < 0) best = static_cast<int>(i);
      std::string date = g->Get(record_kind == RecordKind::kLegalRef ? "date" : "value");
      if (!date.empty() && FieldText(*predicted[i], "date") == date) {
        best = static_cast<int>(i);
        break;
      }
    }
    if (best < 0) {
      misses->push_back("missed " + kind + " " + k);
      continue;
    }
    used[best] = true;
    ++c.matched;
    if (check_dates && !g->Get("date").empty()) {
      ++c.dates_checked;
      std::string got = FieldText(*predicted[best], "date");
      if (got == g->Get("date")) {
        ++c.dates_right;
      } else {
        misses->push_back("wrong date of " + k + ": " + got + ", expected " + g->Get("date"));
      }
    }
  }
  for (size_t i = 0; i < predicted.size(); ++i) {
    if (!used[i]) misses->push_back("unexpected " + kind + " " + key(*predicted[i]) + " (" +
                                    predicted[i]->text + ")");
  }
  return c;
}

// The deadlines of a gold task, "before 2023-12-15; recurring tháng", each
// as "type value".
std::vector<std::string> GoldTaskDeadlines(const GoldRecord& g) {
  std::vector<std::string> out;
  const std::string all = g.Get("deadline");
  for (size_t start = 0; start < all.size();) {
    size_t end = all.find(';', start);
    if (end == std::string::npos) end = all.size();
    std::string one = all.substr(start, end - start);
    while (!one.empty() && one.front() == ' ') one.erase(0, 1);
    while (!one.empty() && one.back() == ' ') one.pop_back();
    if (!one.empty()) out.push_back(one);
    start = end + 1;
  }
  return out;
}

// Pairs gold and predicted tasks by folded lead, and with `link` also by a
// deadline (only tasks that have one count then).
Counts MatchTasks(const std::vector<GoldRecord>& gold, const std::vector<Record>& records,
                  bool link, std::vector<std::string>* misses) {
  std::vector<const GoldRecord*> gold_tasks;
  for (const GoldRecord& g : gold) {
    if (g.kind != KindName(RecordKind::kTask) || g.Get("lead").empty()) continue;
    if (link && GoldTaskDeadlines(g).empty()) continue;
    gold_tasks.push_back(&g);
  }
  std::vector<const Record*> predicted;
  for (const Record& r : records) {
    if (!IsKind(r, RecordKind::kTask) || FieldText(r, "lead").empty()) continue;
    const std::string type = FieldText(r, "deadline_type");
    if (link && (type.empty() || type == "null")) continue;
    predicted.push_back(&r);
  }
  const std::string measure = link ? "task link " : "task lead ";
  Counts c;
  c.gold = static_cast<int>(gold_tasks.size());
  c.predicted = static_cast<int>(predicted.size());
  std::vector<bool> used(predicted.size(), false);
  for (const GoldRecord* g : gold_tasks) {
    const std::string lead = vi::Fold(g->Get("lead"));
    const std::vector<std::string> deadlines = GoldTaskDeadlines(*g);
    bool found = false;
    for (size_t i = 0; i < predicted.size() && !found; ++i) {
      if (used[i] || vi::Fold(FieldText(*predicted[i], "lead")) != lead) continue;
      const std::string deadline =
          FieldText(*predicted[i], "deadline_type") + " " + FieldText(*predicted[i], "deadline_value");
      if (link && std::find(deadlines.begin(), deadlines.end(), deadline) == deadlines.end()) {
        continue;
      }
      used[i] = found = true;
    }
    if (found) {
      ++c.matched;
    } else {
      misses->push_back("missed " + measure + g->Get("lead") + " " + g->Get("deadline") + " (" +
                        g->Get("gist") + ")");
    }
  }
  for (size_t i = 0; i < predicted.size(); ++i) {
    if (!used[i]) {
      misses->push_back("unexpected " + measure + FieldText(*predicted[i], "lead") + " " +
                        FieldText(*predicted[i], "deadline_type") + " " +
                        FieldText(*predicted[i], "deadline_value") + " (" +
                        predicted[i]->text.substr(0, 60) + ")");
    }
  }
  return c;
}

}  // namespace

std::string GoldRecord::Get(const std::string& name) const {
  for (const auto& [k, v] : fields) {
    if (k == name) return v;
  }
  return "";
}

StatusOr<std::vector<GoldRecord>> ReadGolden(const std::string& path) {
  SOHOA_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  std::vector<GoldRecord> out;
  size_t pos = 0;
  int line_number = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    GoldRecord r;
    size_t start = 0;
    for (bool first = true; start <= line.size(); first = false) {
      size_t tab = line.find('\t', start);
      std::string cell = line.substr(start, tab == std::string::npos ? std::string::npos : tab - start);
      start = tab == std::string::npos ? line.size() + 1 : tab + 1;
      if (first) {
        r.kind = cell;
        continue;
      }
      size_t eq = cell.find('=');
      if (eq == std::string::npos) {
        return InvalidArgumentError(path + ":" + std::to_string(line_number) + ": expected name=value");
      }
      r.fields.emplace_back(cell.substr(0, eq), cell.substr(eq + 1));
    }
    out.push_back(std::move(r));
  }
  return out;
}

void Counts::Add(const Counts& o) {
  gold += o.gold;
  predicted += o.predicted;
  matched += o.matched;
  dates_checked += o.dates_checked;
  dates_right += o.dates_right;
}

void Scores::Add(const Scores& o) {
  legal_ref.Add(o.legal_ref);
  quota.Add(o.quota);
  quota_head.Add(o.quota_head);
  deadline.Add(o.deadline);
  agency_role.Add(o.agency_role);
  task_lead.Add(o.task_lead);
  task_link.Add(o.task_link);
  documents += o.documents;
  documents_right += o.documents_right;
}

Scores Score(const std::vector<GoldRecord>& gold, const std::vector<Record>& records,
             std::vector<std::string>* misses, std::vector<std::string>* role_misses) {
  Scores s;
  // Gold records name their kind as records do ("legal_ref").
  auto gold_of = [&](RecordKind kind, bool dated_only) {
    std::vector<const GoldRecord*> out;
    for (const GoldRecord& g : gold) {
      if (g.kind == KindName(kind) && (!dated_only || IsDated(g.Get("type")))) out.push_back(&g);
    }
    return out;
  };
  auto predicted_of = [&](RecordKind kind, bool dated_only) {
    std::vector<const Record*> out;
    for (const Record& r : records) {
      if (IsKind(r, kind) && (!dated_only || IsDated(FieldText(r, "type")))) out.push_back(&r);
    }
    return out;
  };
  s.legal_ref = Match(
      gold_of(RecordKind::kLegalRef, false), predicted_of(RecordKind::kLegalRef, false),
      [](const GoldRecord& g) { return g.Get("doc_type") + " " + g.Get("ref"); },
      [](const Record& r) { return FieldText(r, "doc_type") + " " + FieldText(r, "ref"); }, true,
      RecordKind::kLegalRef, misses);
  auto quota_gold_key = [](const GoldRecord& g) {
    return (g.Get("count").empty() ? "null" : g.Get("count")) + " " +
           (g.Get("percent").empty() ? "null" : g.Get("percent")) + " " +
           (g.Get("unit").empty() ? "null" : g.Get("unit"));  // "unit=" is no unit
  };
  auto quota_key = [](const Record& r) {
    return FieldText(r, "count") + " " + FieldText(r, "percent") + " " + FieldText(r, "unit");
  };
  s.quota = Match(gold_of(RecordKind::kQuota, false), predicted_of(RecordKind::kQuota, false), quota_gold_key, quota_key,
                  false, RecordKind::kQuota, misses);
  std::vector<std::string> head_misses;  // the strict measure above lists them
  s.quota_head = Match(gold_of(RecordKind::kQuota, false), predicted_of(RecordKind::kQuota, false), quota_gold_key,
                       quota_key, false, RecordKind::kQuota, &head_misses, SameQuotaHead);
  s.deadline = Match(
      gold_of(RecordKind::kDeadline, true), predicted_of(RecordKind::kDeadline, true),
      [](const GoldRecord& g) { return g.Get("type") + " " + g.Get("value"); },
      [](const Record& r) { return FieldText(r, "type") + " " + FieldText(r, "value"); }, false,
      RecordKind::kDeadline, misses);
  // Which agency must do what: only agencies given a role count here.
  std::vector<const GoldRecord*> gold_roles;
  for (const GoldRecord* g : gold_of(RecordKind::kAgency, false)) {
    if (!g->Get("role").empty() && g->Get("role") != "null") gold_roles.push_back(g);
  }
  std::vector<const Record*> predicted_roles;
  for (const Record* r : predicted_of(RecordKind::kAgency, false)) {
    if (FieldText(*r, "role") != "null") predicted_roles.push_back(r);
  }
  std::vector<std::string> unused_role_misses;
  if (!role_misses) role_misses = &unused_role_misses;
  s.agency_role = Match(
      gold_roles, predicted_roles,
      [](const GoldRecord& g) { return g.Get("name") + " " + g.Get("role"); },
      [](const Record& r) { return FieldText(r, "name") + " " + FieldText(r, "role"); }, false,
      RecordKind::kAgency, role_misses);
  s.task_lead = MatchTasks(gold, records, false, misses);
  s.task_link = MatchTasks(gold, records, true, misses);
  for (const GoldRecord* g : gold_of(RecordKind::kDocument, false)) {
    ++s.documents;
    const Record* doc = nullptr;
    for (const Record& r : records) {
      if (IsKind(r, RecordKind::kDocument)) doc = &r;
    }
    bool right = doc != nullptr;
    for (const char* field : {"doc_type", "symbol", "date", "issuer"}) {
      std::string want = g->Get(field);
      std::string got = doc ? FieldText(*doc, field) : "(no document record)";
      if (!want.empty() && got != want) {
        right = false;
        misses->push_back(std::string("document ") + field + ": " + got + ", expected " + want);
      }
    }
    s.documents_right += right;
  }
  return s;
}

std::string Report(const Scores& s) {
  char buf[1400];
  std::snprintf(buf, sizeof(buf),
                "legal_ref (doc_type+ref): precision %.3f (%d/%d), recall %.3f (%d/%d), "
                "dates right %.3f (%d/%d)\n"
                "quota: recall %.3f (%d/%d), precision %.3f (%d/%d); unit by its head: "
                "recall %.3f (%d/%d), precision %.3f (%d/%d)\n"
                "deadline (date/month/quarter/year/range): recall %.3f (%d/%d), precision %.3f "
                "(%d/%d)\n"
                "document metadata (doc_type, symbol, date, issuer all right): %d/%d\n"
                "agency roles (name+role): recall %.3f (%d/%d), precision %.3f (%d/%d)\n"
                "task leads: recall %.3f (%d/%d), precision %.3f (%d/%d)\n"
                "lead->deadline links: recall %.3f (%d/%d), precision %.3f (%d/%d)\n",
                s.legal_ref.Precision(), s.legal_ref.matched, s.legal_ref.predicted,
                s.legal_ref.Recall(), s.legal_ref.matched, s.legal_ref.gold,
                s.legal_ref.DateAccuracy(), s.legal_ref.dates_right, s.legal_ref.dates_checked,
                s.quota.Recall(), s.quota.matched, s.quota.gold, s.quota.Precision(),
                s.quota.matched, s.quota.predicted, s.quota_head.Recall(), s.quota_head.matched,
                s.quota_head.gold, s.quota_head.Precision(), s.quota_head.matched,
                s.quota_head.predicted, s.deadline.Recall(), s.deadline.matched,
                s.deadline.gold, s.deadline.Precision(), s.deadline.matched,
                s.deadline.predicted, s.documents_right, s.documents, s.agency_role.Recall(),
                s.agency_role.matched, s.agency_role.gold, s.agency_role.Precision(),
                s.agency_role.matched, s.agency_role.predicted, s.task_lead.Recall(),
                s.task_lead.matched, s.task_lead.gold, s.task_lead.Precision(),
                s.task_lead.matched, s.task_lead.predicted, s.task_link.Recall(),
                s.task_link.matched, s.task_link.gold, s.task_link.Precision(),
                s.task_link.matched, s.task_link.predicted);
  return buf;
}

}  // namespace sohoa::golden
