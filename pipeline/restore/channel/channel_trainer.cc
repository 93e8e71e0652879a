#include "pipeline/restore/channel/channel_trainer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "pipeline/base/sha256.h"
#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"
#include "pipeline/restore/channel/channel_text.h"
#include "pipeline/restore/channel/error_channel.h"

namespace sohoa {
namespace {

using channel_text::ToU32;
using channel_text::ToUtf8;

constexpr size_t kMaxPiece = 3;       // code points on either side of a rule
constexpr size_t kMaxObserved = 16;   // code points in an observed token

bool IsLetterOrDigit(char32_t c) {
  vi::LetterParts parts;
  return vi::Decompose(c, &parts) || (c >= '0' && c <= '9');
}

// Substitution cost for the alignment: a change of marks or case on the same
// letter is the usual OCR slip, so it is cheaper than a change of letter.
double SubstitutionCost(char32_t clean, char32_t observed) {
  if (clean == observed) return 0.0;
  if (vi::FoldChar(clean) == vi::FoldChar(observed)) return 0.4;
  if (IsLetterOrDigit(clean) && IsLetterOrDigit(observed)) return 0.9;
  return 1.0;
}

std::string FormatLogProb(double p) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.4f", std::log(p));
  return buf;
}

}  // namespace

bool ChannelTrainer::AddPair(std::string_view observed, std::string_view clean) {
  std::string clean_text(clean);
  for (size_t at; (at = clean_text.find("\u00d0")) != std::string::npos;) {
    clean_text.replace(at, 2, "\u0110");
  }
  clean_text = vi::PlaceTone(clean_text, vi::TonePlacement::kClassic);
  std::u32string obs = ToU32(observed);
  bool bad_observed = obs.empty() || obs.size() > kMaxObserved || !IsValidUtf8(observed) ||
                      std::count_if(obs.begin(), obs.end(), [](char32_t c) {
                        return c == ' ' || c == '\t' || c == '\n';
                      }) > 0;
  if (bad_observed || !IsValidUtf8(clean_text) || !vi::IsValidSyllable(clean_text)) {
    ++pairs_rejected_;
    return false;
  }
  std::u32string cln = ToU32(clean_text);
  CountRules(Align(obs, cln));
  CountContexts(cln);
  ++pairs_used_;
  return true;
}

std::vector<ChannelTrainer::Step> ChannelTrainer::Align(const std::u32string& observed,
                                                        const std::u32string& clean) {
  const size_t n = clean.size(), m = observed.size();
  std::vector<double> cost((n + 1) * (m + 1));
  auto at = [m](size_t i, size_t j) { return i * (m + 1) + j; };
  for (size_t i = 0; i <= n; ++i) {
    for (size_t j = 0; j <= m; ++j) {
      if (i == 0 && j == 0) continue;
      double best = std::numeric_limits<double>::infinity();
      if (i > 0 && j > 0) {
        best = cost[at(i - 1, j - 1)] + SubstitutionCost(clean[i - 1], observed[j - 1]);
      }
      if (i > 0) best = std::min(best, cost[at(i - 1, j)] + 1.0);
      if (j > 0) best = std::min(best, cost[at(i, j - 1)] + 1.0);
      cost[at(i, j)] = best;
    }
  }
  std::vector<Step> steps;
  for (size_t i = n, j = m; i > 0 || j > 0;) {
    const double here = cost[at(i, j)];
    if (i > 0 && j > 0 &&
        here == cost[at(i - 1, j - 1)] + SubstitutionCost(clean[i - 1], observed[j - 1])) {
      steps.push_back({std::u32string(1, clean[i - 1]), std::u32string(1, observed[j - 1])});
      --i, --j;
    } else if (i > 0 && here == cost[at(i - 1, j)] + 1.0) {
      steps.push_back({std::u32string(1, clean[i - 1]), U""});
      --i;
    } else {
      steps.push_back({U"", std::u32string(1, observed[j - 1])});
      --j;
    }
  }
  std::reverse(steps.begin(), steps.end());
  return steps;
}

// Counts every window of steps that holds at least one edit, has 1..3 clean
// and 0..3 observed code points, and does not cut an insertion off its
// neighbour (an inserted "¢" belongs with the letter beside it).
void ChannelTrainer::CountRules(const std::vector<Step>& steps) {
  const size_t n = steps.size();
  auto is_insertion = [&](size_t k) { return k < n && steps[k].clean.empty(); };
  for (size_t a = 0; a < n; ++a) {
    if (a > 0 && is_insertion(a - 1)) continue;
    std::u32string clean, observed;
    bool has_edit = false;
    for (size_t b = a; b < n; ++b) {
      clean += steps[b].clean;
      observed += steps[b].observed;
      has_edit = has_edit || !steps[b].copy();
      if (clean.size() > kMaxPiece || observed.size() > kMaxPiece) break;
      if (!has_edit || clean.empty() || is_insertion(b + 1)) continue;
      ++rule_counts_[{clean, observed}];
    }
  }
  for (const Step& step : steps) {
    if (step.copy()) ++copy_counts_[step.clean[0]];
  }
}

void ChannelTrainer::CountContexts(const std::u32string& clean) {
  for (size_t a = 0; a < clean.size(); ++a) {
    for (size_t len = 1; len <= kMaxPiece && a + len <= clean.size(); ++len) {
      ++context_counts_[clean.substr(a, len)];
    }
  }
}

std::string ChannelTrainer::Serialize(std::string_view description) const {
  std::string body;
  for (size_t start = 0; start <= description.size();) {
    size_t end = std::min(description.find('\n', start), description.size());
    body += "# " + std::string(description.substr(start, end - start)) + "\n";
    start = end + 1;
  }
  body += "# pairs used: " + std::to_string(pairs_used_) +
          ", rejected: " + std::to_string(pairs_rejected_) + "\n";

  int64_t total_chars = 0, total_copies = 0, single_edits_seen_once = 0;
  for (const auto& [piece, count] : context_counts_) {
    if (piece.size() == 1) total_chars += count;
  }
  for (const auto& [c, count] : copy_counts_) total_copies += count;
  for (const auto& [rule, count] : rule_counts_) {
    if (count == 1 && rule.first.size() == 1 && rule.second.size() <= 1) {
      ++single_edits_seen_once;
    }
  }
  // Good-Turing: edits seen once estimate the mass of unseen ones, spread
  // over a few dozen plausible replacements.
  const double chars = std::max<int64_t>(total_chars, 1);
  const double unknown = std::max<int64_t>(single_edits_seen_once, 1) / chars / 30.0;
  const double identity = std::max<double>(total_copies, 1) / chars;
  body += "P\tunknown_substitution\t" + FormatLogProb(unknown) + "\n";
  body += "P\tunknown_deletion\t" + FormatLogProb(unknown / 2) + "\n";
  body += "P\tunknown_insertion\t" + FormatLogProb(unknown / 2) + "\n";
  body += "P\tdefault_identity\t" + FormatLogProb(std::min(identity, 0.999)) + "\n";

  for (const auto& [c, count] : copy_counts_) {
    auto ctx = context_counts_.find(std::u32string(1, c));
    double p = static_cast<double>(count) / ctx->second;
    body += "I\t" + ToUtf8(std::u32string(1, c)) + "\t" + FormatLogProb(p) + "\n";
  }
  for (const auto& [rule, count] : rule_counts_) {
    if (count < options_.min_rule_count || rule.first == rule.second) continue;
    auto ctx = context_counts_.find(rule.first);
    if (ctx == context_counts_.end()) continue;
    double p = (count - options_.discount) / ctx->second;
    if (p < options_.min_probability) continue;
    body += "R\t" + ToUtf8(rule.first) + "\t" + ToUtf8(rule.second) + "\t" + FormatLogProb(p) +
            "\n";
  }
  return std::string(kChannelMagic) + "\t" + std::to_string(kChannelFormatVersion) + "\t" +
         Sha256Hex(body) + "\n" + body;
}

}  // namespace sohoa
