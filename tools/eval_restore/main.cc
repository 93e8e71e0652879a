// eval_restore: syllable accuracy of the restorer on the held-out documents
// of the training corpus (same split as train_restore), on
//   (a) the text with every diacritic stripped (case kept),
//   (b) the correctly accented text (share of words left unchanged),
//   (c) optionally, garbled/clean line pairs (--pairs: "garbled<TAB>clean"),
//   (e) optionally, accent-stripped documents of other kinds (--stripped-dir:
//       each NAME_stripped.txt in the folders restored as one document and
//       scored against NAME_clean.txt, e.g. corpus/extract/heldout/dev).
//
//   build/tools/eval_restore/eval_restore --model models/restore/vi_syllable_4gram.bin
#include <boost/program_options.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "pipeline/base/file.h"
#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"
#include "pipeline/restore/restorer.h"
#include "pipeline/restore/tokenizer.h"
#include "pipeline/restore/training_text.h"
#include "tools/common/flags.h"

namespace po = boost::program_options;
using namespace sohoa;
using namespace sohoa::restore;

namespace {

// Classic tone placement and "Ð" read as "Đ", case kept.
std::string Canon(std::string_view word) {
  std::string w(word);
  for (size_t p; (p = w.find("\xC3\x90")) != std::string::npos;) w.replace(p, 2, "Đ");
  return vi::PlaceTone(w, vi::TonePlacement::kClassic);
}

// A chunk with digits that OCR made of a word ("s6", "c4", "ndi1") counts
// as a word, so raw, restored and true text align.
bool IsWordLikeCode(std::string_view text) {
  if (text.find_first_of("/-.,:@") != std::string_view::npos) return false;
  for (size_t pos = 0; pos < text.size();) {
    vi::LetterParts lp;
    if (vi::Decompose(DecodeUtf8(text, &pos), &lp)) return true;
  }
  return false;
}

std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> out;
  for (const Token& t : Tokenize(text)) {
    if (t.kind == TokenKind::kWord ||
        (t.kind == TokenKind::kCode && IsWordLikeCode(t.text))) {
      out.push_back(t.text);
    }
  }
  return out;
}

struct Score {
  size_t words = 0, right = 0, misaligned = 0;
  std::map<std::string, int> errors;  // "want -> got"
  void Add(std::string_view want_text, std::string_view got_text, bool exact) {
    auto want = Words(want_text), got = Words(got_text);
    auto same = [&](std::string_view a, std::string_view b) {
      return exact ? a == b : Canon(a) == Canon(b);
    };
    if (want.size() == got.size()) {
      for (size_t i = 0; i < want.size(); ++i) Count(want[i], got[i], same(want[i], got[i]));
      return;
    }
    // OCR split or joined words: align by edit distance; a true word counts
    // as right when the alignment pairs it with an equal word.
    misaligned += want.size();
    const size_t n = want.size(), m = got.size();
    std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
    for (size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
    for (size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
    for (size_t i = 1; i <= n; ++i) {
      for (size_t j = 1; j <= m; ++j) {
        d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1,
                            d[i - 1][j - 1] + (same(want[i - 1], got[j - 1]) ? 0 : 1)});
      }
    }
    for (size_t i = n, j = m; i > 0;) {
      if (j > 0 && d[i][j] == d[i - 1][j - 1] + (same(want[i - 1], got[j - 1]) ? 0 : 1)) {
        Count(want[i - 1], got[j - 1], same(want[i - 1], got[j - 1]));
        --i, --j;
      } else if (j > 0 && d[i][j] == d[i][j - 1] + 1) {
        --j;
      } else {
        Count(want[i - 1], "(none)", false);
        --i;
      }
    }
  }
  void Count(std::string_view want, std::string_view got, bool ok) {
    ++words;
    if (ok) {
      ++right;
    } else {
      ++errors[std::string(want) + " -> " + std::string(got)];
    }
  }
  void Print(const std::string& name, int show) const {
    std::printf("%-28s %9zu words  %.3f%%", name.c_str(), words,
                words ? 100.0 * right / words : 0.0);
    if (misaligned) std::printf("  (%zu in lines aligned by edit distance)", misaligned);
    std::printf("\n");
    std::vector<std::pair<int, std::string>> top;
    for (const auto& [k, v] : errors) top.emplace_back(v, k);
    std::sort(top.rbegin(), top.rend());
    for (int i = 0; i < show && i < static_cast<int>(top.size()); ++i) {
      std::printf("    %5d  %s\n", top[i].first, top[i].second.c_str());
    }
  }
};

// Lines of `text`, the last one without its line break.
std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> out;
  ForEachLine(text, [&](std::string_view l) { out.push_back(l); });
  return out;
}

// (e): every DIR/NAME_stripped.txt restored as a whole document and scored
// line by line against DIR/NAME_clean.txt; one total per folder and one over
// all. Errors are printed only for folders whose name does not start with
// "test": report splits are looked at as totals only.
int EvalStrippedDirs(const DiacriticRestorer& restorer, const std::vector<std::string>& dirs,
                     int show) {
  namespace fs = std::filesystem;
  constexpr std::string_view kSuffix = "_stripped.txt";
  Score all;
  for (const std::string& dir : dirs) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      std::string name = entry.path().filename().string();
      if (name.size() > kSuffix.size() && name.ends_with(kSuffix)) {
        names.push_back(name.substr(0, name.size() - kSuffix.size()));
      }
    }
    if (ec) {
      std::cerr << "eval_restore: " << dir << ": " << ec.message() << "\n";
      return 1;
    }
    std::sort(names.begin(), names.end());
    Score score;
    for (const std::string& name : names) {
      auto stripped = ReadFile(dir + "/" + name + std::string(kSuffix));
      auto clean = ReadFile(dir + "/" + name + "_clean.txt");
      if (!stripped.ok() || !clean.ok()) {
        std::cerr << "eval_restore: "
                  << (stripped.ok() ? clean.status() : stripped.status()).ToString() << "\n";
        return 1;
      }
      std::string out = restorer.Restore(*stripped);
      auto want = Lines(*clean), got = Lines(out);
      if (want.size() != got.size()) {
        std::cerr << "eval_restore: " << dir << "/" << name << ": " << want.size()
                  << " clean lines, " << got.size() << " restored\n";
      }
      for (size_t i = 0; i < want.size() && i < got.size(); ++i) {
        score.Add(want[i], got[i], false);
        all.Add(want[i], got[i], false);
      }
    }
    std::string base = fs::path(dir).lexically_normal().filename().string();
    if (base.empty()) base = fs::path(dir).lexically_normal().parent_path().filename().string();
    const bool report_split = base.starts_with("test");
    score.Print("(e) " + base + " (" + std::to_string(names.size()) + " docs)",
                report_split ? 0 : show);
  }
  if (dirs.size() > 1) all.Print("(e) all folders", 0);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string model, corpus, split_name, pairs, seed, seed_truth;
  std::vector<std::string> stripped_dirs;
  int show = 0;
  bool filter = false;
  size_t max_docs;
  RestorerOptions ropt;
  po::options_description desc("eval_restore: syllable accuracy on held-out text");
  desc.add_options()("help", "show this help")(
      "model", po::value(&model)->default_value("models/restore/vi_syllable_4gram.bin"),
      "restoration model")("corpus", po::value(&corpus)->default_value("/work/shared/corpus"),
                           "corpus folder (legal_congbao.txt, legal_vlc.txt)")(
      "split", po::value(&split_name)->default_value("dev"), "dev or test")(
      "max-docs", po::value(&max_docs)->default_value(1000), "held-out documents to use")(
      "pairs", po::value(&pairs)->default_value(""),
      "file of garbled<TAB>clean lines to score as (c)")(
      "stripped-dir", po::value(&stripped_dirs)->multitoken(),
      "folders of NAME_stripped.txt and NAME_clean.txt to score as (e); with it, the legal "
      "held-out documents are scored only when --max-docs is given")(
      "show-errors", po::value(&show)->default_value(0), "print the N most frequent errors")(
      "seed", po::value(&seed)->default_value(""), "a real garbled document (d)")(
      "filter", po::bool_switch(&filter), "restore stdin to stdout instead of evaluating")(
      "seed-truth", po::value(&seed_truth)->default_value(""),
      "correct text of seed lines: <line number><TAB><text>")(
      "beam", po::value(&ropt.beam)->default_value(ropt.beam), "decoder beam")(
      "beam-threshold", po::value(&ropt.beam_threshold)->default_value(ropt.beam_threshold),
      "decoder beam threshold (log10)")(
      "candidate-floor", po::value(&ropt.candidate_floor)->default_value(ropt.candidate_floor),
      "lowest unigram log10 probability of a candidate")(
      "keep-bonus-clean",
      po::value(&ropt.keep_bonus_clean)->default_value(ropt.keep_bonus_clean),
      "own-form bonus in correctly accented text")(
      "keep-bonus-accented",
      po::value(&ropt.keep_bonus_accented)->default_value(ropt.keep_bonus_accented),
      "own-form bonus for accented words elsewhere")(
      "unknown-penalty", po::value(&ropt.unknown_penalty)->default_value(ropt.unknown_penalty),
      "penalty for keeping an unknown word")(
      "channel", po::value(&ropt.channel_path)->default_value(""),
      "OCR error channel model (for garbled text)")(
      "clean-channel", po::value(&ropt.clean_channel_path)->default_value(""),
      "fresh-OCR error channel (for unknown words in accented text)")(
      "channel-weight", po::value(&ropt.channel_weight)->default_value(ropt.channel_weight),
      "weight of the channel's log probability")(
      "channel-candidates",
      po::value(&ropt.channel_candidates)->default_value(ropt.channel_candidates),
      "channel proposals per word")(
      "channel-vocab-floor",
      po::value(&ropt.channel_vocab_floor)->default_value(ropt.channel_vocab_floor),
      "lowest unigram log10 prob of a word the channel may propose")(
      "digit-word-penalty",
      po::value(&ropt.digit_word_penalty)->default_value(ropt.digit_word_penalty),
      "penalty for reading a short number in garbled text as a word")(
      "fold-score", po::value(&ropt.fold_score)->default_value(ropt.fold_score),
      "score of a same-letters candidate the channel did not propose")(
      "spelling-weight", po::value(&ropt.spelling_weight)->default_value(ropt.spelling_weight),
      "weight of the document's own spellings (0: off)")(
      "spelling-lambda", po::value(&ropt.spelling_lambda)->default_value(ropt.spelling_lambda),
      "share of the model in the document's spelling cache")(
      "spelling-prior", po::value(&ropt.spelling_prior)->default_value(ropt.spelling_prior),
      "evidence of the model's shares in the document's spelling cache")(
      "written-evidence",
      po::value(&ropt.written_evidence)->default_value(ropt.written_evidence),
      "evidence of a word the document writes with diacritics")(
      "restored-evidence",
      po::value(&ropt.restored_evidence)->default_value(ropt.restored_evidence),
      "evidence of a word the first pass restored")(
      "abbreviations", po::value(&ropt.abbreviations_path)->default_value(""),
      "abbreviation table (default: abbreviations.tsv beside the model; none: none)");
  po::variables_map vm;
  if (int rc = sohoa::tools::ParseFlags(argc, argv, "eval_restore", desc, &vm); rc >= 0) return rc;
  auto restorer = DiacriticRestorer::Load(model, ropt);
  if (!restorer.ok()) {
    std::cerr << "eval_restore: " << restorer.status().ToString() << "\n";
    return 1;
  }
  if (filter) {
    std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    std::cout << (*restorer)->Restore(input);
    return 0;
  }
  if (!stripped_dirs.empty()) {
    std::printf("model %s\n", (*restorer)->ModelVersion().c_str());
    if (int rc = EvalStrippedDirs(**restorer, stripped_dirs, show); rc != 0) return rc;
    if (vm["max-docs"].defaulted()) max_docs = 0;
  }
  if (max_docs > 0) {
    const Split want = split_name == "test" ? Split::kTest : Split::kDev;
    std::vector<std::string> docs;
    for (const char* file : {"legal_congbao.txt", "legal_vlc.txt"}) {
      Status s = ForEachDocument(corpus + "/" + file, [&](std::string_view doc) {
        if (SplitOf(doc, true) == want && docs.size() < max_docs) docs.emplace_back(doc);
      });
      if (!s.ok()) {
        std::cerr << "eval_restore: " << s.ToString() << "\n";
        return 1;
      }
    }
    Score stripped, clean;
    double secs = 0;
    for (const std::string& doc : docs) {
      std::string input = vi::StripDiacritics(doc);
      auto t0 = std::chrono::steady_clock::now();
      std::string out = (*restorer)->Restore(input);
      secs += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::vector<std::string_view> want_lines, got_lines;
      ForEachLine(doc, [&](std::string_view l) { want_lines.push_back(l); });
      ForEachLine(out, [&](std::string_view l) { got_lines.push_back(l); });
      for (size_t i = 0; i < want_lines.size() && i < got_lines.size(); ++i) {
        stripped.Add(want_lines[i], got_lines[i], false);
      }
      std::string same = (*restorer)->Restore(doc);
      std::vector<std::string_view> same_lines;
      ForEachLine(same, [&](std::string_view l) { same_lines.push_back(l); });
      for (size_t i = 0; i < want_lines.size() && i < same_lines.size(); ++i) {
        clean.Add(want_lines[i], same_lines[i], true);
      }
    }
    std::printf("model %s\n%zu %s documents\n", (*restorer)->ModelVersion().c_str(), docs.size(),
                split_name.c_str());
    stripped.Print("(a) stripped: accuracy", show);
    clean.Print("(b) correct: unchanged", show);
    std::printf("    stripped decoding: %.0f words/s\n", stripped.words / std::max(secs, 1e-9));
  }
  if (!seed.empty() && !seed_truth.empty()) {
    auto garbled = ReadFile(seed);
    auto truth = ReadFile(seed_truth);
    if (!garbled.ok() || !truth.ok()) {
      std::cerr << "eval_restore: "
                << (garbled.ok() ? truth.status() : garbled.status()).ToString() << "\n";
      return 1;
    }
    // Truth lines are "<seed line number, 1-based><TAB><correct text>"
    // ('#' starts a comment). The whole seed is restored as one document.
    std::vector<std::string_view> in, got;
    ForEachLine(*garbled, [&](std::string_view l) { in.push_back(l); });
    std::string out = (*restorer)->Restore(*garbled);
    ForEachLine(out, [&](std::string_view l) { got.push_back(l); });
    Score raw, restored;
    ForEachLine(*truth, [&](std::string_view l) {
      size_t tab = l.find('\t');
      if (l.empty() || l[0] == '#' || tab == std::string_view::npos) return;
      size_t n = std::strtoul(std::string(l.substr(0, tab)).c_str(), nullptr, 10);
      if (n == 0 || n > in.size() || n > got.size()) return;
      raw.Add(l.substr(tab + 1), in[n - 1], false);
      restored.Add(l.substr(tab + 1), got[n - 1], false);
    });
    raw.Print("(d) seed: raw input", 0);
    restored.Print("(d) seed: restored", show);
  }
  if (!pairs.empty()) {
    auto text = ReadFile(pairs);
    if (!text.ok()) {
      std::cerr << "eval_restore: " << text.status().ToString() << "\n";
      return 1;
    }
    // The lines are restored as one text, in order, as a document would be.
    std::vector<std::string_view> in, truth;
    ForEachLine(*text, [&](std::string_view line) {
      size_t tab = line.find('\t');
      if (tab == std::string_view::npos) return;
      in.push_back(line.substr(0, tab));
      truth.push_back(line.substr(tab + 1));
    });
    std::string joined;
    for (std::string_view l : in) joined += std::string(l) + "\n";
    std::string out = (*restorer)->Restore(joined);
    std::vector<std::string_view> got;
    ForEachLine(out, [&](std::string_view l) { got.push_back(l); });
    Score garbled, raw;
    for (size_t i = 0; i < truth.size() && i < got.size(); ++i) {
      garbled.Add(truth[i], got[i], false);
      raw.Add(truth[i], in[i], false);
    }
    raw.Print("(c) garbled: raw input", 0);
    garbled.Print("(c) garbled: restored", show);
  }
  return 0;
}
