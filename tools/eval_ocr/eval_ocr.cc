// eval_ocr: character error rate of OCR over a set of scans with truth.
//
// A set is a folder of images (png, jpg, tif, pdf), each beside its truth
// NAME.txt (or with --truth, NAME.txt in another folder). By default every page goes through sohoa's stages (decode ->
// preprocess -> Tesseract); --command runs any program instead ("tesseract
// {} - -l vie", "build/tools/sohoa/sohoa text {}"), {} being the image path.
// Prints per-page and total CER (total = all edits / all truth characters).
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "pipeline/base/file.h"
#include "pipeline/normalize/normalizer.h"
#include "tools/eval_ocr/cer.h"
#include "tools/eval_ocr/page_ocr.h"
#include "tools/eval_ocr/run_command.h"

namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;
using sohoa::CerCount;

struct Args {
  std::vector<std::string> sets;
  std::string command;
  std::string dump_dir;
  std::string truth_dir;  // empty: truth beside each scan
  bool show_notes = false;
  sohoa::PageOcrOptions ocr;
  int psm = 3;
};

bool IsImage(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".tif" || ext == ".tiff" ||
         ext == ".pdf" || ext == ".bmp" || ext == ".pnm";
}

fs::path TruthOf(const fs::path& scan, const std::string& truth_dir) {
  if (truth_dir.empty()) return fs::path(scan).replace_extension(".txt");
  return fs::path(truth_dir) / fs::path(scan.filename()).replace_extension(".txt");
}

std::vector<fs::path> ScansWithTruth(const std::vector<std::string>& sets,
                                     const std::string& truth_dir) {
  std::vector<fs::path> scans;
  for (const std::string& set : sets) {
    std::vector<fs::path> found;
    if (fs::is_directory(set)) {
      for (const auto& entry : fs::directory_iterator(set)) found.push_back(entry.path());
    } else {
      found.push_back(set);
    }
    for (const fs::path& p : found) {
      if (IsImage(p) && fs::exists(TruthOf(p, truth_dir))) scans.push_back(p);
    }
  }
  std::sort(scans.begin(), scans.end());
  return scans;
}

sohoa::StatusOr<std::string> RunCommand(const std::string& command_template,
                                        const std::string& path) {
  std::string command = command_template;
  const size_t at = command.find("{}");
  if (at == std::string::npos) return sohoa::InvalidArgumentError("--command needs {}");
  command.replace(at, 2, sohoa::ShellQuote(path));
  return sohoa::RunForOutput(command);
}

bool ParseArgs(int argc, char** argv, Args* args) {
  sohoa::PreprocessOptions& pre = args->ocr.preprocess;
  bool no_orientation = false, no_deskew = false, no_background = false, no_noise = false,
       no_upscale = false;
  po::options_description desc("eval_ocr [options] SET_DIR_OR_IMAGE...");
  desc.add_options()
      ("help", "show this help")
      ("set", po::value(&args->sets)->multitoken(), "folders of scans with NAME.txt truth")
      ("command", po::value(&args->command), "run this instead of sohoa's stages; {} = image")
      ("truth", po::value(&args->truth_dir), "folder of NAME.txt truth (default: beside scans)")
      ("dump", po::value(&args->dump_dir), "write each page's OCR text here")
      ("notes", po::bool_switch(&args->show_notes), "print what preprocessing did")
      ("no-preprocess", po::bool_switch(&args->ocr.skip_preprocess), "OCR the decoded page")
      ("no-orientation", po::bool_switch(&no_orientation), "skip orientation")
      ("no-deskew", po::bool_switch(&no_deskew), "skip deskew")
      ("no-background", po::bool_switch(&no_background), "skip background normalization")
      ("no-noise", po::bool_switch(&no_noise), "skip impulse-noise removal")
      ("no-upscale", po::bool_switch(&no_upscale), "skip upscaling")
      ("binarize", po::bool_switch(&pre.binarize), "binarize before OCR")
      ("target-height", po::value(&pre.target_text_height), "median letter height to scale to")
      ("psm", po::value(&args->psm), "Tesseract page segmentation mode");
  po::positional_options_description positional;
  positional.add("set", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(desc).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "eval_ocr: " << e.what() << "\n" << desc << "\n";
    return false;
  }
  if (vm.count("help") || args->sets.empty()) {
    std::cout << desc << "\n";
    return false;
  }
  pre.fix_orientation = !no_orientation;
  pre.deskew = !no_deskew;
  pre.normalize_background = !no_background;
  pre.remove_noise = !no_noise;
  pre.upscale = !no_upscale;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!ParseArgs(argc, argv, &args)) return 2;
  auto normalizer = sohoa::Normalizer::Create();
  if (!normalizer.ok()) {
    std::cerr << normalizer.status().ToString() << "\n";
    return 1;
  }
  std::unique_ptr<sohoa::OcrEngine> engine;
  if (args.command.empty()) {
    sohoa::OcrOptions ocr_options;
    ocr_options.page_segmentation_mode = args.psm;
    auto created = sohoa::CreateTesseractEngine(ocr_options);
    if (!created.ok()) {
      std::cerr << created.status().ToString() << "\n";
      return 1;
    }
    engine = std::move(created).value();
  }
  CerCount total;
  for (const fs::path& scan : ScansWithTruth(args.sets, args.truth_dir)) {
    std::vector<std::string> notes;
    sohoa::StatusOr<std::string> text =
        args.command.empty() ? sohoa::OcrFile(scan.string(), args.ocr, engine.get(), &notes)
                             : RunCommand(args.command, scan.string());
    auto truth = sohoa::ReadFile(TruthOf(scan, args.truth_dir).string());
    if (!text.ok() || !truth.ok()) {
      std::cerr << (text.ok() ? truth.status() : text.status()).ToString() << "\n";
      return 1;
    }
    if (!args.dump_dir.empty()) {
      (void)sohoa::WriteFileAtomically(
          (fs::path(args.dump_dir) / scan.filename()).string() + ".txt", *text);
    }
    const CerCount count = sohoa::CountCer(*text, *truth, normalizer->get());
    total.edits += count.edits;
    total.truth_chars += count.truth_chars;
    std::printf("%-28s CER %6.2f%%  (%lld/%lld)", scan.filename().c_str(), 100 * count.rate(),
                static_cast<long long>(count.edits), static_cast<long long>(count.truth_chars));
    if (args.show_notes) {
      std::printf("  [");
      for (size_t i = 0; i < notes.size(); ++i) std::printf("%s%s", i ? "; " : "", notes[i].c_str());
      std::printf("]");
    }
    std::printf("\n");
    std::fflush(stdout);
  }
  std::printf("TOTAL CER %.2f%% (%lld edits / %lld chars)\n", 100 * total.rate(),
              static_cast<long long>(total.edits), static_cast<long long>(total.truth_chars));
  return 0;
}
