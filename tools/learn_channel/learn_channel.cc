// learn_channel: trains an ErrorChannel model from aligned token pairs.
//
//   learn_channel --pairs eng_train/tokens.tsv --out models/restore/channel_eng.tsv
//       --description "tesseract 5 -l eng on text2image renders of legal_*.txt"
//
// Input: TSV lines "observed<TAB>clean" (tools/make_garble writes them as
// tokens.tsv). Pairs whose clean side is not one Vietnamese syllable are
// skipped and counted.
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "pipeline/base/file.h"
#include "pipeline/restore/channel/channel_trainer.h"
#include "pipeline/restore/channel/error_channel.h"
#include "tools/common/flags.h"

namespace po = boost::program_options;

namespace {

int Run(const po::variables_map& vm) {
  sohoa::ChannelTrainer::Options options;
  options.min_rule_count = vm["min_count"].as<int>();
  options.discount = vm["discount"].as<double>();
  sohoa::ChannelTrainer trainer(options);
  for (const std::string& path : vm["pairs"].as<std::vector<std::string>>()) {
    std::ifstream in(path);
    if (!in) {
      std::cerr << path << ": cannot open\n";
      return 1;
    }
    int64_t lines = 0;
    for (std::string line; std::getline(in, line); ++lines) {
      size_t tab = line.find('\t');
      if (tab == std::string::npos) continue;
      (void)trainer.AddPair(std::string_view(line).substr(0, tab),
                            std::string_view(line).substr(tab + 1));
    }
    std::cerr << path << ": " << lines << " lines\n";
  }
  std::string model = trainer.Serialize(vm["description"].as<std::string>());
  const std::string out = vm["out"].as<std::string>();
  // Refuse to write what the reader would not load.
  auto check = sohoa::ErrorChannel::FromBytes(model, out);
  if (!check.ok()) {
    std::cerr << "internal error: " << check.status().ToString() << "\n";
    return 1;
  }
  sohoa::Status s = sohoa::WriteFileAtomically(out, model);
  if (!s.ok()) {
    std::cerr << s.ToString() << "\n";
    return 1;
  }
  std::cerr << "pairs used " << trainer.pairs_used() << ", rejected " << trainer.pairs_rejected()
            << "; " << check->rule_count() << " rules, " << model.size() << " bytes -> " << out
            << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  po::options_description desc("learn_channel: train the OCR error channel");
  desc.add_options()("help", "show this help")(
      "pairs", po::value<std::vector<std::string>>()->multitoken()->required(),
      "TSV files of observed<TAB>clean token pairs")(
      "out", po::value<std::string>()->required(), "model file to write")(
      "description", po::value<std::string>()->default_value("sohoa OCR error channel"),
      "comment stored in the model")(
      "min_count", po::value<int>()->default_value(2), "drop rewrites seen fewer times")(
      "discount", po::value<double>()->default_value(0.5), "absolute discount per rewrite");
  po::variables_map vm;
  if (int rc = sohoa::tools::ParseFlags(argc, argv, "learn_channel", desc, &vm); rc >= 0) return rc;
  return Run(vm);
}
