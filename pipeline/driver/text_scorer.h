// The restoration model, seen by ingest as a judge of how Vietnamese a text
// reads (ingest and restore do not know each other; the driver joins them).
#ifndef SOHOA_PIPELINE_DRIVER_TEXT_SCORER_H_
#define SOHOA_PIPELINE_DRIVER_TEXT_SCORER_H_

#include <optional>
#include <string_view>

#include "pipeline/ingest/text_encoding.h"
#include "pipeline/restore/restorer.h"

namespace sohoa {

// Thread-safe as the restorer is. The restorer must outlive it.
class RestorerTextScorer : public TextScorer {
 public:
  explicit RestorerTextScorer(const DiacriticRestorer& restorer) : restorer_(restorer) {}
  std::optional<double> Log10ProbPerWord(std::string_view text) const override {
    return restorer_.Log10ProbPerWord(text);
  }

 private:
  const DiacriticRestorer& restorer_;
};

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_DRIVER_TEXT_SCORER_H_
