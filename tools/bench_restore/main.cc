// bench_restore: model load time and restoration throughput (words per
// second, one thread) on accent-stripped held-out legal text. Run under
// `/usr/bin/time -v` for peak memory.
//
//   /usr/bin/time -v build/tools/bench_restore/bench_restore
//       --model models/restore/vi_syllable_4gram.bin
#include <boost/program_options.hpp>

#include <sys/utsname.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"
#include "pipeline/restore/restorer.h"
#include "pipeline/restore/tokenizer.h"
#include "pipeline/restore/training_text.h"
#include "tools/common/flags.h"

#ifndef SOHOA_GIT_REVISION
#define SOHOA_GIT_REVISION "unknown"
#endif

namespace po = boost::program_options;
using namespace sohoa;
using namespace sohoa::restore;

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// CPU time of this thread: on a shared machine, wall time also counts the
// time other processes held the core.
double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  std::string model, corpus;
  int repeat;
  po::options_description desc("bench_restore: restoration speed and load time");
  desc.add_options()("help", "show this help")(
      "model", po::value(&model)->default_value("models/restore/vi_syllable_4gram.bin"),
      "restoration model")("corpus", po::value(&corpus)->default_value("/work/shared/corpus"),
                           "corpus folder; its held-out legal documents are the input")(
      "repeat", po::value(&repeat)->default_value(2), "passes over the input");
  po::variables_map vm;
  if (int rc = sohoa::tools::ParseFlags(argc, argv, "bench_restore", desc, &vm); rc >= 0) return rc;
  std::vector<std::string> docs;
  for (const char* file : {"legal_congbao.txt", "legal_vlc.txt"}) {
    Status s = ForEachDocument(corpus + "/" + file, [&](std::string_view doc) {
      if (SplitOf(doc, true) != Split::kTrain) docs.push_back(vi::StripDiacritics(doc));
    });
    if (!s.ok()) {
      std::cerr << "bench_restore: " << s.ToString() << "\n";
      return 1;
    }
  }
  size_t words = 0, bytes = 0;
  for (const auto& d : docs) {
    bytes += d.size();
    for (const Token& t : Tokenize(d)) words += t.kind == TokenKind::kWord;
  }
  auto t0 = Clock::now();
  auto restorer = DiacriticRestorer::Load(model);
  double load = Seconds(t0);
  if (!restorer.ok()) {
    std::cerr << "bench_restore: " << restorer.status().ToString() << "\n";
    return 1;
  }
  double best = 1e30, best_cpu = 1e30;
  size_t out_bytes = 0;
  for (int r = 0; r < repeat; ++r) {
    auto t1 = Clock::now();
    double c1 = ThreadCpuSeconds();
    for (const auto& d : docs) out_bytes += (*restorer)->Restore(d).size();
    best = std::min(best, Seconds(t1));
    best_cpu = std::min(best_cpu, ThreadCpuSeconds() - c1);
  }
  utsname u;
  uname(&u);
  std::printf("machine %s %s, compiler GCC %d.%d, revision %s\n", u.machine, u.release,
              __GNUC__, __GNUC_MINOR__, SOHOA_GIT_REVISION);
  std::printf("model %s\n", (*restorer)->ModelVersion().c_str());
  std::printf("model load: %.3f s\n", load);
  std::printf("input: %zu documents, %zu words, %.1f MB (held-out legal text, stripped)\n",
              docs.size(), words, bytes / 1e6);
  std::printf("restore: %.0f words/s wall, %.0f words per CPU second (best of %d, one thread)\n",
              words / best, words / best_cpu, repeat);
  return out_bytes > 0 ? 0 : 1;
}
