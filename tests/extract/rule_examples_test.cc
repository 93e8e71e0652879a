// Every rule's examples, from every rules/*.rules file: `match` lines must
// fire (with the fields they name), `nomatch` lines must not.
#include <gtest/gtest.h>

#include "pipeline/extract/rule_check.h"
#include "tests/extract/extract_test_env.h"

namespace sohoa {
namespace {

TEST(RuleExamplesTest, EveryExampleHolds) {
  int examples = 0;
  std::vector<std::string> errors = CheckRuleExamples(extract_test::RulesDir(), &examples);
  for (const std::string& e : errors) ADD_FAILURE() << e;
  EXPECT_GE(examples, 50) << "rules/ should carry examples for every rule";
}

}  // namespace
}  // namespace sohoa
