// Turns a loaded file into pages of raw text, one page at a time, so pages
// can be spread over workers. Internal to the driver.
#ifndef SOHOA_PIPELINE_DRIVER_PAGE_SOURCE_H_
#define SOHOA_PIPELINE_DRIVER_PAGE_SOURCE_H_

#include <functional>
#include <memory>
#include <string>

#include "pipeline/base/status.h"
#include "pipeline/document/document.h"
#include "pipeline/driver/pipeline.h"
#include "pipeline/ingest/text_layer.h"

namespace sohoa {

// Returns the calling worker's OCR engine, creating it on first use.
using EngineGetter = std::function<StatusOr<OcrEngine*>()>;

// Pages of one file. Thread-safe: ProducePage may run for different pages
// on different threads at once.
class PageSource {
 public:
  // Reads the page count (decoding headers or opening the PDF).
  // `wording` tells signature boxes in PDF text layers; it must outlive the
  // source. Text files are decoded here (DecodeText, options.text_encoding),
  // `scorer` (may be null; it must outlive the source) judging how
  // Vietnamese each reading is; a text no reading makes Vietnamese fails. A
  // PDF text layer from legacy fonts ("KÕ ho¹ch") is repaired the same way.
  static StatusOr<std::unique_ptr<PageSource>> Open(LoadedFile file,
                                                    const PipelineOptions& options,
                                                    const SignatureBoxWording& wording,
                                                    const TextScorer* scorer);
  int page_count() const { return page_count_; }
  const Document& document() const { return file_.document; }

  // Fills `page` (index set by the caller) with raw text and, for OCR'd pages,
  // words and confidences. Errors name the file and page.
  Status ProducePage(int index, const EngineGetter& engine, Page* page) const;

 private:
  PageSource(LoadedFile file, const PipelineOptions& options,
             const SignatureBoxWording& wording)
      : file_(std::move(file)), options_(options), signature_wording_(&wording) {}
  Status ProduceImagePage(int index, const EngineGetter& engine, Page* page) const;
  Status ProducePdfPage(int index, const EngineGetter& engine, Page* page) const;
  // True when the page's text layer stands for the page and is now its raw
  // text. Sets `hidden` to the layer's signature boxes, which OCR must not
  // read either. Notes say what was decided and why.
  StatusOr<bool> UseTextLayer(const PdfReader& reader, int index, Page* page,
                              std::vector<PdfRect>* hidden) const;
  Status Recognize(const Image& image, const EngineGetter& engine, Page* page) const;
  std::string Where(int index) const;

  LoadedFile file_;
  const PipelineOptions& options_;
  const SignatureBoxWording* signature_wording_;
  int page_count_ = 0;
  std::vector<std::string> text_pages_;      // plain-text inputs
  std::string text_note_;                    // how they were decoded
  const TextScorer* text_scorer_ = nullptr;  // may be null
};

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_DRIVER_PAGE_SOURCE_H_
