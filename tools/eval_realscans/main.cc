// eval_realscans: sohoa against bare Tesseract on real scans with hand truth.
//
// Reads corpus/realscans/pages.tsv (id, PDF file name, page, split), takes
// each page of the chosen split out of ../shared/realscans as a one-page PDF
// (qpdf, signature boxes and all, as the archive holds it) and as a 300 dpi
// PNG (pdftoppm, what a user hands bare Tesseract), runs the command under
// test on {pdf} and the baseline on {png}, and scores both against
// corpus/realscans/truth/SPLIT/ID.txt:
//   CER (order-sensitive), word recall and precision (order-free), and the
//   share of matched lines in truth order; plus each command's wall time.
// The report split prints totals only unless --per-page is given: report
// pages are scored, never studied.
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "pipeline/base/file.h"
#include "pipeline/normalize/normalizer.h"
#include "tools/eval_ocr/cer.h"
#include "tools/eval_ocr/order_free.h"
#include "tools/eval_ocr/run_command.h"

namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;

struct PageEntry {
  std::string id, file, split;
  int page = 0;
};

struct Args {
  std::string pages = "corpus/realscans/pages.tsv";
  std::string truth = "corpus/realscans/truth";
  std::string scans = "../shared/realscans";
  std::string split = "dev";
  std::string command = "build/tools/sohoa/sohoa text {pdf}";
  std::string baseline = "OMP_THREAD_LIMIT=1 tesseract {png} - -l vie";
  std::string dump;
  bool per_page = false;
};

struct Score {
  sohoa::CerCount cer;
  sohoa::WordCount words;
  sohoa::LineOrder order;
  double seconds = 0;

  void Add(const Score& s) {
    cer.edits += s.cer.edits;
    cer.truth_chars += s.cer.truth_chars;
    words.matched += s.words.matched;
    words.truth_words += s.words.truth_words;
    words.text_words += s.words.text_words;
    order.truth_lines += s.order.truth_lines;
    order.matched += s.order.matched;
    order.in_order += s.order.in_order;
    seconds += s.seconds;
  }
};

std::string Substitute(std::string command, const std::string& key, const std::string& value) {
  for (size_t at; (at = command.find(key)) != std::string::npos;) {
    command.replace(at, key.size(), sohoa::ShellQuote(value));
  }
  return command;
}

sohoa::StatusOr<std::vector<PageEntry>> ReadPages(const Args& args) {
  auto text = sohoa::ReadFile(args.pages);
  if (!text.ok()) return text.status();
  std::vector<PageEntry> pages;
  std::istringstream lines(*text);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    std::vector<std::string> cells;
    std::istringstream fields(line);
    for (std::string cell; std::getline(fields, cell, '\t');) cells.push_back(cell);
    if (cells.size() != 4) return sohoa::InvalidArgumentError(args.pages + ": bad line: " + line);
    PageEntry e{cells[0], cells[1], cells[3], std::stoi(cells[2])};
    if (args.split == "all" || e.split == args.split) pages.push_back(e);
  }
  return pages;
}

sohoa::StatusOr<Score> ScoreCommand(const std::string& command, const std::string& truth,
                                    const sohoa::Normalizer& normalizer, std::string* text) {
  const auto start = std::chrono::steady_clock::now();
  auto out = sohoa::RunForOutput(command);
  if (!out.ok()) return out.status();
  Score s;
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  s.cer = sohoa::CountCer(*out, truth, &normalizer);
  s.words = sohoa::CountWords(*out, truth, &normalizer);
  s.order = sohoa::CountLineOrder(*out, truth, &normalizer);
  *text = std::move(out).value();
  return s;
}

void Print(const char* who, const std::string& id, const Score& s) {
  std::printf(
      "%-10s %-8s CER %6.2f%%  words R %.3f P %.3f  lines in order %lld/%lld of %lld  %6.1f s\n",
      id.c_str(), who, 100 * s.cer.rate(), s.words.recall(), s.words.precision(),
      static_cast<long long>(s.order.in_order), static_cast<long long>(s.order.matched),
      static_cast<long long>(s.order.truth_lines), s.seconds);
}

bool ParseArgs(int argc, char** argv, Args* a) {
  po::options_description desc("eval_realscans [options]");
  desc.add_options()("help", "show this help")("split", po::value(&a->split),
                                               "dev, report or all (default dev)")(
      "pages", po::value(&a->pages), "page list (default corpus/realscans/pages.tsv)")(
      "truth", po::value(&a->truth), "truth folder with SPLIT/ID.txt")(
      "scans", po::value(&a->scans), "folder of the PDFs (default ../shared/realscans)")(
      "command", po::value(&a->command), "command under test; {pdf} = the one-page PDF")(
      "baseline", po::value(&a->baseline), "yardstick; {png} = the 300 dpi page image")(
      "dump", po::value(&a->dump), "write each output as DIR/ID.sohoa.txt, ID.base.txt")(
      "per-page", po::bool_switch(&a->per_page), "print each page (always on for dev)");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, desc), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "eval_realscans: " << e.what() << "\n" << desc << "\n";
    return false;
  }
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return false;
  }
  if (a->split != "dev" && a->split != "report" && a->split != "all") {
    std::cerr << "eval_realscans: --split must be dev, report or all\n";
    return false;
  }
  a->per_page = a->per_page || a->split == "dev";
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!ParseArgs(argc, argv, &args)) return 2;
  if (!fs::is_directory(args.scans)) {
    std::cerr << "eval_realscans: " << args.scans
              << " is absent (the real scans are in ../shared)\n";
    return 1;
  }
  auto pages = ReadPages(args);
  auto normalizer = sohoa::Normalizer::Create();
  if (!pages.ok() || !normalizer.ok()) {
    std::cerr << (pages.ok() ? normalizer.status() : pages.status()).ToString() << "\n";
    return 1;
  }
  // The one-page PDFs and PNGs, removed however the run ends.
  struct WorkDir {
    fs::path path = fs::temp_directory_path() / ("eval_realscans." + std::to_string(getpid()));
    WorkDir() { fs::create_directories(path); }
    ~WorkDir() {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  } work_dir;
  const fs::path& work = work_dir.path;
  Score ours, base;
  int scored = 0;
  for (const PageEntry& page : *pages) {
    const fs::path truth_path = fs::path(args.truth) / page.split / (page.id + ".txt");
    auto truth = sohoa::ReadFile(truth_path.string());
    if (!truth.ok()) {
      std::cerr << "skipped " << page.id << ": no truth at " << truth_path << "\n";
      continue;
    }
    const std::string source = (fs::path(args.scans) / page.file).string();
    const std::string pdf = (work / (page.id + ".pdf")).string();
    const std::string png_base = (work / page.id).string();
    const std::string n = std::to_string(page.page);
    if (!sohoa::RunForOutput("qpdf " + sohoa::ShellQuote(source) + " --pages . " + n + " -- " +
                             sohoa::ShellQuote(pdf))
             .ok() ||
        !sohoa::RunForOutput("pdftoppm -r 300 -png -singlefile -f " + n + " -l " + n + " " +
                             sohoa::ShellQuote(source) + " " + sohoa::ShellQuote(png_base))
             .ok()) {
      std::cerr << "eval_realscans: cannot take page " << n << " out of " << source << "\n";
      return 1;
    }
    std::string ours_text, base_text;
    auto s = ScoreCommand(Substitute(args.command, "{pdf}", pdf), *truth, **normalizer, &ours_text);
    auto b = ScoreCommand(Substitute(args.baseline, "{png}", png_base + ".png"), *truth,
                          **normalizer, &base_text);
    if (!s.ok() || !b.ok()) {
      std::cerr << (s.ok() ? b.status() : s.status()).ToString() << "\n";
      return 1;
    }
    if (!args.dump.empty()) {
      fs::create_directories(args.dump);
      (void)sohoa::WriteFileAtomically(args.dump + "/" + page.id + ".sohoa.txt", ours_text);
      (void)sohoa::WriteFileAtomically(args.dump + "/" + page.id + ".base.txt", base_text);
    }
    if (args.per_page) {
      Print("sohoa", page.id, *s);
      Print("tesseract", page.id, *b);
    }
    ours.Add(*s);
    base.Add(*b);
    ++scored;
  }
  std::printf("%s split, %d pages\n", args.split.c_str(), scored);
  Print("sohoa", "TOTAL", ours);
  Print("tesseract", "TOTAL", base);
  if (base.cer.rate() > 0) {
    std::printf("CER ratio sohoa / tesseract: %.2f\n", ours.cer.rate() / base.cer.rate());
  }
  return scored > 0 ? 0 : 1;
}
