// Internal to the error channel: the rules in memory, the vocabulary trie and
// the best-first search that matches an observed token against both. Use
// ErrorChannel (error_channel.h) instead.
#ifndef SOHOA_PIPELINE_RESTORE_CHANNEL_CHANNEL_SEARCH_H_
#define SOHOA_PIPELINE_RESTORE_CHANNEL_CHANNEL_SEARCH_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sohoa::channel_internal {

// Lowercase Vietnamese letters (a-z, đ and every vowel with its marks) as
// dense symbols 0..kOtherSymbol-1; everything else is kOtherSymbol.
inline constexpr uint8_t kOtherSymbol = 127;
uint8_t SymbolOf(char32_t lowercase);

// A set of symbols, with rank queries: which index a symbol has among the
// members in symbol order (for arrays sorted by symbol).
struct SymbolSet {
  uint64_t bits[2] = {0, 0};
  void Add(uint8_t s) { bits[s >> 6] |= uint64_t{1} << (s & 63); }
  bool Has(uint8_t s) const { return (bits[s >> 6] >> (s & 63)) & 1; }
  uint32_t Rank(uint8_t s) const {
    uint64_t below = (s & 63) == 0 ? 0 : bits[s >> 6] & ((uint64_t{1} << (s & 63)) - 1);
    return static_cast<uint32_t>(__builtin_popcountll(below) +
                                 (s >= 64 ? __builtin_popcountll(bits[0]) : 0));
  }
};

// The learned edits. Costs are natural log probabilities (<= 0).
struct ChannelRules {
  // A rewrite "clean -> observed", stored under its observed side. The clean
  // side is kept lowercase with a bit per character saying it was uppercase.
  struct Rule {
    char32_t first;       // lowercase first clean character
    std::u32string rest;  // lowercase remaining clean characters
    uint8_t upper_mask;   // bit i: clean character i is uppercase
    float log_prob;
  };
  // The rules of one observed side, sorted by `first`, then best first (see
  // Finish); `groups` indexes the runs of equal `first`.
  struct RuleList {
    struct Group {
      uint8_t symbol;  // SymbolOf(first)
      char32_t first;
      uint32_t begin, end;
    };
    std::vector<Rule> rules;
    std::vector<Group> groups;  // sorted by (symbol, first)
    SymbolSet symbols;          // symbols of the groups' first characters
  };
  std::unordered_map<std::u32string, RuleList> rules_by_observed;
  std::unordered_map<char32_t, float> identity;
  float unknown_substitution = -12, unknown_deletion = -13, unknown_insertion = -13;
  float default_identity = -0.1f;
  size_t rule_count = 0;

  // Per observed character: a lower bound on the cost of explaining it
  // (cheapest identity or rewrite, spread over the rewrite's observed side).
  // Makes the search an A* search; filled by Finish.
  std::unordered_map<char32_t, float> min_cost_per_observed;
  float min_cost_unseen_observed = 0;

  float Identity(char32_t c) const {
    auto it = identity.find(c);
    return it == identity.end() ? default_identity : it->second;
  }
  // `clean` has 1..3 code points (any case), `observed` 0..3.
  void AddRule(const std::u32string& clean, const std::u32string& observed, float log_prob);
  // Sorts the rules and computes the search bounds; call once after the
  // last AddRule.
  void Finish();
};

// The vocabulary as a trie over lowercase code points, flattened so each
// node's edges are contiguous and sorted.
struct VocabularyTrie {
  struct Node {
    uint32_t first_edge = 0, edge_count = 0;
    int32_t syllable = -1;  // index into `syllables` when a word ends here
    uint8_t depth = 0;
    SymbolSet symbols;      // symbols of the edges, which are sorted by (symbol, c)
  };
  struct Edge {
    char32_t c;
    uint32_t child;
    uint8_t symbol;
  };
  std::vector<Node> nodes;
  std::vector<Edge> edges;
  std::vector<std::string> syllables;  // as given, first occurrence of each

  // Words longer than `max_length` code points are left out.
  static std::unique_ptr<VocabularyTrie> Build(const std::vector<std::string>& words,
                                               size_t max_length);
  int64_t Child(uint32_t node, char32_t c) const;  // -1 when there is none
};

struct SearchHit {
  int32_t syllable;  // index into VocabularyTrie::syllables
  float cost;        // -log P(observed | syllable)
};

// The best `max_results` vocabulary words for `observed` (at most 16 code
// points), best first, with cost <= max_cost and <= best cost + beam.
// Thread-safe (scratch memory is per thread).
std::vector<SearchHit> SearchChannel(const ChannelRules& rules, const VocabularyTrie& trie,
                                     std::u32string_view observed, size_t max_results,
                                     float max_cost, float beam);

// Work done by SearchChannel on this thread since it started: a
// machine-independent measure of search effort, for benchmarks.
struct SearchCounters {
  int64_t searches = 0, pops = 0, relaxations = 0;
};
const SearchCounters& ThreadSearchCounters();

}  // namespace sohoa::channel_internal

#endif  // SOHOA_PIPELINE_RESTORE_CHANNEL_CHANNEL_SEARCH_H_
