// Finds the best path through a lattice of word candidates under the n-gram
// model: beam search with recombination of hypotheses that share their last
// order-1 words (exact Viterbi when the beam is wide enough), and a
// brute-force reference that enumerates every path, for tests.
//
// Functions are pure and thread-safe given a shared const model.
#ifndef SOHOA_PIPELINE_RESTORE_DECODER_H_
#define SOHOA_PIPELINE_RESTORE_DECODER_H_

#include <vector>

#include "pipeline/restore/ngram_model.h"

namespace sohoa::restore {

struct Candidate {
  WordId id = kUnknownId;
  float score = 0.0f;  // log10 prior or channel score, added to the LM score
};

// One position of a sentence: its candidates (at least one).
using Slot = std::vector<Candidate>;

struct DecodeResult {
  std::vector<int> choice;  // per slot: index of the chosen candidate
  float score = 0.0f;       // total log10 score, including <s> ... </s>
};

// Beam search over `slots` between <s> and </s>, keeping at most `beam`
// hypotheses, and only those within `threshold` (log10) of the best.
DecodeResult DecodeBeam(const NgramModel& model, const std::vector<Slot>& slots, int beam,
                        float threshold = 1e9f);

// Scores every path; exponential, for slots with few candidates only.
DecodeResult DecodeExhaustive(const NgramModel& model, const std::vector<Slot>& slots);

}  // namespace sohoa::restore

#endif  // SOHOA_PIPELINE_RESTORE_DECODER_H_
