// The Vietnamese letter tables on arbitrary bytes: folding keeps the number
// of code points, tone placement is stable, syllable checks never crash.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"

namespace {

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (size_t pos = 0; pos < s.size(); ++n) sohoa::DecodeUtf8(s, &pos);
  return n;
}

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "%s\n", what);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sohoa::vi;
  std::string input = sohoa::SanitizeUtf8(
      std::string_view(reinterpret_cast<const char*>(data), size));
  Check(CodePoints(Fold(input)) == CodePoints(input), "Fold changed the code point count");
  Check(Fold(Fold(input)) == Fold(input), "Fold is not idempotent");
  for (TonePlacement style : {TonePlacement::kClassic, TonePlacement::kModern}) {
    std::string placed = PlaceTone(input, style);
    Check(PlaceTone(placed, style) == placed, "PlaceTone is not stable");
    Check(Fold(placed) == Fold(input), "PlaceTone changed letters");
  }
  (void)IsValidSyllable(input);
  (void)StripTones(input);
  return 0;
}
