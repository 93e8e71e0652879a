#include "pipeline/extract/record_schema.h"

#include <algorithm>

#include "pipeline/extract/kind_builders.h"

namespace sohoa {

const std::vector<KindSchema>& RecordKinds() {
  static const auto* kinds = new std::vector<KindSchema>{
      {RecordKind::kDocument,
       "document",
       {"doc_type", "number", "symbol", "place", "day", "month", "year", "issuer", "issuer_place",
        "title", "signer", "recipients"},
       {{"doc_type", true},
        {"number", true},
        {"symbol", true},
        {"date", true},
        {"impossible"},
        {"place", true},
        {"issuer", true},
        {"title"},
        {"signer"},
        {"recipients"}},
       build::BuildDocument},
      {RecordKind::kLegalRef,
       "legal_ref",
       {"doc_type", "number", "year", "symbol", "day", "month", "date_year", "issuer",
        "issuer_place", "name", "ref", "footnote", "ignore", "untyped"},
       {{"doc_type", true},
        {"number", true},
        {"year", true},
        {"symbol", true},
        {"ref", true},
        {"date", true},
        {"impossible"},
        {"issuer", true}},
       build::BuildLegalRef},
      {RecordKind::kAgency,
       "agency",
       {"name", "role", "task"},
       {{"name", true}, {"abbreviated"}, {"level", true}, {"role", true}, {"task"}, {"task_id"}},
       build::BuildAgency},
      {RecordKind::kDeadline,
       "deadline",
       {"type", "day", "month", "year", "quarter", "day2", "month2", "year2", "period", "task",
        "ignore", "capital", "name_word", "keyword"},
       {{"type", true},
        {"value", true},
        {"period", true},
        {"periods"},
        {"end"},
        {"task"},
        {"agency"},
        {"task_id"},
        {"year_inferred"},
        {"impossible", true}},
       build::BuildDeadline},
      {RecordKind::kQuota,
       "quota",
       {"qualifier", "count", "percent", "unit", "per", "ignore"},
       {{"count", true},
        {"percent", true},
        {"unit", true},
        {"per", true},
        {"qualifier", true},
        {"agency"},
        {"task_id"}},
       build::BuildQuota},
      // One assignment: its outline section, the agency that leads it (name
      // and level as its agency record gives them), its partners, its first
      // deadline and its quotas (their texts); `task_id` numbers the tasks of
      // a document from 1, and the agency, deadline and quota records inside
      // a task carry it too.
      {RecordKind::kTask,
       "task",
       {},
       {{"section"},
        {"lead"},
        {"lead_level"},
        {"partners"},
        {"partner_levels"},
        {"deadline_type"},
        {"deadline_value"},
        {"quotas"},
        {"task_id"}},
       build::BuildTask},
  };
  return *kinds;
}

const KindSchema& SchemaOf(RecordKind kind) { return RecordKinds()[static_cast<size_t>(kind)]; }

std::optional<RecordKind> KindNamed(std::string_view name) {
  for (const KindSchema& schema : RecordKinds()) {
    if (schema.name == name) return schema.kind;
  }
  return std::nullopt;
}

std::string_view KindName(RecordKind kind) { return SchemaOf(kind).name; }

std::string KindNames() {
  std::string names;
  for (const KindSchema& schema : RecordKinds()) {
    names += std::string(names.empty() ? "" : ", ") + std::string(schema.name);
  }
  return names;
}

bool IsKind(const Record& record, RecordKind kind) { return record.kind == KindName(kind); }

bool HasSlot(RecordKind kind, std::string_view slot) {
  const std::vector<std::string_view>& slots = SchemaOf(kind).slots;
  return std::find(slots.begin(), slots.end(), slot) != slots.end();
}

}  // namespace sohoa
