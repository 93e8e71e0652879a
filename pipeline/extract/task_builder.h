// Tasks: who must do what, with whom, by when. A task record is assembled
// from records extraction already made (agencies with their roles,
// deadlines, quotas, table rows read by table_context.h) and from the plan's
// outline (I., 1., a), "-" duties, table rows numbered by their STT cell).
// Internal to the extract stage.
#ifndef SOHOA_PIPELINE_EXTRACT_TASK_BUILDER_H_
#define SOHOA_PIPELINE_EXTRACT_TASK_BUILDER_H_

#include <string_view>
#include <vector>

#include "pipeline/document/document.h"
#include "pipeline/extract/vocabulary.h"

namespace sohoa {

// Appends one task record per item of `text`'s outline that names its lead,
// and marks the agency, deadline and quota records inside it with the task's
// `task_id` (deadlines and quotas without an agency also get the lead as
// `agency`). An item names its lead when an agency in it has the lead role
// ("Sở Nội vụ chủ trì", a table's chủ trì cell), when it opens with an
// agency, or with a word of TASK_OPENER and an agency ("Giao X …", "Đề nghị
// X …"), or when it is a duty under a heading that is an agency alone
// ("1. Sở Nội vụ:" then "- Tham mưu …"); in a labelled block below a
// numbered task, the agency after a BLOCK_LEAD label ("Chủ trì: X") leads
// and those after a BLOCK_PARTNER label are partners. The item must say more than the
// lead's name. `records` are sorted by start; the task records are added
// after them, in text order. Pure; thread-safe.
void AssembleTasks(std::string_view text, const Vocabulary& vocabulary,
                   std::vector<Record>* records);

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_EXTRACT_TASK_BUILDER_H_
