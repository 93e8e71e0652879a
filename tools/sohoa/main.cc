// sohoa: scanned Vietnamese administrative documents in, clean text and
// structured records out. See README.md for the commands and exit codes.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <iterator>
#include <sstream>

#include "tools/sohoa/options.h"
#include "tools/sohoa/run_command.h"

namespace po = boost::program_options;
using namespace sohoa;
using namespace sohoa::cli;

namespace {

constexpr char kUsage[] =
    "usage: sohoa COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  run INPUT...      process files and folders into a database (and JSON Lines);\n"
    "                    documents done before with the same versions are skipped\n"
    "  failures          list the open failures of a database, one per line\n"
    "  prune             delete older versions of changed files and closed failures\n"
    "  text INPUT        print the final text of one image, PDF or .txt file\n"
    "  restore           restore diacritics: text on stdin, restored text on stdout\n"
    "  extract [FILE]    print extracted records as JSON Lines (stdin when no FILE)\n"
    "  --version         versions of sohoa and its components\n"
    "\n"
    "'sohoa COMMAND --help' describes each command's options.\n";

StatusOr<std::unique_ptr<Pipeline>> MakePipeline(const po::variables_map& vm, bool extract) {
  SOHOA_ASSIGN_OR_RETURN(PipelineOptions options, ToPipelineOptions(vm, extract));
  return Pipeline::Create(options);
}

std::string ReadStdin() {
  return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
}

// One warning line per signature that does not verify or cannot be read.
// These never fail a document: the text is still worth having.
void PrintSignatureWarnings(const Document& d) {
  for (size_t i = 0; i < d.signatures.size(); ++i) {
    const Signature& s = d.signatures[i];
    if (s.status != SignatureStatus::kModified && s.status != SignatureStatus::kUnreadable) continue;
    std::cerr << "warning: " << d.path << ": signature " << i + 1 << " of "
              << d.signatures.size();
    if (!s.signer.empty()) std::cerr << " (" << s.signer << ")";
    std::cerr << (s.status == SignatureStatus::kModified ? " does not verify: " : " cannot be read: ")
              << s.problem << "\n";
  }
}

int Text(const std::vector<std::string>& args) {
  po::options_description desc("sohoa text INPUT [options]");
  desc.add_options()("input", po::value<std::string>(), "an image, PDF or .txt file");
  desc.add(PipelineFlags());
  po::positional_options_description pos;
  pos.add("input", 1);
  po::variables_map vm;
  if (int rc = Parse(args, "text", desc, pos, &vm); rc >= 0) return rc;
  if (!vm.count("input")) {
    std::cerr << "sohoa text: no INPUT given. Try 'sohoa text --help'.\n";
    return kExitUsage;
  }
  auto pipeline = MakePipeline(vm, false);
  if (!pipeline.ok()) {
    std::cerr << "sohoa text: " << pipeline.status().message() << "\n";
    return pipeline.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFatal;
  }
  ProcessResult result = (*pipeline)->ProcessFile(vm["input"].as<std::string>());
  for (const std::string& w : result.warnings) std::cerr << "warning: " << w << "\n";
  for (const Failure& f : result.failures) std::cerr << "error: " << f.message << "\n";
  if (result.has_document) {
    PrintSignatureWarnings(result.document);
    std::cout << result.document.FullText();
  }
  return result.failures.empty() ? kExitOk : kExitSomeFailed;
}

int Restore(const std::vector<std::string>& args) {
  po::options_description desc("sohoa restore < IN > OUT");
  desc.add_options()
      ("model", po::value<std::string>(), "restoration model file")
      ("channel", po::value<std::string>(), "OCR error channel for garbled text")
      ("clean-channel", po::value<std::string>(), "error channel of fresh OCR")
      ("no-channel", "restore with the language model alone");
  po::variables_map vm;
  if (int rc = Parse(args, "restore", desc, {}, &vm); rc >= 0) return rc;
  std::string path;
  RestorerOptions options;
  if (Status s = AddRestorerFlags(vm, &path, &options); !s.ok()) {
    std::cerr << "sohoa restore: " << s.message() << "\n";
    return kExitUsage;
  }
  auto restorer = DiacriticRestorer::Load(path, options);
  if (!restorer.ok()) { std::cerr << "sohoa restore: " << restorer.status().message() << "\n"; return kExitFatal; }
  auto normalizer = Normalizer::Create();
  if (!normalizer.ok()) { std::cerr << "sohoa restore: " << normalizer.status().message() << "\n"; return kExitFatal; }
  std::cout << (*restorer)->Restore((*normalizer)->Normalize(ReadStdin()));
  return kExitOk;
}

int Extract(const std::vector<std::string>& args) {
  po::options_description desc("sohoa extract [FILE] [options]");
  desc.add_options()
      ("input", po::value<std::string>(), "an image, PDF or .txt file (default: text on stdin)")
      ("rules", po::value<std::string>(), "rules directory (default: the bundled rules)");
  desc.add(PipelineFlags());
  po::positional_options_description pos;
  pos.add("input", 1);
  po::variables_map vm;
  if (int rc = Parse(args, "extract", desc, pos, &vm); rc >= 0) return rc;
  auto pipeline = MakePipeline(vm, true);
  if (!pipeline.ok()) {
    std::cerr << "sohoa extract: " << pipeline.status().message() << "\n";
    return pipeline.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFatal;
  }
  Document doc;
  int rc = kExitOk;
  if (vm.count("input")) {
    ProcessResult result = (*pipeline)->ProcessFile(vm["input"].as<std::string>());
    for (const Failure& f : result.failures) std::cerr << "error: " << f.message << "\n";
    if (!result.failures.empty()) rc = kExitSomeFailed;
    doc = std::move(result.document);
  } else {
    doc = (*pipeline)->ProcessText(ReadStdin());
  }
  for (const Record& r : doc.records) std::cout << RecordJson(r) << "\n";
  return rc;
}

int Version() {
  PipelineOptions options;
  options.restore = false;  // a missing model should not hide the other versions
  options.rules_dir = DefaultRulesDir();
  auto pipeline = Pipeline::Create(options);
  if (!pipeline.ok()) { std::cerr << "sohoa: " << pipeline.status().message() << "\n"; return kExitFatal; }
  auto versions = (*pipeline)->Versions();
  auto model = DiacriticRestorer::Load(DefaultModelPath());
  for (auto& [name, version] : versions) {
    if (name == "restore_model") {
      version = model.ok() ? (*model)->ModelVersion() : "unavailable: " + model.status().message();
    }
    std::cout << name << " " << version << "\n";
  }
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> all(argv + 1, argv + argc);
  if (all.empty()) { std::cerr << kUsage; return kExitUsage; }
  std::string command = all[0];
  std::vector<std::string> rest(all.begin() + 1, all.end());
  std::string command_line = "sohoa";
  for (const auto& a : all) command_line += " " + a;
  try {
    if (command == "run") return RunCommand(rest, command_line);
    if (command == "failures") return FailuresCommand(rest);
    if (command == "prune") return PruneCommand(rest);
    if (command == "text") return Text(rest);
    if (command == "restore") return Restore(rest);
    if (command == "extract") return Extract(rest);
    if (command == "--version" || command == "version") return Version();
    if (command == "--help" || command == "-h" || command == "help") { std::cout << kUsage; return kExitOk; }
  } catch (const std::exception& e) {  // a bug: say so rather than abort
    std::cerr << "sohoa: internal error: " << e.what() << "\n";
    return kExitFatal;
  }
  std::cerr << "sohoa: unknown command '" << command << "'\n" << kUsage;
  return kExitUsage;
}
