// Fuzz target for text decoding: any bytes through detection (as a text
// file and as a PDF text layer), every charset forced, and VIQR both ways.
// Nothing may crash, hang or read out of bounds, and what comes out is
// valid UTF-8. (VIQR does not round-trip every text: a word-final "." or "?"
// reads as punctuation where the text is not plainly VIQR.) Seeds: one line of a plan in each
// encoding (seeds/).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "pipeline/base/utf8.h"
#include "pipeline/ingest/legacy_charsets.h"
#include "pipeline/ingest/text_encoding.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sohoa;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto check = [](const std::string& text) {
    if (!IsValidUtf8(text)) std::abort();
  };
  if (auto d = DecodeText(bytes, "fuzz.txt", {}); d.ok()) check(d->text);
  if (auto r = RepairLegacyText(bytes, nullptr)) check(r->text);
  for (const std::string& name : EncodingFlagNames()) {
    DecodeOptions options;
    options.forced = ParseEncodingName(name);
    if (auto d = DecodeText(bytes, "fuzz.txt", options); d.ok()) check(d->text);
  }
  const std::string text = SanitizeUtf8(bytes);
  check(legacy::EncodeViqr(text));
  check(legacy::DecodeViqr(legacy::EncodeViqr(text)));
  check(legacy::DecodeViqr(text));
  return 0;
}
