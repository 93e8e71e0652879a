// eval_extract: precision and recall of extraction on annotated plans, run
// the way `sohoa extract FILE` runs (normalize, restore, extract).
//
//   eval_extract [--verbose] [--roles] [--no-restore] DIR...
//
// Each DIR holds NAME.tsv (expected records, see tests/extract/golden.h) and
// the texts NAME_<variant>.txt it describes (clean, stripped, ocr, ...). The
// tool prints the measures per variant and over all of them.
// corpus/extract/heldout/dev is for tuning; .../test is reported, never tuned.
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "pipeline/base/file.h"
#include "pipeline/driver/pipeline.h"
#include "tests/extract/golden.h"
#include "tools/common/flags.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

int main(int argc, char** argv) {
  po::options_description desc("Usage: eval_extract [options] --dir DIR...\nOptions");
  desc.add_options()("help,h", "show this help")(
      "dir", po::value<std::vector<std::string>>()->required(), "folders of NAME.tsv + NAME_*.txt")(
      "verbose,v", "print every expected record missed and every record not expected")(
      "roles", "print the agency roles missed and not expected")(
      "no-restore", "extract from the text as written")(
      "rules", po::value<std::string>()->default_value(SOHOA_DEFAULT_RULES), "rules directory")(
      "model", po::value<std::string>()->default_value(SOHOA_DEFAULT_MODEL), "restoration model");
  po::variables_map vm;
  if (int rc = sohoa::tools::ParseFlags(argc, argv, "eval_extract", desc, &vm); rc >= 0) return rc;

  sohoa::PipelineOptions options;
  options.rules_dir = vm["rules"].as<std::string>();
  options.model_path = vm["model"].as<std::string>();
  options.restore = !vm.count("no-restore");
  fs::path model_dir = fs::path(options.model_path).parent_path();
  options.restorer.channel_path = (model_dir / "channel_eng.tsv").string();
  options.restorer.clean_channel_path = (model_dir / "channel_vie.tsv").string();
  auto pipeline = sohoa::Pipeline::Create(options);
  if (!pipeline.ok()) {
    std::cerr << "eval_extract: " << pipeline.status().ToString() << "\n";
    return 3;
  }
  std::map<std::string, sohoa::golden::Scores> by_variant;
  sohoa::golden::Scores total;
  for (const std::string& dir : vm["dir"].as<std::vector<std::string>>()) {
    std::vector<fs::path> golds;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".tsv") golds.push_back(entry.path());
    }
    if (ec || golds.empty()) {
      std::cerr << "eval_extract: " << dir << ": no NAME.tsv annotations\n";
      return 2;
    }
    std::sort(golds.begin(), golds.end());
    for (const fs::path& gold_path : golds) {
      auto gold = sohoa::golden::ReadGolden(gold_path.string());
      if (!gold.ok()) {
        std::cerr << "eval_extract: " << gold.status().ToString() << "\n";
        return 2;
      }
      const std::string stem = gold_path.stem().string();
      std::vector<fs::path> texts;
      for (const auto& entry : fs::directory_iterator(dir)) {
        std::string name = entry.path().filename().string();
        if (entry.path().extension() == ".txt" && name.rfind(stem + "_", 0) == 0) {
          texts.push_back(entry.path());
        }
      }
      std::sort(texts.begin(), texts.end());
      for (const fs::path& text_path : texts) {
        auto text = sohoa::ReadFile(text_path.string());
        if (!text.ok()) {
          std::cerr << "eval_extract: " << text.status().ToString() << "\n";
          return 2;
        }
        sohoa::Document doc = (*pipeline)->ProcessText(*text);
        std::vector<std::string> misses, role_misses;
        sohoa::golden::Scores s = sohoa::golden::Score(*gold, doc.records, &misses, &role_misses);
        std::string variant = text_path.stem().string().substr(stem.size() + 1);
        by_variant[variant].Add(s);
        total.Add(s);
        if (vm.count("verbose")) {
          for (const std::string& m : misses) {
            std::cout << "  " << text_path.filename().string() << ": " << m << "\n";
          }
        }
        if (vm.count("roles")) {
          for (const std::string& m : role_misses) {
            std::cout << "  " << text_path.filename().string() << ": " << m << "\n";
          }
        }
      }
    }
  }
  for (const auto& [variant, scores] : by_variant) {
    std::cout << "== " << variant << " (" << scores.documents << " documents)\n"
              << sohoa::golden::Report(scores);
  }
  std::cout << "== all variants (" << total.documents << " documents)\n"
            << sohoa::golden::Report(total);
  return 0;
}
