// bench_ocr: pages per second of decode -> preprocess -> OCR with N worker
// threads (one Tesseract engine each), and per-page time against bare
// `tesseract IMAGE - -l vie` on the same pages. Run it under
// `/usr/bin/time -v` for peak memory.
//
//   bench_ocr --pages 16 --jobs 1 --jobs 2 --bare IMAGE...
#include <sys/resource.h>
#include <sys/utsname.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <boost/program_options.hpp>

#include "pipeline/ocr/ocr.h"
#include "pipeline/preprocess/preprocess.h"
#include "tools/eval_ocr/page_ocr.h"

namespace {

namespace po = boost::program_options;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// User+system CPU seconds of this process or of its finished children: on a
// shared machine CPU time per page is steadier than wall time.
double CpuSeconds(int who) {
  rusage usage{};
  getrusage(who, &usage);
  const auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Runs `pages` files (cycling through `images`) on `jobs` threads; returns
// wall seconds, or a negative value after printing an error.
double RunStages(const std::vector<std::string>& images, int pages, int jobs,
                 bool single_thread) {
  std::atomic<int> next{0};
  std::atomic<bool> failed{false};
  const auto start = Clock::now();
  std::vector<std::thread> workers;
  for (int w = 0; w < jobs; ++w) {
    workers.emplace_back([&] {
      sohoa::OcrOptions options;
      options.single_thread = single_thread;
      auto engine = sohoa::CreateTesseractEngine(options);
      if (!engine.ok()) {
        std::cerr << engine.status().ToString() << "\n";
        failed = true;
        return;
      }
      for (int i; (i = next++) < pages;) {
        const std::string& path = images[i % images.size()];
        auto text = sohoa::OcrFile(path, sohoa::PageOcrOptions(), engine->get(), nullptr);
        if (!text.ok()) {
          std::cerr << text.status().ToString() << "\n";
          failed = true;
        }
      }
    });
  }
  for (std::thread& t : workers) t.join();
  return failed ? -1 : Seconds(start);
}

double RunBare(const std::vector<std::string>& images, int pages) {
  const auto start = Clock::now();
  for (int i = 0; i < pages; ++i) {
    const std::string command =
        "tesseract '" + images[i % images.size()] + "' - -l vie >/dev/null 2>&1";
    if (std::system(command.c_str()) != 0) {
      std::cerr << "failed: " << command << "\n";
      return -1;
    }
  }
  return Seconds(start);
}

std::string GitRevision() {
  FILE* pipe = popen("git rev-parse --short HEAD 2>/dev/null", "r");
  if (pipe == nullptr) return "unknown";
  char buffer[64] = {0};
  const bool ok = fgets(buffer, sizeof(buffer), pipe) != nullptr;
  pclose(pipe);
  std::string rev = ok ? buffer : "unknown";
  while (!rev.empty() && rev.back() == '\n') rev.pop_back();
  return rev;
}

void PrintMachine() {
  utsname u{};
  uname(&u);
  std::printf("machine: %s %s, %u hardware threads; compiler: gcc %s; revision: %s\n",
              u.sysname, u.machine, std::thread::hardware_concurrency(), __VERSION__,
              GitRevision().c_str());
  std::printf("%s, %s\n", sohoa::TesseractVersion().c_str(), sohoa::LeptonicaVersion().c_str());
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> images;
  std::vector<int> jobs_list;
  int pages = 16;
  bool bare = false, openmp = false;
  po::options_description desc("bench_ocr [options] IMAGE...");
  desc.add_options()
      ("help", "show this help")
      ("image", po::value(&images)->multitoken(), "one-page images to cycle through")
      ("pages", po::value(&pages), "pages per run (default 16)")
      ("jobs", po::value(&jobs_list)->composing(), "worker count to time; repeat for several (default 1 and 2)")
      ("bare", po::bool_switch(&bare), "also time bare `tesseract IMAGE - -l vie`, one by one")
      ("openmp", po::bool_switch(&openmp), "let Tesseract's OpenMP run (OcrOptions::single_thread off)");
  po::positional_options_description positional;
  positional.add("image", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(desc).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "bench_ocr: " << e.what() << "\n" << desc << "\n";
    return 2;
  }
  if (vm.count("help") || images.empty() || pages <= 0) {
    std::cout << desc << "\n";
    return images.empty() ? 2 : 0;
  }
  if (jobs_list.empty()) jobs_list = {1, 2};
  PrintMachine();
  double one_job_seconds = 0;
  for (int jobs : jobs_list) {
    const double cpu_before = CpuSeconds(RUSAGE_SELF);
    const double seconds = RunStages(images, pages, jobs, !openmp);
    if (seconds < 0) return 1;
    const double cpu = CpuSeconds(RUSAGE_SELF) - cpu_before;
    if (jobs == 1) one_job_seconds = seconds;
    std::printf("sohoa stages%s, %d job(s): %d pages in %.2f s = %.3f pages/s, %.3f s/page, "
                "%.3f CPU s/page", openmp ? " (OpenMP on)" : "", jobs, pages, seconds, pages / seconds, seconds / pages,
                cpu / pages);
    if (jobs != 1 && one_job_seconds > 0) std::printf(", %.2fx of 1 job", one_job_seconds / seconds);
    std::printf("\n");
    std::fflush(stdout);
  }
  if (bare) {
    const double cpu_before = CpuSeconds(RUSAGE_CHILDREN);
    const double seconds = RunBare(images, pages);
    if (seconds < 0) return 1;
    const double cpu = CpuSeconds(RUSAGE_CHILDREN) - cpu_before;
    std::printf("bare tesseract (one process per page): %.2f s = %.3f s/page, %.3f CPU s/page\n",
                seconds, seconds / pages, cpu / pages);
  }
  return 0;
}
