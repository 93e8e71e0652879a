#include "pipeline/preprocess/pix.h"

#include <mutex>

namespace sohoa {

namespace {
void IgnoreLeptonicaOutput(const char*) {}
}  // namespace

void SilenceLeptonica() {
  static std::once_flag once;
  std::call_once(once, [] {
    setMsgSeverity(L_SEVERITY_NONE);
    leptSetStderrHandler(IgnoreLeptonicaOutput);  // what bypasses the severity
  });
}

PixPtr PixFromImage(const Image& image) {
  PixPtr pix(pixCreate(image.width, image.height, 8));
  if (pix == nullptr) return pix;
  pixSetResolution(pix.get(), image.dpi, image.dpi);
  l_uint32* data = pixGetData(pix.get());
  const int wpl = pixGetWpl(pix.get());
  for (int y = 0; y < image.height; ++y) {
    l_uint32* line = data + static_cast<size_t>(y) * wpl;
    const uint8_t* row = &image.pixels[static_cast<size_t>(y) * image.width];
    for (int x = 0; x < image.width; ++x) SET_DATA_BYTE(line, x, row[x]);
  }
  return pix;
}

Image ImageFromPix(PIX* pix, int dpi) {
  PixPtr flat;
  if (pixGetDepth(pix) == 32 && pixGetSpp(pix) == 4) {
    flat.reset(pixAlphaBlendUniform(pix, 0xffffff00));
    if (flat != nullptr) pix = flat.get();
  }
  PixPtr gray(pixConvertTo8(pix, 0));
  Image image;
  if (gray == nullptr) return image;
  image.width = pixGetWidth(gray.get());
  image.height = pixGetHeight(gray.get());
  image.dpi = dpi > 0 ? dpi : pixGetXRes(pix);
  image.pixels.resize(static_cast<size_t>(image.width) * image.height);
  const l_uint32* data = pixGetData(gray.get());
  const int wpl = pixGetWpl(gray.get());
  for (int y = 0; y < image.height; ++y) {
    const l_uint32* line = data + static_cast<size_t>(y) * wpl;
    uint8_t* row = &image.pixels[static_cast<size_t>(y) * image.width];
    for (int x = 0; x < image.width; ++x) row[x] = GET_DATA_BYTE(line, x);
  }
  return image;
}

}  // namespace sohoa
