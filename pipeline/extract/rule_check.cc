#include "pipeline/extract/rule_check.h"

#include <algorithm>
#include <cstdio>

#include "pipeline/extract/compiled_rules.h"

namespace sohoa {
namespace {

struct ValueText {
  std::string operator()(std::monostate) const { return "null"; }
  std::string operator()(const std::string& v) const { return v; }
  std::string operator()(int64_t v) const { return std::to_string(v); }
  std::string operator()(double v) const {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%g", v);
    return buf;
  }
  std::string operator()(bool v) const { return v ? "true" : "false"; }
  std::string operator()(const std::vector<std::string>& v) const {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) out += (i ? " | " : "") + v[i];
    return out;
  }
};

// The first difference between `record` and the expected fields, or "".
std::string Mismatch(const Record& record, const RuleExample& example) {
  for (const auto& [name, expected] : example.expect) {
    const FieldValue* value = record.Field(name);
    std::string got = value ? FieldValueText(*value) : "(no such field)";
    if (got != expected) return name + " is \"" + got + "\", expected \"" + expected + "\"";
  }
  return "";
}

std::string CheckExpectations(const CompiledRules& rules, const Rule& rule,
                              const RuleExample& example) {
  std::vector<Record> records = rules.Extract(example.text);
  std::string closest = "no " + std::string(KindName(rule.kind)) + " record from this rule";
  for (const Record& r : records) {
    if (!IsKind(r, rule.kind)) continue;
    if (rule.kind != RecordKind::kDocument && r.rule != rule.Tag()) {
      if (closest.rfind("no ", 0) == 0) closest = "the text gives a record from " + r.rule + " instead";
      continue;
    }
    std::string mismatch = Mismatch(r, example);
    if (mismatch.empty()) return "";
    closest = mismatch;
  }
  return closest;
}

}  // namespace

std::string FieldValueText(const FieldValue& value) { return std::visit(ValueText{}, value); }

std::vector<std::string> CheckRuleExamples(const std::string& rules_dir, int* examples_run) {
  *examples_run = 0;
  auto data = ReadRuleDir(rules_dir);
  if (!data.ok()) return {data.status().ToString()};
  auto rules = CompiledRules::Compile(std::move(data).value());
  if (!rules.ok()) return {rules.status().ToString()};
  std::vector<std::string> errors;
  const RuleSetData& rule_data = (*rules)->data();
  for (size_t i = 0; i < rule_data.rules.size(); ++i) {
    const Rule& rule = rule_data.rules[i];
    for (const RuleExample& example : rule.examples) {
      ++*examples_run;
      std::string where = rule.file + ":" + std::to_string(example.line) + ": rule " + rule.id;
      bool fires = (*rules)->RuleFires(i, example.text);
      // A rule that makes records has not fired on a text it makes none of
      // ("Đức Trọng năm 2022": the match reads a name, not "trong năm").
      const bool ignores = std::any_of(rule.sets.begin(), rule.sets.end(),
                                       [](const auto& set) { return set.first == "ignore"; });
      if (fires && !example.must_match && !ignores &&
          !(*rules)->RuleGivesRecord(i, example.text)) {
        fires = false;
      }
      if (fires != example.must_match) {
        errors.push_back(where + ": " + (example.must_match ? "does not match" : "matches") +
                         " \"" + example.text + "\"");
        continue;
      }
      if (!example.expect.empty()) {
        std::string mismatch = CheckExpectations(**rules, rule, example);
        if (!mismatch.empty()) errors.push_back(where + ": \"" + example.text + "\": " + mismatch);
      }
    }
  }
  return errors;
}

}  // namespace sohoa
