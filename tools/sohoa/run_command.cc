#include "tools/sohoa/run_command.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <ctime>
#include <iostream>

#include "pipeline/base/file.h"
#include "pipeline/base/sha256.h"
#include "tools/sohoa/options.h"
#include "tools/sohoa/progress.h"

namespace po = boost::program_options;

namespace sohoa::cli {
namespace {

// Set by SIGINT/SIGTERM; RunBatch polls it. SA_RESETHAND: a second signal
// kills the process the default way.
std::atomic<int> g_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void OnStopSignal(int signal) { g_signal.store(signal); }

void CatchStopSignals() {
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

std::string NowIso() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

// The options that change what a run stores, as one string for the
// fingerprint (the components' versions are the rest of it).
std::string OutputOptions(const po::variables_map& vm, const PipelineOptions& o) {
  std::string trust = "none";
  if (!o.trust_store.empty()) {
    auto bytes = ReadFile(o.trust_store);
    trust = o.trust_store + (bytes.ok() ? "@" + Sha256Hex(*bytes).substr(0, 12) : "");
  }
  return std::string("force_ocr=") + (o.force_ocr ? "1" : "0") +
         ";colour_ink=" + (o.drop_colour_ink ? "drop" : "keep") +
         ";tone=" + vm["tone-style"].as<std::string>() + ";dpi=" + std::to_string(o.pdf_dpi) +
         ";max_pixels=" + std::to_string(o.limits.max_pixels) + ";lang=" + o.ocr.language +
         ";encoding=" + (vm.count("encoding") ? vm["encoding"].as<std::string>() : "detect") +
         ";trust_store=" + trust;
}

// Parses "N" or "P%" (--max-failures).
bool ParseFailureLimit(const std::string& text, BatchOptions* batch) {
  try {
    size_t used = 0;
    if (!text.empty() && text.back() == '%') {
      double p = std::stod(text.substr(0, text.size() - 1), &used);
      if (used != text.size() - 1 || p < 0 || p > 100) return false;
      batch->max_failure_share = p / 100;
      return true;
    }
    int n = std::stoi(text, &used);
    if (used != text.size() || n < 0) return false;
    batch->max_failures = n;
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

// The paths of the open failures in `db` (under `inputs`, when given).
StatusOr<std::vector<std::string>> FailedPaths(const std::string& db,
                                               const std::vector<std::string>& inputs) {
  SOHOA_ASSIGN_OR_RETURN(std::vector<Failure> failures, ReadOpenFailures(db, inputs));
  std::vector<std::string> paths;
  for (const Failure& f : failures) {
    if (paths.empty() || paths.back() != f.path) paths.push_back(f.path);
  }
  return paths;
}

po::options_description RunFlags() {
  po::options_description desc("sohoa run INPUT... [options]");
  desc.add_options()
      ("input", po::value<std::vector<std::string>>(), "files and folders (recursive)")
      ("db", po::value<std::string>(), "SQLite database to write (default: sohoa.db unless --jsonl)")
      ("jsonl", po::value<std::string>(), "JSON Lines file to append to ('-' for stdout)")
      ("jobs,j", po::value<int>()->default_value(1), "worker threads (one OCR engine each)")
      ("force", "redo documents the database holds already with the same versions")
      ("skip-done", "accepted and ignored: skipping finished documents is the default "
                    "(--force turns it off); it needs --db")
      ("retry-failed", "try only the inputs with open failures in --db (under INPUT, if given)")
      ("max-failures", po::value<std::string>(),
       "stop the run (exit 4) once more than N inputs, or P% of all inputs, failed: N or P%")
      ("progress", po::value<std::string>(),
       "line (a live line; the default on a terminal) or json (one object per line on stderr; "
       "the default otherwise)")
      ("no-extract", "skip record extraction")
      ("rules", po::value<std::string>(), "rules directory (default: the bundled rules)")
      ("trust-store", po::value<std::string>(),
       "PEM certificates (a file or a folder of files) to trust as roots when checking PDF "
       "signatures (default: none, so chains are 'unknown_issuer')")
      ("verbose,v", "print a line per document");
  desc.add(PipelineFlags());
  return desc;
}

struct Outputs {
  std::vector<std::unique_ptr<Sink>> sinks;
  std::vector<std::string> locations;
  std::string db;
};

StatusOr<Outputs> OpenOutputs(const po::variables_map& vm) {
  Outputs out;
  out.db = vm.count("db") ? vm["db"].as<std::string>() : (vm.count("jsonl") ? "" : "sohoa.db");
  if (!out.db.empty()) {
    SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<Sink> sink, OpenSqliteSink(out.db));
    out.sinks.push_back(std::move(sink));
  }
  if (vm.count("jsonl")) {
    SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<Sink> sink, OpenJsonlSink(vm["jsonl"].as<std::string>()));
    out.sinks.push_back(std::move(sink));
  }
  for (auto& s : out.sinks) out.locations.push_back(s->Location());
  return out;
}

int ExitCode(const RunSummary& summary) {
  if (summary.status == "interrupted") return g_signal.load() == SIGINT ? kExitSigint : kExitSigterm;
  if (summary.status == "stopped") return kExitStopped;
  return summary.documents_failed > 0 ? kExitSomeFailed : kExitOk;
}

}  // namespace

int RunCommand(const std::vector<std::string>& args, const std::string& command_line) {
  po::positional_options_description pos;
  pos.add("input", -1);
  po::variables_map vm;
  if (int rc = Parse(args, "run", RunFlags(), pos, &vm); rc >= 0) return rc;
  const bool retry = vm.count("retry-failed") > 0;
  std::vector<std::string> inputs;
  if (vm.count("input")) inputs = vm["input"].as<std::vector<std::string>>();
  auto usage = [](const std::string& message) {
    std::cerr << "sohoa run: " << message << " Try 'sohoa run --help'.\n";
    return kExitUsage;
  };
  if (inputs.empty() && !retry) return usage("no INPUT given.");
  if (retry && !vm.count("db") && vm.count("jsonl")) return usage("--retry-failed needs --db.");
  BatchOptions batch;
  if (vm.count("max-failures") && !ParseFailureLimit(vm["max-failures"].as<std::string>(), &batch)) {
    return usage("--max-failures must be a count (10) or a percentage (5%).");
  }
  ProgressStyle style = isatty(STDERR_FILENO) ? ProgressStyle::kLine : ProgressStyle::kJson;
  if (vm.count("progress")) {
    const std::string p = vm["progress"].as<std::string>();
    if (p != "line" && p != "json") return usage("--progress must be line or json.");
    style = p == "json" ? ProgressStyle::kJson : ProgressStyle::kLine;
  }
  auto options = ToPipelineOptions(vm, true);
  if (!options.ok()) return usage(options.status().message() + ".");
  options->skip_done = !vm.count("force") && !retry;
  auto pipeline = Pipeline::Create(*options);
  if (!pipeline.ok()) {
    std::cerr << "sohoa run: " << pipeline.status().message() << "\n";
    return pipeline.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFatal;
  }
  auto outputs = OpenOutputs(vm);
  if (!outputs.ok()) { std::cerr << "sohoa run: " << outputs.status().message() << "\n"; return kExitFatal; }
  ConsoleProgress progress(style, vm.count("verbose") > 0);
  if (outputs->db.empty()) {
    progress.Note("no --db: every input is processed, as nothing records what earlier runs did "
                  "(add --db FILE to skip finished documents)");
  }
  if (retry) {
    auto failed = FailedPaths(outputs->db, inputs);
    if (!failed.ok()) { std::cerr << "sohoa run: " << failed.status().message() << "\n"; return kExitFatal; }
    if (failed->empty()) {
      progress.Note("no open failures in " + outputs->db);
      return kExitOk;
    }
    inputs = std::move(failed).value();
  }
  if (!outputs->db.empty()) batch.exclude.push_back(outputs->db);
  if (vm.count("jsonl") && vm["jsonl"].as<std::string>() != "-") {
    batch.exclude.push_back(vm["jsonl"].as<std::string>());
  }
  RunInfo run;
  run.started_at = NowIso();
  run.command_line = command_line;
  run.run_id = run.started_at + "-" + Sha256Hex(command_line + std::to_string(
      std::chrono::steady_clock::now().time_since_epoch().count()) + std::to_string(getpid())).substr(0, 8);
  run.versions = (*pipeline)->Versions();
  run.versions.push_back({"options", OutputOptions(vm, *options)});
  CatchStopSignals();  // from here a signal is a run ended early, never a run left open
  batch.stop = &g_signal;
  std::vector<Sink*> sinks;
  for (auto& s : outputs->sinks) {
    Status st = s->BeginRun(run);
    if (!st.ok()) { std::cerr << "sohoa run: " << st.message() << "\n"; return kExitFatal; }
    sinks.push_back(s.get());
  }
  RunSummary summary = (*pipeline)->RunBatch(inputs, sinks, run, &progress, batch);
  if (!outputs->db.empty() && summary.status == "finished") {
    auto closed = CloseFailuresOfGoneFiles(outputs->db, inputs, run.run_id);
    if (!closed.ok()) progress.Note(closed.status().message());
  }
  for (auto& s : outputs->sinks) {
    if (Status st = s->EndRun(summary); !st.ok()) progress.Note(st.message());
  }
  int rc = ExitCode(summary);
  progress.Summary(summary, outputs->locations, rc);
  return rc;
}

int FailuresCommand(const std::vector<std::string>& args) {
  po::options_description desc("sohoa failures [--db FILE]");
  desc.add_options()("db", po::value<std::string>()->default_value("sohoa.db"), "the database");
  po::variables_map vm;
  if (int rc = Parse(args, "failures", desc, {}, &vm); rc >= 0) return rc;
  auto failures = ReadOpenFailures(vm["db"].as<std::string>());
  if (!failures.ok()) { std::cerr << "sohoa failures: " << failures.status().message() << "\n"; return kExitFatal; }
  for (const Failure& f : *failures) {
    std::string stage = f.stage + (f.page >= 0 ? " " + std::to_string(f.page + 1) : "");
    std::cout << f.path << "\t" << stage << "\t" << f.message << "\n";
  }
  return kExitOk;
}

int PruneCommand(const std::vector<std::string>& args) {
  po::options_description desc("sohoa prune [--db FILE]");
  desc.add_options()("db", po::value<std::string>()->default_value("sohoa.db"), "the database");
  po::variables_map vm;
  if (int rc = Parse(args, "prune", desc, {}, &vm); rc >= 0) return rc;
  auto pruned = PruneDatabase(vm["db"].as<std::string>());
  if (!pruned.ok()) { std::cerr << "sohoa prune: " << pruned.status().message() << "\n"; return kExitFatal; }
  std::cout << "sohoa prune: removed " << pruned->documents << " older document versions and "
            << pruned->failures << " closed failures\n";
  return kExitOk;
}

}  // namespace sohoa::cli
