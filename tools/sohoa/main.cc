// sohoa: scanned Vietnamese administrative documents in, clean text and
// structured records out. See README.md for the commands and exit codes.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <iterator>
#include <sstream>

#include "pipeline/base/sha256.h"
#include "tools/sohoa/options.h"

namespace po = boost::program_options;
using namespace sohoa;
using namespace sohoa::cli;

namespace {

constexpr char kUsage[] =
    "usage: sohoa COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  run INPUT...      process files and folders into a database (and JSON Lines)\n"
    "  text INPUT        print the final text of one image, PDF or .txt file\n"
    "  restore           restore diacritics: text on stdin, restored text on stdout\n"
    "  extract [FILE]    print extracted records as JSON Lines (stdin when no FILE)\n"
    "  --version         versions of sohoa and its components\n"
    "\n"
    "'sohoa COMMAND --help' describes each command's options.\n";

// Parses `args` against `desc` (+ positional `inputs`), printing help or the
// error. Returns -1 to go on, else the exit code.
int Parse(const std::vector<std::string>& args, const std::string& command,
          po::options_description desc, const po::positional_options_description& positional,
          po::variables_map* vm) {
  desc.add_options()("help,h", "show this help");
  try {
    po::store(po::command_line_parser(args).options(desc).positional(positional).run(), *vm);
    po::notify(*vm);
  } catch (const po::error& e) {
    std::cerr << "sohoa " << command << ": " << e.what() << "\n"
              << "Try 'sohoa " << command << " --help'.\n";
    return kExitUsage;
  }
  if (vm->count("help")) {
    std::cout << "usage: sohoa " << command << "\n\n" << desc << "\n";
    return kExitOk;
  }
  return -1;
}

StatusOr<std::unique_ptr<Pipeline>> MakePipeline(const po::variables_map& vm, bool extract) {
  SOHOA_ASSIGN_OR_RETURN(PipelineOptions options, ToPipelineOptions(vm, extract));
  return Pipeline::Create(options);
}

std::string ReadStdin() {
  return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
}

std::string NowIso() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
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

// Prints one line per failure and signature warning as it happens, and a
// dot-free summary at the end.
class ConsoleProgress : public ProgressListener {
 public:
  explicit ConsoleProgress(bool verbose) : verbose_(verbose) {}
  void OnDocument(const Document& d) override {
    PrintSignatureWarnings(d);
    if (verbose_) std::cerr << "ok: " << d.path << " (" << d.pages.size() << " pages)\n";
  }
  void OnFailure(const Failure& f) override { std::cerr << "error: " << f.message << "\n"; }
  void OnSkipped(const std::string& path) override {
    if (verbose_) std::cerr << "skipped (already done): " << path << "\n";
  }

 private:
  bool verbose_;
};

int Run(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description desc("sohoa run INPUT... [options]");
  desc.add_options()
      ("input", po::value<std::vector<std::string>>(), "files and folders (recursive)")
      ("db", po::value<std::string>(), "SQLite database to write (default: sohoa.db unless --jsonl)")
      ("jsonl", po::value<std::string>(), "JSON Lines file to append to ('-' for stdout)")
      ("jobs,j", po::value<int>()->default_value(1), "worker threads (one OCR engine each)")
      ("skip-done", "skip documents already stored with the same versions")
      ("no-extract", "skip record extraction")
      ("rules", po::value<std::string>(), "rules directory (default: the bundled rules)")
      ("trust-store", po::value<std::string>(),
       "PEM certificates (a file or a folder of files) to trust as roots when checking PDF "
       "signatures (default: none, so chains are 'unknown_issuer')")
      ("verbose,v", "print a line per document");
  desc.add(PipelineFlags());
  po::positional_options_description pos;
  pos.add("input", -1);
  po::variables_map vm;
  if (int rc = Parse(args, "run", desc, pos, &vm); rc >= 0) return rc;
  if (!vm.count("input")) {
    std::cerr << "sohoa run: no INPUT given. Try 'sohoa run --help'.\n";
    return kExitUsage;
  }
  auto pipeline = MakePipeline(vm, true);
  if (!pipeline.ok()) {
    std::cerr << "sohoa run: " << pipeline.status().message() << "\n";
    return pipeline.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFatal;
  }
  std::vector<std::unique_ptr<Sink>> sinks;
  std::string db = vm.count("db") ? vm["db"].as<std::string>() : (vm.count("jsonl") ? "" : "sohoa.db");
  if (!db.empty()) {
    auto sink = OpenSqliteSink(db);
    if (!sink.ok()) { std::cerr << "sohoa run: " << sink.status().message() << "\n"; return kExitFatal; }
    sinks.push_back(std::move(sink).value());
  }
  if (vm.count("jsonl")) {
    auto sink = OpenJsonlSink(vm["jsonl"].as<std::string>());
    if (!sink.ok()) { std::cerr << "sohoa run: " << sink.status().message() << "\n"; return kExitFatal; }
    sinks.push_back(std::move(sink).value());
  }
  RunInfo run;
  run.started_at = NowIso();
  run.command_line = command_line;
  run.run_id = run.started_at + "-" + Sha256Hex(command_line + std::to_string(
      std::chrono::steady_clock::now().time_since_epoch().count())).substr(0, 8);
  run.versions = (*pipeline)->Versions();
  std::vector<Sink*> raw;
  for (auto& s : sinks) {
    Status st = s->BeginRun(run);
    if (!st.ok()) { std::cerr << "sohoa run: " << st.message() << "\n"; return kExitFatal; }
    raw.push_back(s.get());
  }
  ConsoleProgress progress(vm.count("verbose") > 0);
  RunSummary summary = (*pipeline)->RunBatch(vm["input"].as<std::vector<std::string>>(), raw, run,
                                             &progress);
  for (auto& s : sinks) {
    if (Status st = s->EndRun(summary); !st.ok()) std::cerr << "sohoa run: " << st.message() << "\n";
  }
  std::fprintf(stderr, "sohoa: %d documents done, %d failed, %d skipped; %d pages in %.1f s (%.2f pages/s)\n",
               summary.documents_ok, summary.documents_failed, summary.documents_skipped,
               summary.pages, summary.seconds,
               summary.seconds > 0 ? summary.pages / summary.seconds : 0.0);
  for (auto& s : sinks) std::fprintf(stderr, "sohoa: results in %s\n", s->Location().c_str());
  return summary.documents_failed > 0 ? kExitSomeFailed : kExitOk;
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
  for (const Record& r : doc.records) std::cout << r.ToJson() << "\n";
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
    if (command == "run") return Run(rest, command_line);
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
