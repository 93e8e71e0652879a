// Private to the preprocess stage: owning Leptonica handles and conversion
// between Leptonica's PIX and sohoa's Image. Not a public header.
#ifndef SOHOA_PIPELINE_PREPROCESS_PIX_H_
#define SOHOA_PIPELINE_PREPROCESS_PIX_H_

#include <memory>

#include <leptonica/allheaders.h>

#include "pipeline/document/document.h"

namespace sohoa {

struct PixDeleter {
  void operator()(PIX* pix) const { pixDestroy(&pix); }
};
using PixPtr = std::unique_ptr<PIX, PixDeleter>;

struct BoxaDeleter {
  void operator()(BOXA* boxa) const { boxaDestroy(&boxa); }
};
using BoxaPtr = std::unique_ptr<BOXA, BoxaDeleter>;

// Leptonica prints errors to stderr by default; sohoa reports them as Status.
void SilenceLeptonica();

// An 8 bpp PIX holding `image` (resolution set from image.dpi).
PixPtr PixFromImage(const Image& image);

// `pix` (any depth) as 8-bit gray, alpha composited over white. `dpi`
// overrides the PIX's resolution when > 0.
Image ImageFromPix(PIX* pix, int dpi = 0);

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_PREPROCESS_PIX_H_
