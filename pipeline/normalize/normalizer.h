// Normalize (ICU): puts text into the one form every later stage expects.
//
// NFC; one tone-mark placement convention; look-alikes mapped ("Ð" U+00D0 to
// "Đ" U+0110, NBSP to space, CRLF to LF); invisible format characters
// removed. Line breaks, paragraph structure and form feeds are kept.
//
// A Normalizer is immutable after Create() and safe to share between threads.
#ifndef SOHOA_PIPELINE_NORMALIZE_NORMALIZER_H_
#define SOHOA_PIPELINE_NORMALIZE_NORMALIZER_H_

#include <memory>
#include <string>
#include <string_view>

#include "pipeline/base/status.h"
#include "pipeline/base/vietnamese.h"

namespace sohoa {

struct NormalizeOptions {
  vi::TonePlacement tone_placement = vi::TonePlacement::kClassic;  // hòa, thủy, Ủy ban
};

class Normalizer {
 public:
  // Fails only when ICU's normalization data cannot be loaded.
  static StatusOr<std::unique_ptr<Normalizer>> Create(NormalizeOptions options = {});
  ~Normalizer();

  // Returns the normalized text. Invalid UTF-8 becomes U+FFFD first.
  std::string Normalize(std::string_view text) const;

  std::string IcuVersion() const;

 private:
  struct Impl;
  explicit Normalizer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_NORMALIZE_NORMALIZER_H_
