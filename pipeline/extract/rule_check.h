// Runs every rule's examples: each `match` must fire (and, with "=> field=
// value", give a record with those fields), each `nomatch` must not. Used by
// tools/lint_rules and the rule-example test.
#ifndef SOHOA_PIPELINE_EXTRACT_RULE_CHECK_H_
#define SOHOA_PIPELINE_EXTRACT_RULE_CHECK_H_

#include <string>
#include <vector>

#include "pipeline/document/document.h"

namespace sohoa {

// One message per failed example, "file:line: rule id: ...", or, when the
// rule directory itself does not load, that error alone. Empty when all pass.
std::vector<std::string> CheckRuleExamples(const std::string& rules_dir, int* examples_run);

// A field value as the examples write it: strings as is, numbers in decimal,
// true/false, null, lists joined by " | ".
std::string FieldValueText(const FieldValue& value);

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_EXTRACT_RULE_CHECK_H_
