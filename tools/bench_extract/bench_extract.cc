// bench_extract: extraction throughput, and a way to look at records.
//
//   bench_extract [--rules DIR] [--seconds S] FILE...   MB/s on one core
//   bench_extract --records FILE...                    JSON Lines to stdout
//   bench_extract --passes N FILE...                   exactly N passes
//   bench_extract --stage match|gate FILE...           the matcher's cost alone
//
// The benchmark extracts the files' texts over and over on one thread for at
// least S seconds and prints MB/s with the machine, compiler and revision.
// --passes makes the work exact, for counting instructions a byte under
// callgrind, which is steady on a shared machine where time is not:
// (instructions of N passes - instructions of 1 pass) / ((N - 1) x bytes).
// --stage stops after a stage of extraction: `gate` folds the text and runs
// the RE2::Set, `match` also runs the firing rules' RE2s and the agency
// name recognizer; no record is built. The records' count is then the
// count of hits or candidates.
#include <sys/resource.h>
#include <sys/utsname.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "pipeline/base/file.h"
#include "pipeline/extract/compiled_rules.h"
#include "pipeline/extract/extractor.h"

namespace po = boost::program_options;

namespace {

std::string GitRevision() {
  FILE* pipe = popen("git rev-parse --short HEAD 2>/dev/null", "r");
  if (!pipe) return "unknown";
  char buf[64] = {0};
  std::string out = fgets(buf, sizeof(buf), pipe) ? buf : "unknown";
  pclose(pipe);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string Machine() {
  utsname u;
  if (uname(&u) != 0) return "unknown";
  return std::string(u.sysname) + " " + u.release + " " + u.machine;
}

// CPU seconds this process has used: on a shared machine the fair measure
// of "per core" throughput, where wall time also counts waiting for a core.
double CpuSeconds() {
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
         usage.ru_stime.tv_usec / 1e6;
}

double LoadAverage() {
  double load = 0;
  FILE* f = std::fopen("/proc/loadavg", "r");
  if (f) {
    if (std::fscanf(f, "%lf", &load) != 1) load = 0;
    std::fclose(f);
  }
  return load;
}

}  // namespace

int main(int argc, char** argv) {
  po::options_description options("Usage: bench_extract [options] FILE...\nOptions");
  options.add_options()("help,h", "show this help")(
      "rules", po::value<std::string>()->default_value("rules"), "rule directory")(
      "records", "print the records of each file as JSON Lines instead of benchmarking")(
      "seconds", po::value<double>()->default_value(3.0), "minimum benchmark time")(
      "passes", po::value<int>(), "run exactly this many passes over the files instead")(
      "stage", po::value<std::string>()->default_value("all"),
      "all, or stop after `match` (Set and rules' RE2) or `gate` (fold and Set)")(
      "files", po::value<std::vector<std::string>>(), "text files");
  po::positional_options_description positional;
  positional.add("files", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(options).positional(positional).run(),
              vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "bench_extract: " << e.what() << "\n" << options;
    return 2;
  }
  if (vm.count("help") || !vm.count("files")) {
    std::cout << options;
    return vm.count("help") ? 0 : 2;
  }
  // Bad flags are usage errors, told before rules and files are loaded.
  const int passes = vm.count("passes") ? vm["passes"].as<int>() : 0;
  if (vm.count("passes") && passes < 1) {
    std::cerr << "bench_extract: --passes must be at least 1\n";
    return 2;
  }
  const std::string stage = vm["stage"].as<std::string>();
  if (stage != "all" && stage != "match" && stage != "gate") {
    std::cerr << "bench_extract: --stage must be all, match or gate\n";
    return 2;
  }
  auto extractor = sohoa::Extractor::Load(vm["rules"].as<std::string>());
  if (!extractor.ok()) {
    std::cerr << "bench_extract: " << extractor.status().ToString() << "\n";
    return 1;
  }
  std::vector<std::string> texts;
  size_t total_bytes = 0;
  for (const std::string& path : vm["files"].as<std::vector<std::string>>()) {
    auto text = sohoa::ReadFile(path);
    if (!text.ok()) {
      std::cerr << "bench_extract: " << text.status().ToString() << "\n";
      return 1;
    }
    total_bytes += text->size();
    texts.push_back(std::move(text).value());
  }
  if (vm.count("records")) {
    for (const std::string& text : texts) {
      for (const sohoa::Record& r : (*extractor)->Extract(text)) std::cout << r.ToJson() << "\n";
    }
    return 0;
  }
  const double min_seconds = vm["seconds"].as<double>();
  // Extractor::Load gives CompiledRules, the only Extractor there is.
  const auto& compiled = static_cast<const sohoa::CompiledRules&>(**extractor);
  auto run = [&](const std::string& text) -> size_t {
    if (stage == "all") return (*extractor)->Extract(text).size();
    return compiled.RunStages(text, stage == "match" ? sohoa::CompiledRules::Stage::kMatch
                                                     : sohoa::CompiledRules::Stage::kGate);
  };
  for (const std::string& text : texts) run(text);  // warm RE2's caches
  auto start = std::chrono::steady_clock::now();
  const double cpu_start = CpuSeconds();
  size_t bytes = 0, records = 0;
  double elapsed = 0;
  int done = 0;
  do {
    for (const std::string& text : texts) records += run(text);
    bytes += total_bytes;
    ++done;
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  } while (passes ? done < passes : elapsed < min_seconds);
  const double cpu = CpuSeconds() - cpu_start;
  std::printf("machine: %s, load average %.1f\ncompiler: %s\nrevision: %s\n%s\n", Machine().c_str(),
              LoadAverage(), __VERSION__, GitRevision().c_str(),
              (*extractor)->RulesVersion().c_str());
  std::printf("%zu files, %zu bytes, %d passes, %.1f MB, %zu %s, one thread\n", texts.size(),
              total_bytes, done, bytes / 1e6, records,
              stage == "all" ? "records" : stage == "match" ? "candidates" : "rule hits");
  std::printf("wall %.2f s: %.1f MB/s; CPU %.2f s: %.1f MB/s per core\n", elapsed,
              bytes / 1e6 / elapsed, cpu, bytes / 1e6 / cpu);
  return 0;
}
