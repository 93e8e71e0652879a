// Extract (RE2): turns final text into records of legal references,
// agencies, deadlines and quotas, following rule files in rules/.
//
// An Extractor is immutable after Load() and safe to share between threads.
#ifndef SOHOA_PIPELINE_EXTRACT_EXTRACTOR_H_
#define SOHOA_PIPELINE_EXTRACT_EXTRACTOR_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/base/status.h"
#include "pipeline/document/document.h"

namespace sohoa {

class Extractor {
 public:
  virtual ~Extractor() = default;
  // Loads every *.rules file in `rules_dir`. Fails naming the file, line and
  // rule id of the first bad rule.
  static StatusOr<std::unique_ptr<Extractor>> Load(const std::string& rules_dir);

  // Records found in `text` (a document's full text, pages separated by form
  // feed); spans are byte offsets into `text`. Never fails: text it cannot
  // read yields fewer records.
  virtual std::vector<Record> Extract(std::string_view text) const = 0;

  // "rules 2026-11-23: legal_ref@4 agency@2 ...": recorded with every run.
  virtual std::string RulesVersion() const = 0;
};

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_EXTRACT_EXTRACTOR_H_
