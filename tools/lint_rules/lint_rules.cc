// lint_rules: checks rule files. Parses every *.rules file of a directory,
// compiles each pattern, then runs every rule's examples. Prints one line per
// problem ("rules/quota.rules:12: rule quota.count: does not match ...") and
// exits 1 when there is any.
#include <cstdio>
#include <iostream>
#include <string>

#include <boost/program_options.hpp>

#include "pipeline/extract/extractor.h"
#include "pipeline/extract/rule_check.h"

namespace po = boost::program_options;

int main(int argc, char** argv) {
  po::options_description options("Usage: lint_rules [--rules DIR]\nOptions");
  options.add_options()("help,h", "show this help")(
      "rules", po::value<std::string>()->default_value("rules"), "rule directory");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, options), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "lint_rules: " << e.what() << "\n" << options;
    return 2;
  }
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  const std::string dir = vm["rules"].as<std::string>();
  int examples = 0;
  std::vector<std::string> errors = sohoa::CheckRuleExamples(dir, &examples);
  for (const std::string& e : errors) std::cerr << e << "\n";
  auto extractor = sohoa::Extractor::Load(dir);
  if (extractor.ok()) std::cout << (*extractor)->RulesVersion() << "\n";
  std::cout << examples << " examples, " << errors.size() << " problems\n";
  return errors.empty() ? 0 : 1;
}
