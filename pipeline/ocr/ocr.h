// OCR: the engine interface and its Tesseract implementation.
#ifndef SOHOA_PIPELINE_OCR_OCR_H_
#define SOHOA_PIPELINE_OCR_OCR_H_

#include <memory>
#include <string>
#include <vector>

#include "pipeline/base/status.h"
#include "pipeline/document/document.h"

namespace sohoa {

struct OcrResult {
  std::string text;  // UTF-8, lines separated by '\n', paragraphs by a blank line
  std::vector<Word> words;
  float mean_confidence = 0;  // 0..100
};

// An OCR engine. Not thread-safe: each worker thread owns its own engine.
class OcrEngine {
 public:
  virtual ~OcrEngine() = default;
  virtual StatusOr<OcrResult> Recognize(const Image& page) = 0;
  // "tesseract 5.3.0, vie (tessdata ...)"; recorded with every run.
  virtual std::string Version() const = 0;
};

struct OcrOptions {
  std::string language = "vie";
  std::string datapath;  // empty: the system tessdata
  int page_segmentation_mode = 3;  // Tesseract PSM_AUTO
  // Debian's Tesseract opens OpenMP parallel regions inside one page. With one
  // engine per worker that oversubscribes the cores, so by default each
  // engine runs on its calling thread only. false leaves OpenMP alone: only
  // worth it with a single worker on an otherwise idle machine.
  bool single_thread = true;
};

// Creates a Tesseract engine; fails naming the missing language data and the
// package to install. With options.single_thread (the default) limits OpenMP
// to one thread per engine so that one engine per worker does not
// oversubscribe the cores.
StatusOr<std::unique_ptr<OcrEngine>> CreateTesseractEngine(const OcrOptions& options);

std::string TesseractVersion();

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_OCR_OCR_H_
