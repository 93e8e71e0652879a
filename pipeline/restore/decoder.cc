#include "pipeline/restore/decoder.h"

#include <algorithm>
#include <limits>

namespace sohoa::restore {
namespace {

constexpr int kContext = 3;  // order-1 of the largest model

struct Hyp {
  WordId context[kContext];  // oldest first; the first `length` are used
  int length = 0;
  float score = 0.0f;
  int parent = -1;  // index into the previous step's hypotheses
  int choice = -1;  // candidate index at this step

  uint64_t StateKey() const {
    uint64_t k = static_cast<uint64_t>(length);
    for (int i = 0; i < length; ++i) k = (k << 16) | context[i];
    return k;
  }
};

Hyp Extend(const Hyp& from, int from_index, WordId word, float score, int choice, int keep) {
  Hyp h;
  int n = std::min(from.length, keep - 1);
  for (int i = 0; i < n; ++i) h.context[i] = from.context[from.length - n + i];
  h.context[n] = word;
  h.length = n + 1;
  h.score = score;
  h.parent = from_index;
  h.choice = choice;
  return h;
}

}  // namespace

DecodeResult DecodeBeam(const NgramModel& model, const std::vector<Slot>& slots, int beam) {
  const int keep = std::min(model.order() - 1, kContext);
  beam = std::max(beam, 1);
  std::vector<std::vector<Hyp>> steps(slots.size() + 1);
  Hyp start;
  start.context[0] = kBeginId;
  start.length = keep > 0 ? 1 : 0;
  steps[0].push_back(start);
  std::vector<Hyp> next;
  for (size_t s = 0; s < slots.size(); ++s) {
    next.clear();
    const std::vector<Hyp>& prev = steps[s];
    for (size_t p = 0; p < prev.size(); ++p) {
      for (size_t c = 0; c < slots[s].size(); ++c) {
        const Candidate& cand = slots[s][c];
        float score = prev[p].score + model.Score(prev[p].context, prev[p].length, cand.id) +
                      cand.score;
        next.push_back(Extend(prev[p], static_cast<int>(p), cand.id, score,
                              static_cast<int>(c), std::max(keep, 1)));
      }
    }
    // Recombine equal states (keep the best), then keep the `beam` best.
    std::sort(next.begin(), next.end(), [](const Hyp& a, const Hyp& b) {
      uint64_t ka = a.StateKey(), kb = b.StateKey();
      return ka != kb ? ka < kb : a.score > b.score;
    });
    std::vector<Hyp>& out = steps[s + 1];
    for (size_t i = 0; i < next.size(); ++i) {
      if (i == 0 || next[i].StateKey() != next[i - 1].StateKey()) out.push_back(next[i]);
    }
    if (out.size() > static_cast<size_t>(beam)) {
      std::nth_element(out.begin(), out.begin() + beam, out.end(),
                       [](const Hyp& a, const Hyp& b) { return a.score > b.score; });
      out.resize(beam);
    }
  }
  const std::vector<Hyp>& last = steps.back();
  int best = -1;
  float best_score = -std::numeric_limits<float>::infinity();
  for (size_t i = 0; i < last.size(); ++i) {
    float score = last[i].score + model.Score(last[i].context, last[i].length, kEndId);
    if (best < 0 || score > best_score) best = static_cast<int>(i), best_score = score;
  }
  DecodeResult result;
  result.score = best_score;
  result.choice.assign(slots.size(), 0);
  for (size_t s = slots.size(); s > 0; --s) {
    const Hyp& h = steps[s][best];
    result.choice[s - 1] = h.choice;
    best = h.parent;
  }
  return result;
}

DecodeResult DecodeExhaustive(const NgramModel& model, const std::vector<Slot>& slots) {
  DecodeResult best;
  best.score = -std::numeric_limits<float>::infinity();
  std::vector<int> choice(slots.size(), 0);
  const int context = model.order() - 1;
  while (true) {
    std::vector<WordId> words = {kBeginId};
    float score = 0.0f;
    for (size_t s = 0; s < slots.size(); ++s) {
      const Candidate& cand = slots[s][choice[s]];
      int n = std::min<int>(context, static_cast<int>(words.size()));
      score = score + model.Score(words.data() + words.size() - n, n, cand.id) + cand.score;
      words.push_back(cand.id);
    }
    int n = std::min<int>(context, static_cast<int>(words.size()));
    score += model.Score(words.data() + words.size() - n, n, kEndId);
    if (score > best.score) best.score = score, best.choice = choice;
    size_t s = 0;
    while (s < slots.size() && ++choice[s] == static_cast<int>(slots[s].size())) choice[s++] = 0;
    if (s == slots.size()) break;
  }
  return best;
}

}  // namespace sohoa::restore
