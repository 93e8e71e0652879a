// Fuzz target for everything that parses outside bytes in the image half of
// the pipeline: format sniffing, PDF opening/rendering and its text layer,
// raster decoding (header check first) and legacy-text splitting. The pixel
// limit is small so that each input is cheap; seeds are the tiny images in
// seeds/. Preprocessing is left out: at about 4 ms a page under ASan it would
// make the replayed 20,000 inputs too slow for the suite; preprocess_test
// feeds it odd images (1x1, lines, solid, noise) instead.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pipeline/ingest/ingest.h"
#include "pipeline/preprocess/preprocess.h"  // ImageDecoder

namespace {

constexpr int64_t kMaxPixels = 40'000;  // the seeds have under 10,000
constexpr int kMaxPages = 3;

void FuzzPdf(std::string_view bytes) {
  auto pdf = sohoa::PdfReader::Open(bytes, "fuzz.pdf");
  if (!pdf.ok()) return;
  for (int i = 0; i < (*pdf)->page_count() && i < kMaxPages; ++i) {
    auto layer = (*pdf)->TextLayer(i);
    if (layer.ok()) (void)sohoa::TextLayerQuality(*layer);
    (void)(*pdf)->Render(i, 36, kMaxPixels);
  }
}

void FuzzRaster(std::string_view bytes, sohoa::InputFormat format) {
  auto pages = sohoa::ImageDecoder::CountPages(bytes, format, "fuzz");
  if (!pages.ok()) return;
  for (int i = 0; i < *pages && i < kMaxPages; ++i) {
    (void)sohoa::ImageDecoder::DecodePage(bytes, format, i, kMaxPixels, "fuzz");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const sohoa::InputFormat format = sohoa::SniffFormat(bytes);
  switch (format) {
    case sohoa::InputFormat::kPdf:
      FuzzPdf(bytes);
      break;
    case sohoa::InputFormat::kText:
    case sohoa::InputFormat::kUnknown:
      for (const auto& page : sohoa::SplitTextPages(bytes)) (void)sohoa::TextLayerQuality(page);
      break;
    default:
      FuzzRaster(bytes, format);
  }
  return 0;
}
