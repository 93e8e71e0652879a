// Turns one rule match into a record's fields, per kind. A rule names slots
// (its `map` and `set` lines); each kind's builder (record_schema.h names
// it; one file each, *_builder.cc) decides what the kind makes of them:
// canonical doc types and symbols, ISO dates, expanded agency names.
//
// Pure functions over immutable inputs; thread-safe.
#ifndef SOHOA_PIPELINE_EXTRACT_RECORD_BUILDER_H_
#define SOHOA_PIPELINE_EXTRACT_RECORD_BUILDER_H_

#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pipeline/document/document.h"
#include "pipeline/extract/canon.h"
#include "pipeline/extract/record_schema.h"

namespace sohoa {

struct AgencyNameSet {
  std::string full, shortened, level;
};

// Agency names worked out by earlier Extract calls of one extractor: they
// depend only on the name as written and the canon table. Thread-safe;
// stops growing at a fixed size.
class SharedAgencyNames {
 public:
  bool Find(const std::string& written, AgencyNameSet* names) const;
  void Add(const std::string& written, const AgencyNameSet& names);

 private:
  static constexpr size_t kMaxNames = 50000;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, AgencyNameSet> names_;
};

// Canonical agency names already worked out in one Extract call: plans
// name the same few agencies dozens of times.
struct NameCache {
  using Agency = AgencyNameSet;
  std::unordered_map<std::string, Agency> agencies;  // by name as written
  SharedAgencyNames* shared = nullptr;  // not owned; may be null
};

// What later records learn from the document record, and the call's cache.
struct DocumentContext {
  int year = 0;   // 0 when unknown
  int month = 0;
  std::string issuer;  // canonical
  std::string doc_type;  // canonical: "Kế hoạch", "Báo cáo", ...
  NameCache* names = nullptr;  // not owned; may be null
  std::string_view text;  // the whole text the slots' offsets point into
};

// The fields of a record of `kind` from its slots. An empty result means
// the match is not a record after all (a reference without a number). When
// the builder knows the record ends before the match does (a quota's unit
// read out of the words after it), it sets `*span_end` to that original
// byte offset.
Fields BuildFields(RecordKind kind, const Slots& slots, const CanonTable& canon,
                   const DocumentContext& context, size_t* span_end = nullptr);

// Where the place phrase in `slot` really ends: after the level word and
// the capitalized words that follow it ("tỉnh Tây\nNinh về" -> after "Ninh").
// The level words are the vocabulary's LEVEL.
size_t PlaceEnd(const Slot& slot, const Vocabulary& vocabulary);

// The level of an agency's full name ("trung ương", "tỉnh", "huyện", "xã",
// or ""): the first entry of the vocabulary's NAME_LEVEL that the name holds
// gives it ("Ủy ban nhân dân các xã thuộc huyện" is at the communes' level).
std::string AgencyLevel(const std::string& name, const Vocabulary& vocabulary);

// Dates: "YYYY-MM-DD" and whether the date exists on the calendar.
std::string IsoDate(int year, int month, int day);
bool IsRealDate(int year, int month, int day);

// The number in folded text ("08", " 6 "), or -1.
int ParseNumber(std::string_view folded);

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_EXTRACT_RECORD_BUILDER_H_
