// The builder of each record kind: its slots to its fields. Internal to the
// extract stage; reached through the schema (record_schema.h), which names
// one for every kind. Pure functions; thread-safe.
#ifndef SOHOA_PIPELINE_EXTRACT_KIND_BUILDERS_H_
#define SOHOA_PIPELINE_EXTRACT_KIND_BUILDERS_H_

#include "pipeline/extract/record_builder.h"

namespace sohoa::build {

Fields BuildDocument(const Slots& slots, const CanonTable& canon, const DocumentContext& ctx,
                     size_t* span_end);
Fields BuildLegalRef(const Slots& slots, const CanonTable& canon, const DocumentContext& ctx,
                     size_t* span_end);
Fields BuildAgency(const Slots& slots, const CanonTable& canon, const DocumentContext& ctx,
                   size_t* span_end);
Fields BuildDeadline(const Slots& slots, const CanonTable& canon, const DocumentContext& ctx,
                     size_t* span_end);
Fields BuildQuota(const Slots& slots, const CanonTable& canon, const DocumentContext& ctx,
                  size_t* span_end);
// Tasks are assembled from the other records (task_builder.h), never matched
// by a rule: no fields.
Fields BuildTask(const Slots& slots, const CanonTable& canon, const DocumentContext& ctx,
                 size_t* span_end);

}  // namespace sohoa::build

#endif  // SOHOA_PIPELINE_EXTRACT_KIND_BUILDERS_H_
