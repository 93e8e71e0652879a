// What a record learns from where it sits: the appendix tables of plans
// ("Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện")
// give each agency in a row its role and task, and each deadline in a row
// its task and lead agency.
#ifndef SOHOA_PIPELINE_EXTRACT_TABLE_CONTEXT_H_
#define SOHOA_PIPELINE_EXTRACT_TABLE_CONTEXT_H_

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/document/document.h"
#include "pipeline/extract/canon.h"

namespace sohoa {

// Fills role/task/agency fields of `records` that sit in table rows under a
// header naming the columns: cells split at tabs, '|' or runs of spaces;
// one cell a line; or, as OCR flattens tables, cells run together with
// single spaces, read from the row's end. In tables aligned with spaces, a
// name whose cell wrapped takes the words below it, restored from `canon`.
// The words of roles, headings and levels are `canon`'s vocabulary.
// Records are in any order.
void AttachTableContext(std::string_view text, const CanonTable& canon,
                        std::vector<Record>* records);

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_EXTRACT_TABLE_CONTEXT_H_
