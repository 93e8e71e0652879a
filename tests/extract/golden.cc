#include "tests/extract/golden.h"

#include <cstdio>
#include <functional>

#include "pipeline/base/file.h"
#include "pipeline/extract/rule_check.h"

namespace sohoa::golden {
namespace {

std::string FieldText(const Record& r, const std::string& name) {
  const FieldValue* v = r.Field(name);
  return v ? FieldValueText(*v) : "";
}

bool IsDated(const std::string& type) { return type != "recurring" && !type.empty(); }

// Pairs gold and predicted records of one kind by `key`; `prefer` breaks
// ties among predicted records with the same key.
Counts Match(const std::vector<const GoldRecord*>& gold, const std::vector<const Record*>& predicted,
             const std::function<std::string(const GoldRecord&)>& gold_key,
             const std::function<std::string(const Record&)>& key, bool check_dates,
             const std::string& kind, std::vector<std::string>* misses) {
  Counts c;
  c.gold = static_cast<int>(gold.size());
  c.predicted = static_cast<int>(predicted.size());
  std::vector<bool> used(predicted.size(), false);
  for (const GoldRecord* g : gold) {
    std::string k = gold_key(*g);
    int best = -1;
    for (size_t i = 0; i < predicted.size(); ++i) {
      if (used[i] || key(*predicted[i]) != k) continue;
      if (best < 0) best = static_cast<int>(i);
      std::string date = g->Get(kind == "legal_ref" ? "date" : "value");
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
  deadline.Add(o.deadline);
  agency_role.Add(o.agency_role);
  documents += o.documents;
  documents_right += o.documents_right;
}

Scores Score(const std::vector<GoldRecord>& gold, const std::vector<Record>& records,
             std::vector<std::string>* misses) {
  Scores s;
  auto gold_of = [&](const std::string& kind, bool dated_only) {
    std::vector<const GoldRecord*> out;
    for (const GoldRecord& g : gold) {
      if (g.kind == kind && (!dated_only || IsDated(g.Get("type")))) out.push_back(&g);
    }
    return out;
  };
  auto predicted_of = [&](const std::string& kind, bool dated_only) {
    std::vector<const Record*> out;
    for (const Record& r : records) {
      if (r.kind == kind && (!dated_only || IsDated(FieldText(r, "type")))) out.push_back(&r);
    }
    return out;
  };
  s.legal_ref = Match(
      gold_of("legal_ref", false), predicted_of("legal_ref", false),
      [](const GoldRecord& g) { return g.Get("doc_type") + " " + g.Get("ref"); },
      [](const Record& r) { return FieldText(r, "doc_type") + " " + FieldText(r, "ref"); }, true,
      "legal_ref", misses);
  s.quota = Match(
      gold_of("quota", false), predicted_of("quota", false),
      [](const GoldRecord& g) {
        return (g.Get("count").empty() ? "null" : g.Get("count")) + " " +
               (g.Get("percent").empty() ? "null" : g.Get("percent")) + " " +
               (g.Get("unit").empty() ? "null" : g.Get("unit"));  // "unit=" is no unit
      },
      [](const Record& r) {
        return FieldText(r, "count") + " " + FieldText(r, "percent") + " " + FieldText(r, "unit");
      },
      false, "quota", misses);
  s.deadline = Match(
      gold_of("deadline", true), predicted_of("deadline", true),
      [](const GoldRecord& g) { return g.Get("type") + " " + g.Get("value"); },
      [](const Record& r) { return FieldText(r, "type") + " " + FieldText(r, "value"); }, false,
      "deadline", misses);
  // Which agency must do what: only agencies given a role count here.
  std::vector<const GoldRecord*> gold_roles;
  for (const GoldRecord* g : gold_of("agency", false)) {
    if (!g->Get("role").empty() && g->Get("role") != "null") gold_roles.push_back(g);
  }
  std::vector<const Record*> predicted_roles;
  for (const Record* r : predicted_of("agency", false)) {
    if (FieldText(*r, "role") != "null") predicted_roles.push_back(r);
  }
  std::vector<std::string> role_misses;  // kept apart: agencies are not an issue measure
  s.agency_role = Match(
      gold_roles, predicted_roles,
      [](const GoldRecord& g) { return g.Get("name") + " " + g.Get("role"); },
      [](const Record& r) { return FieldText(r, "name") + " " + FieldText(r, "role"); }, false,
      "agency", &role_misses);
  for (const GoldRecord* g : gold_of("document", false)) {
    ++s.documents;
    const Record* doc = nullptr;
    for (const Record& r : records) {
      if (r.kind == "document") doc = &r;
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
  char buf[800];
  std::snprintf(buf, sizeof(buf),
                "legal_ref (doc_type+ref): precision %.3f (%d/%d), recall %.3f (%d/%d), "
                "dates right %.3f (%d/%d)\n"
                "quota: recall %.3f (%d/%d), precision %.3f (%d/%d)\n"
                "deadline (date/month/quarter/year/range): recall %.3f (%d/%d), precision %.3f "
                "(%d/%d)\n"
                "document metadata (doc_type, symbol, date, issuer all right): %d/%d\n"
                "agency roles (name+role): recall %.3f (%d/%d), precision %.3f (%d/%d)\n",
                s.legal_ref.Precision(), s.legal_ref.matched, s.legal_ref.predicted,
                s.legal_ref.Recall(), s.legal_ref.matched, s.legal_ref.gold,
                s.legal_ref.DateAccuracy(), s.legal_ref.dates_right, s.legal_ref.dates_checked,
                s.quota.Recall(), s.quota.matched, s.quota.gold, s.quota.Precision(),
                s.quota.matched, s.quota.predicted, s.deadline.Recall(), s.deadline.matched,
                s.deadline.gold, s.deadline.Precision(), s.deadline.matched,
                s.deadline.predicted, s.documents_right, s.documents, s.agency_role.Recall(),
                s.agency_role.matched, s.agency_role.gold, s.agency_role.Precision(),
                s.agency_role.matched, s.agency_role.predicted);
  return buf;
}

}  // namespace sohoa::golden
