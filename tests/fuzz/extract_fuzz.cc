// Extraction of arbitrary bytes: never crashes, and every record's span lies
// inside the input with `text` equal to the bytes it spans.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "pipeline/extract/extractor.h"

namespace {

// The rules: $SOHOA_RULES_DIR, $SOHOA_SOURCE_DIR/rules, or beside this file.
const sohoa::Extractor* LoadExtractor() {
  std::string dir;
  if (const char* d = std::getenv("SOHOA_RULES_DIR")) {
    dir = d;
  } else if (const char* root = std::getenv("SOHOA_SOURCE_DIR")) {
    dir = std::string(root) + "/rules";
  } else {
    std::string here = __FILE__;
    size_t at = here.rfind("tests/fuzz/");
    dir = (at == std::string::npos ? std::string() : here.substr(0, at)) + "rules";
  }
  auto loaded = sohoa::Extractor::Load(dir);
  if (!loaded.ok()) {
    std::fprintf(stderr, "extract_fuzz: %s\n", loaded.status().ToString().c_str());
    std::abort();
  }
  return std::move(loaded).value().release();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const sohoa::Extractor* extractor = LoadExtractor();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  for (const sohoa::Record& r : extractor->Extract(input)) {
    if (r.start > r.end || r.end > input.size() ||
        r.text != input.substr(r.start, r.end - r.start) || r.line < 1) {
      std::fprintf(stderr, "bad record span %zu..%zu of %zu bytes (%s)\n", r.start, r.end,
                   input.size(), r.rule.c_str());
      std::abort();
    }
  }
  return 0;
}
