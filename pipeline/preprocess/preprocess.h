// Preprocess (Leptonica): decodes raster images and cleans pages for OCR.
//
// ImageDecoder and Preprocessor hold no mutable state and are safe to use
// from several threads at once.
#ifndef SOHOA_PIPELINE_PREPROCESS_PREPROCESS_H_
#define SOHOA_PIPELINE_PREPROCESS_PREPROCESS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/base/status.h"
#include "pipeline/document/document.h"

namespace sohoa {

// Decodes TIFF (multi-page), PNG, JPEG, BMP, PNM, WebP and GIF to grayscale.
class ImageDecoder {
 public:
  // Number of pages (1 for every format but TIFF). `path` is for messages.
  static StatusOr<int> CountPages(std::string_view bytes, InputFormat format,
                                  const std::string& path);
  // Decodes page `page` (0-based). Reads the header first and refuses images
  // above `max_pixels` without allocating them; truncated or corrupt data
  // gives DataLoss naming the file and page.
  static StatusOr<Image> DecodePage(std::string_view bytes, InputFormat format, int page,
                                    int64_t max_pixels, const std::string& path);
};

// Steps run in this order: remove_noise, upscale, fix_orientation, deskew,
// normalize_background, binarize. Defaults are the set that measured lowest
// CER on degraded scans (tools/eval_ocr).
struct PreprocessOptions {
  bool fix_orientation = true;       // 0/90/180/270
  bool deskew = true;                // up to ±max_skew_degrees
  float max_skew_degrees = 12;
  bool normalize_background = true;
  bool remove_noise = true;          // isolated one-pixel specks (impulse noise)
  bool binarize = false;             // keep each step only where it lowers CER
  bool upscale = true;               // when text is smaller than target_text_height
  double target_text_height = 22;    // median letter height in pixels
  int min_dpi = 300;                 // upscale target when text height cannot be measured
};

class Preprocessor {
 public:
  explicit Preprocessor(PreprocessOptions options = {}) : options_(options) {}
  // Returns the cleaned page. `notes` (may be null) receives one short line
  // per step applied ("deskew 3.2 deg", "upscale 2x").
  StatusOr<Image> Process(const Image& page, std::vector<std::string>* notes) const;

 private:
  PreprocessOptions options_;
};

std::string LeptonicaVersion();

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_PREPROCESS_PREPROCESS_H_
