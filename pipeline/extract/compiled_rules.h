// The Extractor behind Extractor::Load: every rule compiled to RE2, one
// RE2::Set of all rules (per-kind Sets as a fallback) to learn which rules
// can fire on a text, then each firing rule's own RE2 for its groups.
// Internal to the extract stage.
//
// Rules are immutable after Compile(); the only mutable state is a
// thread-safe cache of canonical agency names. Extract may run on many
// threads at once.
#ifndef SOHOA_PIPELINE_EXTRACT_COMPILED_RULES_H_
#define SOHOA_PIPELINE_EXTRACT_COMPILED_RULES_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/base/status.h"
#include "pipeline/extract/canon.h"
#include "pipeline/extract/extractor.h"
#include "pipeline/extract/rule_file.h"

namespace sohoa {

class CompiledRules : public Extractor {
 public:
  // Fails naming file:line and rule id when a pattern does not compile, a
  // kind or slot is unknown, or a mapped group is not in the pattern.
  static StatusOr<std::unique_ptr<CompiledRules>> Compile(RuleSetData data);
  ~CompiledRules() override;

  std::vector<Record> Extract(std::string_view text) const override;
  std::string RulesVersion() const override;

  const RuleSetData& data() const { return data_; }
  const CanonTable& canon() const { return canon_; }
  // True when rule `index` of data().rules matches somewhere in `text`.
  bool RuleFires(size_t index, std::string_view text) const;
  // True when extracting `text` gives a record made by rule `index`.
  bool RuleGivesRecord(size_t index, std::string_view text) const;

  // The first stages of Extract alone, for the benchmark to tell what the
  // matcher costs apart from building records: kGate folds the text and
  // runs the Set; kMatch also runs every firing rule's RE2 and the agency
  // name recognizer. Returns the number of (rule, chunk) hits or of
  // candidate matches.
  enum class Stage { kGate, kMatch };
  size_t RunStages(std::string_view text, Stage last) const;

 private:
  struct Matchers;
  CompiledRules(RuleSetData data, std::unique_ptr<Matchers> matchers);

  RuleSetData data_;
  CanonTable canon_;
  std::unique_ptr<Matchers> matchers_;
};

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_EXTRACT_COMPILED_RULES_H_
