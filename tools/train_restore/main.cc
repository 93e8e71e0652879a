// train_restore: builds the diacritic-restoration language model from the
// training corpus (legal text weighted above Wikipedia) and the gazetteer of
// administrative units, holding out the development and test documents.
//
//   nice -n 10 build/tools/train_restore/train_restore
//       --corpus /work/shared/corpus --gazetteer /work/shared/gazetteer/admin_units_2025-03.tsv
//       --output models/restore/vi_syllable_4gram.bin
#include <boost/program_options.hpp>

#include <chrono>
#include <ctime>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "pipeline/restore/lm_builder.h"
#include "pipeline/restore/training_text.h"
#include "pipeline/base/file.h"
#include "tools/common/flags.h"

namespace po = boost::program_options;
using sohoa::Status;
using namespace sohoa::restore;

namespace {

struct Source {
  std::string file;
  bool legal;
  uint32_t weight;
};

std::vector<uint32_t> ParseCounts(const std::string& text) {
  std::vector<uint32_t> out;
  std::stringstream ss(text);
  for (std::string item; std::getline(ss, item, ',');) out.push_back(std::stoul(item));
  return out;
}

std::string Today() {
  std::time_t now = std::time(nullptr);
  char buf[16];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d", std::gmtime(&now));
  return buf;
}

// Adds "xã a , huyện b , tỉnh c" for each unit: name then its parent chain.
Status AddGazetteer(const std::string& path, uint32_t weight, LmBuilder* builder, size_t* units) {
  SOHOA_ASSIGN_OR_RETURN(std::string text, sohoa::ReadFile(path));
  ForEachLine(text, [&](std::string_view line) {
    if (line.empty() || line[0] == '#') return;
    std::vector<std::string_view> cols;
    for (size_t pos = 0; pos <= line.size();) {
      size_t end = line.find('\t', pos);
      if (end == std::string_view::npos) end = line.size();
      cols.push_back(line.substr(pos, end - pos));
      pos = end + 1;
    }
    if (cols.size() < 4) return;
    std::string sentence(cols[3]);
    if (cols.size() > 4 && !cols[4].empty()) sentence += ", " + std::string(cols[4]);
    builder->AddSentence(LineKeys(sentence), weight);
    ++*units;
  });
  return Status::Ok();
}

}  // namespace

int main(int argc, char** argv) {
  std::string corpus, gazetteer, output, min_counts;
  int order, legal_weight, wiki_weight, gazetteer_weight;
  uint32_t min_word_count;
  po::options_description desc("train_restore: build the restoration language model");
  desc.add_options()("help", "show this help")(
      "corpus", po::value(&corpus)->default_value("/work/shared/corpus"),
      "folder with legal_congbao.txt, legal_vlc.txt, wiki_vi.txt")(
      "gazetteer", po::value(&gazetteer)->default_value(""),
      "admin_units TSV (level, code, type, name, parent); empty to skip")(
      "output", po::value(&output)->required(), "model file to write")(
      "order", po::value(&order)->default_value(4), "n-gram order (2..4)")(
      "min-counts", po::value(&min_counts)->default_value("1,1,2,3"),
      "weighted count an n-gram needs to be kept, per order")(
      "min-word-count", po::value(&min_word_count)->default_value(3),
      "weighted count a word needs to enter the vocabulary")(
      "legal-weight", po::value(&legal_weight)->default_value(2), "count legal text this often")(
      "wiki-weight", po::value(&wiki_weight)->default_value(1), "count Wikipedia this often")(
      "gazetteer-weight", po::value(&gazetteer_weight)->default_value(3),
      "count each administrative unit this often");
  po::variables_map vm;
  if (int rc = sohoa::tools::ParseFlags(argc, argv, "train_restore", desc, &vm); rc >= 0) return rc;
  auto start = std::chrono::steady_clock::now();
  LmBuildOptions options;
  options.order = order;
  options.min_counts = ParseCounts(min_counts);
  options.min_word_count = min_word_count;
  std::ostringstream meta;
  meta << "name=vi-syllable-" << order << "gram\ncreated=" << Today()
       << "\ndata=legal_congbao.txt legal_vlc.txt (x" << legal_weight << ", dev/test held out)"
       << " wiki_vi.txt (x" << wiki_weight << ")"
       << (gazetteer.empty() ? "" : " gazetteer (x" + std::to_string(gazetteer_weight) + ")")
       << "\nsmoothing=interpolated modified Kneser-Ney\nmin_counts=" << min_counts
       << "\nmin_word_count=" << min_word_count << "\n";
  options.metadata = meta.str();
  LmBuilder builder(options);
  const Source sources[] = {{"legal_congbao.txt", true, static_cast<uint32_t>(legal_weight)},
                            {"legal_vlc.txt", true, static_cast<uint32_t>(legal_weight)},
                            {"wiki_vi.txt", false, static_cast<uint32_t>(wiki_weight)}};
  for (const Source& src : sources) {
    size_t docs = 0, held = 0;
    Status s = ForEachDocument(corpus + "/" + src.file, [&](std::string_view doc) {
      ++docs;
      if (SplitOf(doc, src.legal) != Split::kTrain) {
        ++held;
        return;
      }
      ForEachLine(doc, [&](std::string_view line) {
        std::vector<std::string> keys = LineKeys(line);
        if (!keys.empty()) builder.AddSentence(keys, src.weight);
      });
    });
    if (!s.ok()) {
      std::cerr << "train_restore: " << s.ToString() << "\n";
      return 1;
    }
    std::cerr << src.file << ": " << docs << " documents, " << held << " held out\n";
  }
  if (!gazetteer.empty()) {
    size_t units = 0;
    Status s = AddGazetteer(gazetteer, gazetteer_weight, &builder, &units);
    if (!s.ok()) {
      std::cerr << "train_restore: " << s.ToString() << "\n";
      return 1;
    }
    std::cerr << "gazetteer: " << units << " units\n";
  }
  Status s = builder.Write(output);
  if (!s.ok()) {
    std::cerr << "train_restore: " << s.ToString() << "\n";
    return 1;
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cerr << "wrote " << output << ": vocabulary " << builder.vocab_size();
  for (size_t n = 2; n < builder.written_counts().size(); ++n) {
    std::cerr << ", " << n << "-grams " << builder.written_counts()[n];
  }
  std::cerr << " in " << secs << " s\n";
  return 0;
}
