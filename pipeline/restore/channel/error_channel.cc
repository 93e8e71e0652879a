#include "pipeline/restore/channel/error_channel.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <mutex>
#include <queue>
#include <shared_mutex>

#include "pipeline/base/file.h"
#include "pipeline/base/sha256.h"
#include "pipeline/base/utf8.h"
#include "pipeline/restore/channel/channel_text.h"

namespace sohoa {
namespace {

using channel_text::IsUpper;
using channel_text::SetCase;
using channel_text::ToU32;
using channel_text::ToUtf8;

constexpr uint64_t kMaxModelBytes = 64 << 20;
constexpr size_t kMaxPiece = 3;
constexpr int kMaxExpansions = 20000;
constexpr size_t kMaxCacheEntries = 1 << 18;

// The case the printed syllable is assumed to have had.
enum class CaseMode { kLower, kTitle, kUpper };

bool ExpectUpper(CaseMode mode, int depth) {
  return mode == CaseMode::kUpper || (mode == CaseMode::kTitle && depth == 0);
}

// Case modes worth searching for a token, from its letters.
std::vector<CaseMode> CaseModesFor(const std::u32string& token) {
  int letters = 0, upper = 0;
  bool first_upper = false, seen_letter = false;
  for (char32_t c : token) {
    vi::LetterParts parts;
    if (!vi::Decompose(c, &parts)) continue;
    if (!seen_letter) first_upper = parts.upper;
    seen_letter = true;
    ++letters;
    upper += parts.upper ? 1 : 0;
  }
  if (!first_upper) return {CaseMode::kLower};
  if (letters == 1) return {CaseMode::kTitle, CaseMode::kUpper};
  return {2 * upper > letters ? CaseMode::kUpper : CaseMode::kTitle};
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> fields;
  for (size_t start = 0;;) {
    size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) return fields;
    start = tab + 1;
  }
}

bool ParseLogProb(std::string_view text, float* value) {
  std::string copy(text);
  char* end = nullptr;
  double v = std::strtod(copy.c_str(), &end);
  if (copy.empty() || end != copy.c_str() + copy.size() || !std::isfinite(v) || v > 0) {
    return false;
  }
  *value = static_cast<float>(v);
  return true;
}

}  // namespace

struct ErrorChannel::Model {
  struct Rule {
    std::u32string clean;
    float log_prob;
  };
  // Rewrites by their observed side, best first.
  std::unordered_map<std::u32string, std::vector<Rule>> rules_by_observed;
  std::unordered_map<char32_t, float> identity;
  float unknown_substitution = -12, unknown_deletion = -13, unknown_insertion = -13;
  float default_identity = -0.1f;
  size_t rule_count = 0;

  float Identity(char32_t c) const {
    auto it = identity.find(c);
    return it == identity.end() ? default_identity : it->second;
  }
};

// The vocabulary as a trie over lowercase code points.
struct ErrorChannel::Trie {
  struct Node {
    uint32_t first_edge = 0, edge_count = 0;
    int32_t syllable = -1;  // index into `syllables` when a word ends here
    uint8_t depth = 0;
  };
  struct Edge {
    char32_t c;
    uint32_t child;
  };
  std::vector<Node> nodes;
  std::vector<Edge> edges;
  std::vector<std::string> syllables;

  int64_t Child(uint32_t node, char32_t c) const {
    const Node& n = nodes[node];
    auto begin = edges.begin() + n.first_edge, end = begin + n.edge_count;
    auto it = std::lower_bound(begin, end, c, [](const Edge& e, char32_t x) { return e.c < x; });
    return (it != end && it->c == c) ? static_cast<int64_t>(it->child) : -1;
  }

  static std::unique_ptr<Trie> Build(const std::vector<std::string>& words);
};

std::unique_ptr<ErrorChannel::Trie> ErrorChannel::Trie::Build(
    const std::vector<std::string>& words) {
  // Build with maps, then flatten breadth-first so each node's edges are
  // contiguous and sorted.
  struct Temp {
    std::map<char32_t, uint32_t> children;
    int32_t syllable = -1;
    uint8_t depth = 0;
  };
  std::vector<Temp> temp(1);
  auto trie = std::make_unique<Trie>();
  for (const std::string& word : words) {
    std::u32string w = ToU32(word);
    if (w.empty() || w.size() > static_cast<size_t>(kMaxTokenLength)) continue;
    uint32_t node = 0;
    for (char32_t c : w) {
      c = SetCase(c, false);
      auto it = temp[node].children.find(c);
      if (it == temp[node].children.end()) {
        temp.push_back({});
        temp.back().depth = static_cast<uint8_t>(temp[node].depth + 1);
        it = temp[node].children.emplace(c, static_cast<uint32_t>(temp.size() - 1)).first;
      }
      node = it->second;
    }
    if (temp[node].syllable < 0) {
      temp[node].syllable = static_cast<int32_t>(trie->syllables.size());
      trie->syllables.push_back(word);
    }
  }
  trie->nodes.resize(temp.size());
  for (size_t i = 0; i < temp.size(); ++i) {
    Node& n = trie->nodes[i];
    n.first_edge = static_cast<uint32_t>(trie->edges.size());
    n.edge_count = static_cast<uint32_t>(temp[i].children.size());
    n.syllable = temp[i].syllable;
    n.depth = temp[i].depth;
    for (auto [c, child] : temp[i].children) trie->edges.push_back({c, child});
  }
  return trie;
}

struct ErrorChannel::Cache {
  std::shared_mutex mu;
  std::unordered_map<std::string, std::vector<ChannelCandidate>> results;
};

ErrorChannel::ErrorChannel()
    : model_(std::make_unique<Model>()),
      trie_(Trie::Build({})),
      cache_(std::make_unique<Cache>()) {}
ErrorChannel::ErrorChannel(ErrorChannel&&) noexcept = default;
ErrorChannel& ErrorChannel::operator=(ErrorChannel&&) noexcept = default;
ErrorChannel::~ErrorChannel() = default;

StatusOr<ErrorChannel> ErrorChannel::Load(const std::string& path) {
  SOHOA_ASSIGN_OR_RETURN(std::string data, ReadFile(path, kMaxModelBytes));
  return FromBytes(data, path);
}

StatusOr<ErrorChannel> ErrorChannel::FromBytes(std::string_view data, const std::string& name) {
  size_t newline = data.find('\n');
  std::vector<std::string_view> header = SplitTabs(data.substr(0, newline));
  if (header.size() != 3 || header[0] != kChannelMagic) {
    return FailedPreconditionError(name + ": not a sohoa error channel model (first line must "
                                   "start with \"" + std::string(kChannelMagic) + "\")");
  }
  if (header[1] != std::to_string(kChannelFormatVersion)) {
    return FailedPreconditionError(
        name + ": error channel format version " + std::string(header[1]) +
        ", this build reads version " + std::to_string(kChannelFormatVersion) +
        "; retrain it with tools/learn_channel");
  }
  std::string_view body = newline == std::string_view::npos ? "" : data.substr(newline + 1);
  if (Sha256Hex(body) != header[2]) {
    return DataLossError(name + ": checksum mismatch: the model file is damaged or truncated");
  }
  if (!IsValidUtf8(body)) return DataLossError(name + ": model is not valid UTF-8");

  ErrorChannel channel;
  Model& model = *channel.model_;
  int line_number = 1;
  for (size_t start = 0; start < body.size();) {
    size_t end = std::min(body.find('\n', start), body.size());
    std::string_view line = body.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string_view> f = SplitTabs(line);
    auto bad = [&](std::string_view why) {
      return InvalidArgumentError(name + " line " + std::to_string(line_number) + ": " +
                                  std::string(why));
    };
    float value = 0;
    if (f[0] == "P" && f.size() == 3 && ParseLogProb(f[2], &value)) {
      if (f[1] == "unknown_substitution") model.unknown_substitution = value;
      else if (f[1] == "unknown_deletion") model.unknown_deletion = value;
      else if (f[1] == "unknown_insertion") model.unknown_insertion = value;
      else if (f[1] == "default_identity") model.default_identity = value;
      else return bad("unknown parameter \"" + std::string(f[1]) + "\"");
    } else if (f[0] == "I" && f.size() == 3 && ParseLogProb(f[2], &value)) {
      std::u32string c = ToU32(f[1]);
      if (c.size() != 1) return bad("identity record must name exactly one character");
      model.identity[c[0]] = value;
      ++model.rule_count;
    } else if (f[0] == "R" && f.size() == 4 && ParseLogProb(f[3], &value)) {
      std::u32string clean = ToU32(f[1]), observed = ToU32(f[2]);
      if (clean.empty() || clean.size() > kMaxPiece || observed.size() > kMaxPiece) {
        return bad("rule sides must have 1..3 (clean) and 0..3 (observed) characters");
      }
      model.rules_by_observed[observed].push_back({clean, value});
      ++model.rule_count;
    } else {
      return bad("expected \"P name logprob\", \"I char logprob\" or "
                 "\"R clean observed logprob\" with a log probability <= 0");
    }
  }
  for (auto& [observed, rules] : model.rules_by_observed) {
    std::sort(rules.begin(), rules.end(),
              [](const Model::Rule& a, const Model::Rule& b) { return a.log_prob > b.log_prob; });
  }
  return channel;
}

void ErrorChannel::SetVocabulary(const std::vector<std::string>& syllables) {
  trie_ = Trie::Build(syllables);
  std::unique_lock lock(cache_->mu);
  cache_->results.clear();
}

size_t ErrorChannel::rule_count() const { return model_->rule_count; }
size_t ErrorChannel::vocabulary_size() const { return trie_->syllables.size(); }

namespace {

// Best-first (Dijkstra) search over (trie node, observed position, unknown
// edit used) states; cost is -log P. Vocabulary words pop out best first.
class ChannelSearch {
 public:
  struct Result {
    int32_t syllable;
    float cost;
  };

  ChannelSearch(const std::u32string& observed, CaseMode mode, float max_cost)
      : observed_(observed), mode_(mode), max_cost_(max_cost) {}

  template <typename ModelT, typename TrieT>
  std::vector<Result> Run(const ModelT& model, const TrieT& trie, size_t max_results);

 private:
  struct State {
    float cost;
    uint32_t node;
    uint8_t pos;
    uint8_t unknown_used;
    bool goal;
    bool operator>(const State& o) const { return cost > o.cost; }
  };
  void Relax(uint32_t node, size_t pos, bool unknown_used, float cost) {
    if (cost > max_cost_) return;
    uint64_t key = (uint64_t{node} << 9) | (pos << 1) | (unknown_used ? 1 : 0);
    auto [it, inserted] = best_.try_emplace(key, cost);
    if (!inserted) {
      if (it->second <= cost) return;
      it->second = cost;
    }
    queue_.push({cost, node, static_cast<uint8_t>(pos), unknown_used, false});
  }

  const std::u32string& observed_;
  CaseMode mode_;
  float max_cost_;
  std::unordered_map<uint64_t, float> best_;
  std::priority_queue<State, std::vector<State>, std::greater<State>> queue_;
};

template <typename ModelT, typename TrieT>
std::vector<ChannelSearch::Result> ChannelSearch::Run(const ModelT& model, const TrieT& trie,
                                                      size_t max_results) {
  std::vector<Result> results;
  std::vector<bool> emitted;
  const size_t n = observed_.size();
  best_.reserve(256);
  Relax(0, 0, false, 0.0f);
  for (int expansions = 0; !queue_.empty() && expansions < kMaxExpansions; ++expansions) {
    State s = queue_.top();
    queue_.pop();
    const auto& node = trie.nodes[s.node];
    if (s.goal) {
      if (emitted.size() <= static_cast<size_t>(node.syllable)) emitted.resize(node.syllable + 1);
      if (emitted[node.syllable]) continue;
      emitted[node.syllable] = true;
      results.push_back({node.syllable, s.cost});
      if (results.size() >= max_results) break;
      continue;
    }
    uint64_t key = (uint64_t{s.node} << 9) | (s.pos << 1) | s.unknown_used;
    if (best_[key] < s.cost) continue;  // a better path got here first
    if (s.pos == n && node.syllable >= 0) {
      queue_.push({s.cost, s.node, s.pos, s.unknown_used, true});
    }
    // Copy one character.
    if (s.pos < n) {
      char32_t obs = observed_[s.pos];
      int64_t child = trie.Child(s.node, SetCase(obs, false));
      if (child >= 0 && SetCase(obs, ExpectUpper(mode_, node.depth)) == obs) {
        Relax(static_cast<uint32_t>(child), s.pos + 1, s.unknown_used,
              s.cost - model.Identity(obs));
      }
    }
    // Learned rewrites whose observed side starts here.
    for (size_t k = 0; k <= kMaxPiece && s.pos + k <= n; ++k) {
      auto it = model.rules_by_observed.find(observed_.substr(s.pos, k));
      if (it == model.rules_by_observed.end()) continue;
      for (const auto& rule : it->second) {
        if (s.cost - rule.log_prob > max_cost_) break;  // sorted best first
        int64_t at = s.node;
        for (size_t i = 0; i < rule.clean.size() && at >= 0; ++i) {
          bool upper = IsUpper(rule.clean[i]);
          if (upper != ExpectUpper(mode_, node.depth + static_cast<int>(i))) at = -1;
          else at = trie.Child(static_cast<uint32_t>(at), SetCase(rule.clean[i], false));
        }
        if (at >= 0) Relax(static_cast<uint32_t>(at), s.pos + k, s.unknown_used,
                           s.cost - rule.log_prob);
      }
    }
    // One unknown edit per token: substitute, drop a printed letter, or
    // insert an observed character.
    if (s.unknown_used) continue;
    const auto begin = trie.edges.begin() + node.first_edge;
    for (auto e = begin; e != begin + node.edge_count; ++e) {
      if (s.pos < n) Relax(e->child, s.pos + 1, true, s.cost - model.unknown_substitution);
      Relax(e->child, s.pos, true, s.cost - model.unknown_deletion);
    }
    if (s.pos < n) Relax(s.node, s.pos + 1, true, s.cost - model.unknown_insertion);
  }
  return results;
}

}  // namespace

std::vector<ChannelCandidate> ErrorChannel::Candidates(std::string_view observed,
                                                       int max_candidates,
                                                       float min_log_prob) const {
  if (max_candidates <= 0 || trie_->syllables.empty() || observed.empty()) return {};
  std::string key(observed);
  key += '\t';
  key += std::to_string(max_candidates) + '\t' + std::to_string(min_log_prob);
  {
    std::shared_lock lock(cache_->mu);
    auto it = cache_->results.find(key);
    if (it != cache_->results.end()) return it->second;
  }
  std::vector<ChannelCandidate> out;
  std::u32string obs = ToU32(observed);
  if (obs.size() <= static_cast<size_t>(kMaxTokenLength)) {
    std::vector<std::pair<float, int32_t>> found;
    for (CaseMode mode : CaseModesFor(obs)) {
      ChannelSearch search(obs, mode, -min_log_prob);
      for (auto r : search.Run(*model_, *trie_, static_cast<size_t>(max_candidates))) {
        found.push_back({r.cost, r.syllable});
      }
    }
    std::stable_sort(found.begin(), found.end());
    std::vector<bool> seen(trie_->syllables.size());
    for (auto [cost, syllable] : found) {
      if (seen[syllable] || out.size() >= static_cast<size_t>(max_candidates)) continue;
      seen[syllable] = true;
      out.push_back({trie_->syllables[syllable], -cost});
    }
  }
  std::unique_lock lock(cache_->mu);
  if (cache_->results.size() >= kMaxCacheEntries) cache_->results.clear();
  cache_->results.emplace(std::move(key), out);
  return out;
}

float ErrorChannel::LogProb(std::string_view observed, std::string_view syllable) const {
  std::u32string obs = ToU32(observed);
  auto trie = Trie::Build({std::string(syllable)});
  float best = std::numeric_limits<float>::infinity();
  if (obs.size() <= static_cast<size_t>(kMaxTokenLength) && !trie->syllables.empty()) {
    for (CaseMode mode : CaseModesFor(obs)) {
      ChannelSearch search(obs, mode, 1e9f);
      for (auto r : search.Run(*model_, *trie, 1)) best = std::min(best, r.cost);
    }
  }
  return -best;
}

}  // namespace sohoa
