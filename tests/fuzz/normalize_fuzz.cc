// Normalization of arbitrary bytes: never crashes, always yields valid UTF-8,
// and is idempotent (normalized text is a fixed point).
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "pipeline/base/utf8.h"
#include "pipeline/normalize/normalizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* normalizer = sohoa::Normalizer::Create().value().release();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string once = normalizer->Normalize(input);
  if (!sohoa::IsValidUtf8(once)) {
    std::fprintf(stderr, "normalized text is not valid UTF-8\n");
    std::abort();
  }
  if (std::string twice = normalizer->Normalize(once); twice != once) {
    std::fprintf(stderr, "normalization is not idempotent:\n  once:  %s\n  twice: %s\n",
                 once.substr(0, 300).c_str(), twice.substr(0, 300).c_str());
    std::abort();
  }
  return 0;
}
