#include "pipeline/extract/extractor.h"

#include <algorithm>
#include <set>

#include "pipeline/extract/compiled_rules.h"

namespace sohoa {

StatusOr<std::unique_ptr<Extractor>> Extractor::Load(const std::string& rules_dir) {
  SOHOA_ASSIGN_OR_RETURN(RuleSetData data, ReadRuleDir(rules_dir));
  SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<CompiledRules> rules, CompiledRules::Compile(std::move(data)));
  return std::unique_ptr<Extractor>(std::move(rules));
}

}  // namespace sohoa
