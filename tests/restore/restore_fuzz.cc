// Restoration of arbitrary bytes with a tiny model built at start: never
// crashes, and changes nothing but the diacritics and case of words (the
// folded text, every space, line break and non-letter byte stays).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "pipeline/base/vietnamese.h"
#include "pipeline/restore/restore_test_util.h"
#include "pipeline/restore/restorer.h"

namespace {

// "Ð" (U+00D0) is read as "Đ": fold both the same way.
std::string FoldWithEth(std::string_view text) {
  std::string s(text);
  for (size_t p; (p = s.find("\xC3\x90")) != std::string::npos;) s.replace(p, 2, "Đ");
  return sohoa::vi::Fold(s);
}

const sohoa::DiacriticRestorer& Restorer() {
  static const sohoa::DiacriticRestorer* restorer = [] {
    std::string path = sohoa::restore::testing::BuildTinyModel("fuzz");
    auto r = sohoa::DiacriticRestorer::Load(path);
    std::remove(path.c_str());
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
      std::abort();
    }
    return std::move(r).value().release();
  }();
  return *restorer;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string out = Restorer().Restore(input);
  if (FoldWithEth(out) != FoldWithEth(input)) {
    std::fprintf(stderr, "restoration changed more than diacritics:\n  in:  %s\n  out: %s\n",
                 std::string(input.substr(0, 300)).c_str(), out.substr(0, 300).c_str());
    std::abort();
  }
  return 0;
}
