// The image half of the pipeline for evaluation and benchmarks: decode (or
// render) every page of a file, preprocess it, OCR it. The same calls the
// driver makes, without normalize/restore/extract.
#ifndef SOHOA_TOOLS_EVAL_OCR_PAGE_OCR_H_
#define SOHOA_TOOLS_EVAL_OCR_PAGE_OCR_H_

#include <string>
#include <vector>

#include "pipeline/base/status.h"
#include "pipeline/ocr/ocr.h"
#include "pipeline/preprocess/preprocess.h"

namespace sohoa {

struct PageOcrOptions {
  PreprocessOptions preprocess;
  bool skip_preprocess = false;
  int pdf_dpi = 300;
  int64_t max_pixels = 200'000'000;
};

// OCR text of every page of the file at `path`, pages joined by form feed.
// `notes` (may be null) receives the preprocessing notes of every page.
StatusOr<std::string> OcrFile(const std::string& path, const PageOcrOptions& options,
                              OcrEngine* engine, std::vector<std::string>* notes);

}  // namespace sohoa

#endif  // SOHOA_TOOLS_EVAL_OCR_PAGE_OCR_H_
