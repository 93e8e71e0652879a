// channel_eval: how often the true syllable is among an ErrorChannel's top-k
// candidates (the ceiling for any decoder that uses it), and how fast
// Candidates() is.
//
//   channel_eval --model models/restore/channel_eng.tsv
//       --vocab /work/shared/corpus/lexicon/vn_syllables_attested.tsv
//       --pairs /tmp/eng_heldout/tokens.tsv
//
// --pairs: TSV "observed<TAB>clean" (make_garble's tokens.tsv). Only pairs
// whose clean side is one syllable of the vocabulary are scored; the rest are
// counted as out of vocabulary.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <boost/program_options.hpp>

#include "pipeline/base/vietnamese.h"
#include "pipeline/restore/channel/channel_search.h"
#include "pipeline/restore/channel/channel_text.h"
#include "pipeline/restore/channel/error_channel.h"
#include "tools/common/flags.h"

namespace po = boost::program_options;

namespace {

std::string NormalizeClean(std::string text) {
  for (size_t at; (at = text.find("\u00d0")) != std::string::npos;) text.replace(at, 2, "\u0110");
  std::u32string lower;
  for (char32_t c : sohoa::channel_text::ToU32(text)) {
    lower.push_back(sohoa::channel_text::SetCase(c, false));
  }
  return sohoa::vi::PlaceTone(sohoa::channel_text::ToUtf8(lower),
                              sohoa::vi::TonePlacement::kClassic);
}

// Syllables (first column) and, when the second column is a count, their
// unigram log probabilities.
std::vector<std::string> ReadVocabulary(const std::string& path,
                                        std::unordered_map<std::string, double>* log_prior) {
  std::ifstream in(path);
  std::vector<std::string> words;
  std::unordered_map<std::string, double> counts;
  double total = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    std::string word = NormalizeClean(line.substr(0, tab));
    if (!sohoa::vi::IsValidSyllable(word)) continue;
    double count = tab == std::string::npos ? 1 : std::atof(line.c_str() + tab + 1);
    if (counts.find(word) == counts.end()) words.push_back(word);
    counts[word] += std::max(count, 1.0);
    total += std::max(count, 1.0);
  }
  for (const auto& [word, count] : counts) (*log_prior)[word] = std::log(count / total);
  return words;
}

// CPU time of this thread: wall time is meaningless on a shared machine.
double ThreadCpuMicros() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

struct Pair {
  std::string observed, clean;
};

int Run(const po::variables_map& vm) {
  auto channel = sohoa::ErrorChannel::Load(vm["model"].as<std::string>());
  if (!channel.ok()) {
    std::cerr << channel.status().ToString() << "\n";
    return 1;
  }
  std::unordered_map<std::string, double> log_prior;
  std::vector<std::string> vocab = ReadVocabulary(vm["vocab"].as<std::string>(), &log_prior);
  if (vocab.empty()) {
    std::cerr << vm["vocab"].as<std::string>() << ": no syllables read\n";
    return 1;
  }
  auto t0 = std::chrono::steady_clock::now();
  channel->SetVocabulary(vocab);
  double index_ms = std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - t0).count();
  std::unordered_set<std::string> in_vocab(vocab.begin(), vocab.end());

  std::vector<Pair> pairs;
  int64_t oov = 0;
  std::ifstream in(vm["pairs"].as<std::string>());
  for (std::string line; std::getline(in, line);) {
    size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    Pair p{line.substr(0, tab), NormalizeClean(line.substr(tab + 1))};
    if (in_vocab.count(p.clean)) pairs.push_back(std::move(p)); else ++oov;
  }
  const int max_k = vm["max_k"].as<int>();
  const float min_log_prob = vm["min_log_prob"].as<float>();
  const float beam = vm["beam"].as<float>();
  const int show_misses = vm["show_misses"].as<int>();
  int shown_misses = 0;
  const std::vector<int> ks = {1, 5, 20, max_k};
  std::vector<int64_t> hits(ks.size()), hits_changed(ks.size());
  int64_t raw_right = 0, changed = 0, unique_tokens = 0, prior_hits = 0;
  std::unordered_set<std::string> seen;
  double cold_us = 0, calls_us = 0;
  const double cpu0 = ThreadCpuMicros();
  for (const Pair& p : pairs) {
    bool cold = seen.insert(p.observed).second;
    double c0 = ThreadCpuMicros();
    auto cands = channel->Candidates(p.observed, max_k, min_log_prob, beam);
    const double call_us = ThreadCpuMicros() - c0;
    calls_us += call_us;
    if (cold) {
      cold_us += call_us;
      ++unique_tokens;
    }
    // Channel plus a unigram prior: a crude stand-in for the language model.
    std::string best_with_prior;
    double best_score = -1e30;
    for (const auto& c : cands) {
      double score = c.log_prob + log_prior[c.syllable];
      if (score > best_score) best_score = score, best_with_prior = c.syllable;
    }
    prior_hits += best_with_prior == p.clean;
    bool right = NormalizeClean(p.observed) == p.clean;
    raw_right += right;
    changed += !right;
    bool found = std::any_of(cands.begin(), cands.end(),
                             [&](const auto& c) { return c.syllable == p.clean; });
    if (!found && shown_misses < show_misses) {
      ++shown_misses;
      std::cout << "miss: " << p.observed << " (truth " << p.clean << "):";
      for (size_t r = 0; r < cands.size() && r < 3; ++r) {
        std::cout << " " << cands[r].syllable << " " << cands[r].log_prob;
      }
      std::cout << "\n";
    }
    for (size_t r = 0; r < cands.size(); ++r) {
      if (cands[r].syllable != p.clean) continue;
      for (size_t i = 0; i < ks.size(); ++i) {
        if (static_cast<int>(r) < ks[i]) {
          ++hits[i];
          if (!right) ++hits_changed[i];
        }
      }
      break;
    }
  }
  const double total_us = ThreadCpuMicros() - cpu0;
  const double n = std::max<size_t>(pairs.size(), 1), nc = std::max<int64_t>(changed, 1);
  std::cout << std::fixed << std::setprecision(2);
  std::cout << "model " << vm["model"].as<std::string>() << " (" << channel->rule_count()
            << " rules), vocabulary " << vocab.size() << " syllables (indexed in " << index_ms
            << " ms)\n";
  std::cout << "pairs scored " << pairs.size() << ", out of vocabulary " << oov
            << "; observed token already right (case-folded): " << 100.0 * raw_right / n
            << "%\n";
  for (size_t i = 0; i < ks.size(); ++i) {
    std::cout << "top-" << ks[i] << ": " << 100.0 * hits[i] / n << "% of all, "
              << 100.0 * hits_changed[i] / nc << "% of garbled (" << changed << ")\n";
  }
  std::cout << "top-1 of channel + unigram prior (vocabulary counts): " << 100.0 * prior_hits / n
            << "%\n";
  std::cout << "speed (thread CPU time in Candidates): " << calls_us / n
            << " us/token on average with the cache (whole loop " << total_us / n << "), "
            << cold_us / std::max<int64_t>(unique_tokens, 1) << " us per distinct token ("
            << unique_tokens << ") uncached; compiler " << __VERSION__ << ", "
            << std::thread::hardware_concurrency() << " hardware threads\n";
  const auto& counters = sohoa::channel_internal::ThreadSearchCounters();
  std::cout << "search effort: " << counters.pops / std::max<double>(counters.searches, 1)
            << " pops, " << counters.relaxations / std::max<double>(counters.searches, 1)
            << " relaxations per uncached token\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  po::options_description desc("channel_eval: top-k recall and speed of an error channel");
  desc.add_options()("help", "show this help")(
      "model", po::value<std::string>()->required(), "channel model file")(
      "vocab", po::value<std::string>()->required(),
      "syllable list (first TSV column; '#' lines skipped)")(
      "pairs", po::value<std::string>()->required(), "TSV observed<TAB>clean")(
      "max_k", po::value<int>()->default_value(50), "largest k to report")(
      "min_log_prob",
      po::value<float>()->default_value(sohoa::ErrorChannel::kDefaultMinLogProb),
      "candidate floor passed to Candidates()")(
      "beam", po::value<float>()->default_value(sohoa::ErrorChannel::kDefaultBeam),
      "beam passed to Candidates()")(
      "show_misses", po::value<int>()->default_value(0),
      "print this many tokens whose truth is not among the candidates");
  po::variables_map vm;
  if (int rc = sohoa::tools::ParseFlags(argc, argv, "channel_eval", desc, &vm); rc >= 0) return rc;
  return Run(vm);
}
