// bench_encoding: what telling a text file's encoding costs next to restoring
// its diacritics, per page, on the project's held-out plans (the pages the
// encoding test makes: corpus/extract/heldout/*/*_clean.txt).
//
//   build/tools/bench_encoding/bench_encoding [--model FILE] [--repeat N]
//
// For each plan: DecodeText (with the language model, as `sohoa run` does)
// on the plan as UTF-8 and in every legacy encoding and misread, and Restore
// on its normalized text, clean and stripped of diacritics. Times are CPU
// seconds of this thread (the machine may be shared), best of --repeat.
#include <sys/utsname.h>
#include <time.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "pipeline/base/vietnamese.h"
#include "pipeline/driver/text_scorer.h"
#include "pipeline/ingest/text_encoding.h"
#include "pipeline/normalize/normalizer.h"
#include "pipeline/restore/restorer.h"
#include "tests/encoding/legacy_corpus.h"
#include "tools/common/flags.h"

#ifndef SOHOA_GIT_REVISION
#define SOHOA_GIT_REVISION "unknown"
#endif

namespace po = boost::program_options;
using namespace sohoa;

namespace {

double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// Best-of-`repeat` CPU seconds of running `fn` once.
template <typename Fn>
double Best(int repeat, Fn fn) {
  double best = 1e30;
  for (int r = 0; r < repeat; ++r) {
    const double t0 = ThreadCpuSeconds();
    fn();
    best = std::min(best, ThreadCpuSeconds() - t0);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  std::string model, source, only;
  int repeat;
  po::options_description desc("bench_encoding: encoding detection against restoration, per page");
  desc.add_options()("help", "show this help")(
      "model", po::value(&model)->default_value("models/restore/vi_syllable_4gram.bin"),
      "restoration model (channels beside it are used, as sohoa does)")(
      "source", po::value(&source)->default_value("."), "repository root (for corpus/)")(
      "repeat", po::value(&repeat)->default_value(3), "runs per measurement; the best counts")(
      "only", po::value(&only)->default_value(""),
      "time only the files in this encoding (a flag name such as tcvn3-as-cp1252), for profiling");
  po::variables_map vm;
  if (int rc = tools::ParseFlags(argc, argv, "bench_encoding", desc, &vm); rc >= 0) return rc;
  const auto documents = legacy_corpus::Documents(source);
  if (documents.empty()) {
    std::cerr << "bench_encoding: no plans under " << source << "/corpus/extract/heldout\n";
    return 1;
  }
  auto restorer = DiacriticRestorer::Load(model);
  auto normalizer = Normalizer::Create();
  if (!restorer.ok() || !normalizer.ok()) {
    std::cerr << "bench_encoding: "
              << (restorer.ok() ? normalizer.status() : restorer.status()).ToString() << "\n";
    return 1;
  }
  RestorerTextScorer scorer(**restorer);
  DecodeOptions options;
  options.scorer = &scorer;

  double restore_clean = 0, restore_stripped = 0, utf8 = 0, ascii = 0;
  size_t bytes = 0, sink = 0;
  for (const auto& [name, text] : documents) {
    const std::string normalized = (*normalizer)->Normalize(text);
    const std::string stripped = vi::StripDiacritics(normalized);
    bytes += text.size();
    restore_clean += Best(repeat, [&] { sink += (*restorer)->Restore(normalized).size(); });
    restore_stripped += Best(repeat, [&] { sink += (*restorer)->Restore(stripped).size(); });
    utf8 += Best(repeat, [&] { sink += DecodeText(text, name, options)->text.size(); });
    ascii += Best(repeat, [&] { sink += DecodeText(stripped, name, options)->text.size(); });
  }
  std::map<std::string, double> legacy;  // path -> CPU seconds over all plans
  for (const legacy_corpus::File& f : legacy_corpus::MakeFiles(documents)) {
    if (f.shape != legacy_corpus::Shape::kWhole) continue;
    if (!only.empty() && EncodingFlagName(f.encoding) != only) continue;
    legacy[EncodingFlagName(f.encoding)] += Best(repeat, [&] {
      auto d = DecodeText(f.bytes, f.name, options);
      sink += d.ok() ? d->text.size() : 0;
    });
  }
  const double pages = static_cast<double>(documents.size());
  utsname u;
  uname(&u);
  std::printf("machine %s %s, compiler GCC %d.%d, revision %s\n", u.machine, u.release, __GNUC__,
              __GNUC_MINOR__, SOHOA_GIT_REVISION);
  std::printf("model %s\n", (*restorer)->ModelVersion().c_str());
  std::printf(
      "input: %zu plans as pages, %.0f bytes a page on average; CPU ms per page, "
      "best of %d\n\n",
      documents.size(), bytes / pages, repeat);
  std::printf("restore, clean text       %8.3f ms\n", 1e3 * restore_clean / pages);
  std::printf("restore, stripped text    %8.3f ms\n\n", 1e3 * restore_stripped / pages);
  std::printf("%-22s %10s %16s\n", "detect, file in", "ms/page", "% of restore*");
  std::printf("%-22s %10.3f %15.2f%%\n", "utf-8 (typical)", 1e3 * utf8 / pages,
              100 * utf8 / restore_clean);
  std::printf("%-22s %10.3f %15.2f%%\n", "ascii, no diacritics", 1e3 * ascii / pages,
              100 * ascii / restore_clean);
  for (const auto& [path, seconds] : legacy) {
    std::printf("%-22s %10.3f %15.2f%%\n", path.c_str(), 1e3 * seconds / pages,
                100 * seconds / restore_clean);
  }
  std::printf("\n* restoration of the same page as clean text, its cheapest case\n");
  return sink > 0 ? 0 : 1;
}
