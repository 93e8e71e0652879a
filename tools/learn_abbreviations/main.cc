// learn_abbreviations: counts the abbreviations written in capitals in the
// training corpus ("ĐVHC", "HĐND", "CĐS") and writes those whose letters are
// nearly always written with Đ, for the restorer to put the Đ back in
// stripped or garbled text (models/restore/abbreviations.tsv).
//
//   nice -n 10 build/tools/learn_abbreviations/learn_abbreviations
//       --corpus /work/shared/corpus --output models/restore/abbreviations.tsv
#include <boost/program_options.hpp>

#include <algorithm>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "pipeline/base/file.h"
#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"
#include "pipeline/restore/tokenizer.h"
#include "pipeline/restore/training_text.h"
#include "tools/common/flags.h"

namespace po = boost::program_options;
using namespace sohoa;
using namespace sohoa::restore;

namespace {

// Capitals, two or more letters, no syllable: "UBND", "ĐVHC".
bool IsCapitals(std::string_view word) {
  const std::string normalized = NormalizeWord(word);
  return vi::Fold(normalized).size() >= 2 && ApplyCase(normalized, "AA") == word &&
         !vi::IsValidSyllable(normalized);
}

// The only diacritic is the bar of Đ.
bool OnlyBarredD(std::string_view word) {
  bool any = false;
  for (size_t pos = 0; pos < word.size();) {
    const char32_t c = DecodeUtf8(word, &pos);
    if (c == U'Đ') {
      any = true;
    } else if (c >= 0x80) {
      return false;
    }
  }
  return any;
}

// letters ("dvhc") -> form as written ("ĐVHC", "DVHC") -> count
using Counts = std::map<std::string, std::map<std::string, size_t>>;

void CountLine(std::string_view line, Counts* counts) {
  for (const Token& t : Tokenize(line)) {
    if (t.kind != TokenKind::kWord || !IsCapitals(t.text)) continue;
    ++(*counts)[vi::Fold(NormalizeWord(t.text))][std::string(t.text)];
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string corpus, output;
  size_t min_count;
  double min_share;
  po::options_description desc("learn_abbreviations: abbreviations with Đ from the corpus");
  desc.add_options()("help", "show this help")(
      "corpus", po::value(&corpus)->default_value("/work/shared/corpus"),
      "corpus folder (legal_congbao.txt, legal_vlc.txt, wiki_vi.txt)")(
      "output", po::value(&output)->default_value("models/restore/abbreviations.tsv"),
      "table to write")("min-count", po::value(&min_count)->default_value(5),
                        "times the form with Đ must be written")(
      "min-share", po::value(&min_share)->default_value(0.9),
      "share of the letters' capitals it must have");
  po::variables_map vm;
  if (int rc = tools::ParseFlags(argc, argv, "learn_abbreviations", desc, &vm); rc >= 0) return rc;
  Counts counts;
  for (const auto& [file, legal] : {std::pair{"legal_congbao.txt", true},
                                    std::pair{"legal_vlc.txt", true},
                                    std::pair{"wiki_vi.txt", false}}) {
    Status s = ForEachDocument(corpus + "/" + file, [&](std::string_view doc) {
      if (SplitOf(doc, legal) != Split::kTrain) return;  // as train_restore holds out
      ForEachLine(doc, [&](std::string_view line) { CountLine(line, &counts); });
    });
    if (!s.ok()) {
      std::cerr << "learn_abbreviations: " << s.ToString() << "\n";
      return 1;
    }
  }
  std::string out =
      "# Abbreviations in capitals whose letters the training corpus nearly always writes\n"
      "# with Đ. Written by tools/learn_abbreviations (see models/restore/MODEL_CARD.md):\n"
      "# letters<TAB>form<TAB>times written so<TAB>share of the letters' capitals\n";
  size_t kept = 0;
  for (const auto& [letters, forms] : counts) {
    size_t total = 0;
    const std::pair<const std::string, size_t>* best = nullptr;
    for (const auto& form : forms) {
      total += form.second;
      if (best == nullptr || form.second > best->second) best = &form;
    }
    const double share = static_cast<double>(best->second) / static_cast<double>(total);
    if (!OnlyBarredD(best->first) || best->second < min_count || share < min_share) continue;
    char share_text[16];
    std::snprintf(share_text, sizeof(share_text), "%.3f", share);
    out += letters + "\t" + best->first + "\t" + std::to_string(best->second) + "\t" +
           share_text + "\n";
    ++kept;
  }
  if (Status s = WriteFileAtomically(output, out); !s.ok()) {
    std::cerr << "learn_abbreviations: " << s.ToString() << "\n";
    return 1;
  }
  std::cerr << "learn_abbreviations: " << kept << " of " << counts.size()
            << " capitals' letters written to " << output << "\n";
  return 0;
}
