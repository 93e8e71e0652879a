// The record kinds extraction makes, and for each kind the slots its rules
// may fill and the fields its records carry: one table. A new kind is a new
// row here (and its builder), nothing else.
//
// Records keep their kind as the name written to JSON Lines and SQLite
// (Record::kind, "legal_ref"); code inside the extract stage and its tools
// asks this table instead of spelling those names. Immutable; thread-safe.
#ifndef SOHOA_PIPELINE_EXTRACT_RECORD_SCHEMA_H_
#define SOHOA_PIPELINE_EXTRACT_RECORD_SCHEMA_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/document/document.h"

namespace sohoa {

class CanonTable;
struct DocumentContext;  // record_builder.h

// What a rule's group (or constant) captured.
struct Slot {
  std::string original;       // as written in the text
  std::string folded;         // the same span of the folded shadow
  size_t start = 0, end = 0;  // original byte offsets
};
using Slots = std::map<std::string, Slot>;

using Fields = std::vector<std::pair<std::string, FieldValue>>;

// In the order extraction runs them: the document record first, as later
// records read their year and issuer from it; tasks last, as they are
// assembled from the others (task_builder.h).
enum class RecordKind { kDocument, kLegalRef, kAgency, kDeadline, kQuota, kTask };

struct FieldSchema {
  std::string_view name;  // as written to JSON and to SQLite's `fields`
  // The same whether the text is clean or garbled: what the garbled-variant
  // test compares ("level" is; "task", text as written, is not).
  bool canonical = false;
};

// Turns a match's slots into a record's fields (see record_builder.h,
// BuildFields, for the contract).
using KindBuilder = Fields (*)(const Slots& slots, const CanonTable& canon,
                               const DocumentContext& context, size_t* span_end);

struct KindSchema {
  RecordKind kind;
  std::string_view name;                // "legal_ref"
  std::vector<std::string_view> slots;  // what `map`/`set` lines of its rules may fill
  // What its records may carry after kind, text, start, end, line and rule,
  // in the order they are written; a record leaves out none but those its
  // builder adds only sometimes ("impossible" of a date that exists).
  std::vector<FieldSchema> fields;
  KindBuilder build;
};

// Every kind, in RecordKind order.
const std::vector<KindSchema>& RecordKinds();
const KindSchema& SchemaOf(RecordKind kind);
// The kind named `name` ("quota"), or nullopt.
std::optional<RecordKind> KindNamed(std::string_view name);
std::string_view KindName(RecordKind kind);
// "document, legal_ref, ...": every kind's name, for messages.
std::string KindNames();
// True when `record` is of `kind`.
bool IsKind(const Record& record, RecordKind kind);
// True when `kind` has the slot `slot`.
bool HasSlot(RecordKind kind, std::string_view slot);

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_EXTRACT_RECORD_SCHEMA_H_
