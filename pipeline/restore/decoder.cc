#include "pipeline/restore/decoder.h"

#include <algorithm>
#include <limits>

namespace sohoa::restore {
namespace {

struct Hyp {
  LmState state;
  float score = 0.0f;
  int parent = -1;  // index into the previous step's hypotheses
  int choice = -1;  // candidate index at this step
};

}  // namespace

DecodeResult DecodeBeam(const NgramModel& model, const std::vector<Slot>& slots, int beam,
                        float threshold) {
  beam = std::max(beam, 1);
  std::vector<std::vector<Hyp>> steps(slots.size() + 1);
  Hyp start;
  start.state = model.BeginState();
  steps[0].push_back(start);
  std::vector<Hyp> next;
  for (size_t s = 0; s < slots.size(); ++s) {
    next.clear();
    const std::vector<Hyp>& prev = steps[s];
    if (prev.size() * slots[s].size() > 1) {
      for (const Hyp& h : prev) {
        for (const Candidate& c : slots[s]) model.Prefetch(h.state, c.id);
      }
    }
    float best = -std::numeric_limits<float>::infinity();
    for (size_t p = 0; p < prev.size(); ++p) {
      for (size_t c = 0; c < slots[s].size(); ++c) {
        Hyp h;
        h.score = prev[p].score + model.ScoreState(prev[p].state, slots[s][c].id, &h.state) +
                  slots[s][c].score;
        h.parent = static_cast<int>(p);
        h.choice = static_cast<int>(c);
        best = std::max(best, h.score);
        next.push_back(h);
      }
    }
    // Drop hypotheses far below the best, then keep the `beam` best with
    // distinct states (equal states: only the best can win).
    std::vector<Hyp>& out = steps[s + 1];
    next.erase(std::remove_if(next.begin(), next.end(),
                              [&](const Hyp& h) { return h.score < best - threshold; }),
               next.end());
    std::sort(next.begin(), next.end(), [](const Hyp& a, const Hyp& b) {
      return a.score != b.score ? a.score > b.score : a.state.Key() < b.state.Key();
    });
    for (const Hyp& h : next) {
      const uint64_t key = h.state.Key();
      bool seen = false;
      for (const Hyp& kept : out) seen = seen || kept.state.Key() == key;
      if (!seen) out.push_back(h);
      if (out.size() == static_cast<size_t>(beam)) break;
    }
  }
  const std::vector<Hyp>& last = steps.back();
  int best = -1;
  float best_score = -std::numeric_limits<float>::infinity();
  for (size_t i = 0; i < last.size(); ++i) {
    LmState end;
    float score = last[i].score + model.ScoreState(last[i].state, kEndId, &end);
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
