#include "pipeline/restore/channel/channel_search.h"

#include <algorithm>

#include "pipeline/restore/channel/channel_text.h"

namespace sohoa::channel_internal {
namespace {

using channel_text::IsUpper;
using channel_text::SetCase;
using channel_text::ToU32;

constexpr size_t kMaxPiece = 3;
constexpr size_t kMaxObserved = 16;  // ErrorChannel::kMaxTokenLength
constexpr int kMaxPops = 20000;

// The case the printed syllable is assumed to have had.
enum class CaseMode { kLower, kTitle, kUpper };

bool ExpectUpper(CaseMode mode, int depth) {
  return mode == CaseMode::kUpper || (mode == CaseMode::kTitle && depth == 0);
}

// Which of `length` clean characters starting at `depth` are uppercase.
uint8_t ExpectedUpperMask(CaseMode mode, int depth, size_t length) {
  uint8_t mask = 0;
  for (size_t i = 0; i < length; ++i) {
    if (ExpectUpper(mode, depth + static_cast<int>(i))) mask |= static_cast<uint8_t>(1u << i);
  }
  return mask;
}

// Case modes worth searching for a token, from its letters: all caps when
// most letters are upper ("CHiJ"), capitalised when only the first is.
std::vector<CaseMode> CaseModesFor(std::u32string_view token) {
  int letters = 0, upper = 0;
  bool first_upper = false;
  for (char32_t c : token) {
    vi::LetterParts parts;
    if (!vi::Decompose(c, &parts)) continue;
    if (letters == 0) first_upper = parts.upper;
    ++letters;
    upper += parts.upper ? 1 : 0;
  }
  if (!first_upper) return {CaseMode::kLower};
  if (letters == 1) return {CaseMode::kTitle, CaseMode::kUpper};
  return {2 * upper > letters ? CaseMode::kUpper : CaseMode::kTitle};
}

thread_local SearchCounters counters;

struct State {
  float priority;  // cost + lower bound on the cost still to come (A*)
  float cost;
  uint32_t node;
  uint8_t pos;
  bool unknown_used;
  bool goal;
  bool operator>(const State& o) const { return priority > o.priority; }
};

// Per-thread memory reused across searches: best cost per state and a
// "done" mark per syllable, both invalidated by bumping a generation number.
struct Scratch {
  struct Slot {
    uint32_t stamp;  // == generation when `cost` belongs to this search
    float cost;
  };
  std::vector<Slot> states;
  std::vector<uint32_t> emitted_stamp;
  std::vector<State> heap;
  uint32_t generation = 0;

  void Reset(size_t states, size_t syllables) {
    if (this->states.size() < states) this->states.assign(states, Slot{0, 0.0f});
    if (emitted_stamp.size() < syllables) emitted_stamp.assign(syllables, 0);
    if (++generation == 0) {  // wrapped: forget every old mark
      std::fill(this->states.begin(), this->states.end(), Slot{0, 0.0f});
      std::fill(emitted_stamp.begin(), emitted_stamp.end(), 0);
      generation = 1;
    }
    heap.clear();
  }
};

class Search {
 public:
  Search(const ChannelRules& rules, const VocabularyTrie& trie, std::u32string_view observed,
         float max_cost, float beam, Scratch* scratch)
      : rules_(rules),
        trie_(trie),
        n_(observed.size()),
        max_cost_(max_cost),
        beam_(beam),
        s_(*scratch) {
    remaining_[n_] = 0;
    for (size_t j = n_; j-- > 0;) {
      lower_[j] = SetCase(observed[j], false);
      upper_[j] = IsUpper(observed[j]);
      identity_cost_[j] = -rules.Identity(observed[j]);
      auto it = rules.min_cost_per_observed.find(observed[j]);
      float least = it != rules.min_cost_per_observed.end() ? it->second
                                                              : rules.min_cost_unseen_observed;
      vi::LetterParts parts;
      if (vi::Decompose(observed[j], &parts)) least = std::min(least, identity_cost_[j]);
      remaining_[j] = remaining_[j + 1] + least;
    }
    for (size_t j = 0; j <= n_; ++j) {
      for (size_t k = 0; k <= kMaxPiece; ++k) {
        lists_[j][k] = nullptr;
        if (j + k > n_) continue;
        auto it = rules.rules_by_observed.find(std::u32string(observed.substr(j, k)));
        if (it != rules.rules_by_observed.end()) lists_[j][k] = &it->second;
      }
    }
  }

  void Run(CaseMode mode, size_t max_results, std::vector<SearchHit>* hits);

 private:
  size_t Index(uint32_t node, size_t pos, bool unknown) const {
    return (static_cast<size_t>(node) * (n_ + 1) + pos) * 2 + (unknown ? 1 : 0);
  }
  void Relax(uint32_t node, size_t pos, bool unknown, float cost) {
    if (cost + remaining_[pos] > max_cost_) return;
    ++counters.relaxations;
    Scratch::Slot& slot = s_.states[Index(node, pos, unknown)];
    if (slot.stamp == s_.generation && slot.cost <= cost) return;
    slot = {s_.generation, cost};
    Push({cost + remaining_[pos], cost, node, static_cast<uint8_t>(pos), unknown, false});
  }
  void Push(const State& state) {
    s_.heap.push_back(state);
    std::push_heap(s_.heap.begin(), s_.heap.end(), std::greater<State>());
  }
  State Pop() {
    std::pop_heap(s_.heap.begin(), s_.heap.end(), std::greater<State>());
    State top = s_.heap.back();
    s_.heap.pop_back();
    return top;
  }
  void Expand(const State& s, CaseMode mode);
  void ExpandRules(const State& s, CaseMode mode, size_t k);
  void ApplyGroup(const State& s, CaseMode mode, const ChannelRules::RuleList& list,
                  const ChannelRules::RuleList::Group& group, uint32_t child, size_t k);

  const ChannelRules& rules_;
  const VocabularyTrie& trie_;
  const size_t n_;
  float max_cost_;
  const float beam_;
  Scratch& s_;
  char32_t lower_[kMaxObserved];
  bool upper_[kMaxObserved];
  float identity_cost_[kMaxObserved];
  float remaining_[kMaxObserved + 1];  // lower bound on the cost of observed[j..]
  const ChannelRules::RuleList* lists_[kMaxObserved + 1][kMaxPiece + 1];
};

void Search::Run(CaseMode mode, size_t max_results, std::vector<SearchHit>* hits) {
  Relax(0, 0, false, 0.0f);
  for (int pops = 0; !s_.heap.empty() && pops < kMaxPops; ++pops) {
    State s = Pop();
    ++counters.pops;
    if (s.priority > max_cost_) break;
    const VocabularyTrie::Node& node = trie_.nodes[s.node];
    if (s.goal) {
      if (s_.emitted_stamp[node.syllable] == s_.generation) continue;
      s_.emitted_stamp[node.syllable] = s_.generation;
      if (hits->empty()) max_cost_ = std::min(max_cost_, s.cost + beam_);
      hits->push_back({node.syllable, s.cost});
      if (hits->size() >= max_results) break;
      continue;
    }
    if (s_.states[Index(s.node, s.pos, s.unknown_used)].cost < s.cost) continue;  // stale
    if (s.pos == n_ && node.syllable >= 0) {
      Push({s.cost, s.cost, s.node, s.pos, s.unknown_used, true});
    }
    Expand(s, mode);
  }
}

void Search::Expand(const State& s, CaseMode mode) {
  const VocabularyTrie::Node& node = trie_.nodes[s.node];
  if (s.pos < n_ && upper_[s.pos] == ExpectUpper(mode, node.depth)) {  // copy one character
    int64_t child = trie_.Child(s.node, lower_[s.pos]);
    if (child >= 0) {
      Relax(static_cast<uint32_t>(child), s.pos + 1, s.unknown_used,
            s.cost + identity_cost_[s.pos]);
    }
  }
  for (size_t k = 0; k <= kMaxPiece; ++k) ExpandRules(s, mode, k);
  if (s.unknown_used) return;
  // One unknown edit per token: substitute, drop a printed letter, or
  // insert an observed character.
  const auto* edges = trie_.edges.data() + node.first_edge;
  for (uint32_t e = 0; e < node.edge_count; ++e) {
    if (s.pos < n_) Relax(edges[e].child, s.pos + 1, true, s.cost - rules_.unknown_substitution);
    Relax(edges[e].child, s.pos, true, s.cost - rules_.unknown_deletion);
  }
  if (s.pos < n_) Relax(s.node, s.pos + 1, true, s.cost - rules_.unknown_insertion);
}

// Rewrites whose observed side is the k characters at s.pos: the symbols
// both the node's edges and the rules' first characters have, found by
// intersecting two bit sets.
void Search::ExpandRules(const State& s, CaseMode mode, size_t k) {
  const ChannelRules::RuleList* list = lists_[s.pos][k];
  if (list == nullptr) return;
  const VocabularyTrie::Node& node = trie_.nodes[s.node];
  const VocabularyTrie::Edge* edges = trie_.edges.data() + node.first_edge;
  for (int word = 0; word < 2; ++word) {
    for (uint64_t both = node.symbols.bits[word] & list->symbols.bits[word]; both != 0;
         both &= both - 1) {
      uint8_t symbol = static_cast<uint8_t>(word * 64 + __builtin_ctzll(both));
      if (symbol == kOtherSymbol) continue;
      const VocabularyTrie::Edge& edge = edges[node.symbols.Rank(symbol)];
      ApplyGroup(s, mode, *list, list->groups[list->symbols.Rank(symbol)], edge.child, k);
    }
  }
  if (node.symbols.Has(kOtherSymbol) && list->symbols.Has(kOtherSymbol)) {
    for (uint32_t e = node.symbols.Rank(kOtherSymbol); e < node.edge_count; ++e) {
      for (uint32_t g = list->symbols.Rank(kOtherSymbol); g < list->groups.size(); ++g) {
        if (list->groups[g].first == edges[e].c) {
          ApplyGroup(s, mode, *list, list->groups[g], edges[e].child, k);
        }
      }
    }
  }
}

void Search::ApplyGroup(const State& s, CaseMode mode, const ChannelRules::RuleList& list,
                        const ChannelRules::RuleList::Group& group, uint32_t child, size_t k) {
  const int depth = trie_.nodes[s.node].depth;
  for (uint32_t r = group.begin; r < group.end; ++r) {
    const ChannelRules::Rule& rule = list.rules[r];
    if (s.cost - rule.log_prob + remaining_[s.pos + k] > max_cost_) break;  // best first
    if (rule.upper_mask != ExpectedUpperMask(mode, depth, rule.rest.size() + 1)) continue;
    int64_t at = child;
    for (size_t i = 0; i < rule.rest.size() && at >= 0; ++i) {
      at = trie_.Child(static_cast<uint32_t>(at), rule.rest[i]);
    }
    if (at >= 0) Relax(static_cast<uint32_t>(at), s.pos + k, s.unknown_used, s.cost - rule.log_prob);
  }
}

}  // namespace

void ChannelRules::AddRule(const std::u32string& clean, const std::u32string& observed,
                           float log_prob) {
  Rule rule{SetCase(clean[0], false), U"", 0, log_prob};
  for (size_t i = 0; i < clean.size(); ++i) {
    if (IsUpper(clean[i])) rule.upper_mask |= static_cast<uint8_t>(1u << i);
    if (i > 0) rule.rest.push_back(SetCase(clean[i], false));
  }
  rules_by_observed[observed].rules.push_back(rule);
  ++rule_count;
}

void ChannelRules::Finish() {
  for (auto& [observed, list] : rules_by_observed) {
    auto& rules = list.rules;
    std::sort(rules.begin(), rules.end(), [](const Rule& a, const Rule& b) {
      uint8_t sa = SymbolOf(a.first), sb = SymbolOf(b.first);
      if (sa != sb) return sa < sb;
      return a.first != b.first ? a.first < b.first : a.log_prob > b.log_prob;
    });
    list.groups.clear();
    list.symbols = SymbolSet();
    for (uint32_t i = 0; i < rules.size(); ++i) {
      if (i == 0 || rules[i].first != rules[i - 1].first) {
        list.groups.push_back({SymbolOf(rules[i].first), rules[i].first, i, i});
        list.symbols.Add(list.groups.back().symbol);
      }
      list.groups.back().end = i + 1;
    }
  }
  // A* bounds: identity only explains letters (the trie holds nothing else).
  min_cost_unseen_observed = std::min(-unknown_substitution, -unknown_insertion);
  auto lower = [this](char32_t c, float cost) {
    auto [it, inserted] = min_cost_per_observed.try_emplace(c, cost);
    if (!inserted) it->second = std::min(it->second, cost);
  };
  for (const auto& [observed, list] : rules_by_observed) {
    for (const Rule& rule : list.rules) {
      for (char32_t c : observed) lower(c, -rule.log_prob / observed.size());
    }
  }
  for (auto& [c, cost] : min_cost_per_observed) cost = std::min(cost, min_cost_unseen_observed);
  for (const auto& [c, log_prob] : identity) lower(c, std::min(-log_prob, min_cost_unseen_observed));
}

std::unique_ptr<VocabularyTrie> VocabularyTrie::Build(const std::vector<std::string>& words,
                                                      size_t max_length) {
  // Lowercase keys, sorted by (symbol sequence, input order): a node's edges
  // then arrive in their final order and each word extends the last path.
  struct Key {
    std::vector<uint64_t> letters;  // symbol << 32 | lowercase code point
    uint32_t index;
  };
  std::vector<Key> keys;
  keys.reserve(words.size());
  for (uint32_t i = 0; i < words.size(); ++i) {
    std::u32string w = ToU32(words[i]);
    if (w.empty() || w.size() > max_length) continue;
    Key key{{}, i};
    for (char32_t c : w) {
      c = SetCase(c, false);
      key.letters.push_back(uint64_t{SymbolOf(c)} << 32 | c);
    }
    keys.push_back(std::move(key));
  }
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    return a.letters != b.letters ? a.letters < b.letters : a.index < b.index;
  });
  struct Temp {
    std::vector<Edge> children;
    int32_t word = -1;  // input index of the first word ending here
    uint8_t depth = 0;
  };
  std::vector<Temp> temp(1);
  for (const Key& key : keys) {
    uint32_t node = 0;
    for (uint64_t letter : key.letters) {
      const char32_t c = static_cast<char32_t>(letter & 0xFFFFFFFF);
      auto& children = temp[node].children;
      if (children.empty() || children.back().c != c) {
        children.push_back({c, static_cast<uint32_t>(temp.size()),
                            static_cast<uint8_t>(letter >> 32)});
        temp.push_back({});
        temp.back().depth = static_cast<uint8_t>(temp[node].depth + 1);
      }
      node = temp[node].children.back().child;
    }
    if (temp[node].word < 0) temp[node].word = static_cast<int32_t>(key.index);
  }
  // Syllable numbers follow input order, so the first spelling given wins.
  std::vector<std::pair<int32_t, uint32_t>> ends;  // (input index, node)
  for (uint32_t i = 0; i < temp.size(); ++i) {
    if (temp[i].word >= 0) ends.push_back({temp[i].word, i});
  }
  std::sort(ends.begin(), ends.end());
  auto trie = std::make_unique<VocabularyTrie>();
  trie->nodes.resize(temp.size());
  for (auto [index, node] : ends) {
    trie->nodes[node].syllable = static_cast<int32_t>(trie->syllables.size());
    trie->syllables.push_back(words[index]);
  }
  for (size_t i = 0; i < temp.size(); ++i) {
    Node& n = trie->nodes[i];
    n.first_edge = static_cast<uint32_t>(trie->edges.size());
    n.edge_count = static_cast<uint32_t>(temp[i].children.size());
    n.depth = temp[i].depth;
    for (const Edge& e : temp[i].children) {
      n.symbols.Add(e.symbol);
      trie->edges.push_back(e);
    }
  }
  return trie;
}

int64_t VocabularyTrie::Child(uint32_t node, char32_t c) const {
  const Node& n = nodes[node];
  uint8_t symbol = SymbolOf(c);
  if (!n.symbols.Has(symbol)) return -1;
  uint32_t e = n.first_edge + n.symbols.Rank(symbol);
  if (symbol != kOtherSymbol) return edges[e].child;
  for (; e < n.first_edge + n.edge_count; ++e) {
    if (edges[e].c == c) return edges[e].child;
  }
  return -1;
}

uint8_t SymbolOf(char32_t c) {
  // Vietnamese letters live below U+1F00: one byte per code point there.
  static const std::vector<uint8_t>* table = [] {
    auto* t = new std::vector<uint8_t>(0x1F00, kOtherSymbol);
    uint8_t next = 0;
    auto add = [&](char32_t letter) {
      if (letter != 0 && letter < t->size() && (*t)[letter] == kOtherSymbol) (*t)[letter] = next++;
    };
    for (char32_t a = 'a'; a <= 'z'; ++a) add(a);
    add(U'đ');
    for (char32_t base : std::u32string_view(U"aăâeêioôơuưy")) {
      for (int tone = 0; tone < vi::kToneCount; ++tone) {
        add(vi::Compose(base, static_cast<vi::Tone>(tone), false));
      }
    }
    return t;
  }();
  return c < table->size() ? (*table)[c] : kOtherSymbol;
}

const SearchCounters& ThreadSearchCounters() { return counters; }

std::vector<SearchHit> SearchChannel(const ChannelRules& rules, const VocabularyTrie& trie,
                                     std::u32string_view observed, size_t max_results,
                                     float max_cost, float beam) {
  std::vector<SearchHit> hits;
  if (observed.empty() || observed.size() > kMaxObserved || trie.syllables.empty()) return hits;
  thread_local Scratch scratch;
  ++counters.searches;
  for (CaseMode mode : CaseModesFor(observed)) {
    scratch.Reset(trie.nodes.size() * (observed.size() + 1) * 2, trie.syllables.size());
    Search search(rules, trie, observed, max_cost, beam, &scratch);
    search.Run(mode, max_results, &hits);
  }
  // Two case modes may both find a word: keep its best cost.
  std::stable_sort(hits.begin(), hits.end(),
                   [](const SearchHit& a, const SearchHit& b) { return a.cost < b.cost; });
  std::vector<SearchHit> unique;
  for (const SearchHit& h : hits) {
    bool seen = std::any_of(unique.begin(), unique.end(),
                            [&](const SearchHit& u) { return u.syllable == h.syllable; });
    if (!seen && unique.size() < max_results) unique.push_back(h);
  }
  return unique;
}

}  // namespace sohoa::channel_internal
