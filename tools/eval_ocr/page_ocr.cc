#include "tools/eval_ocr/page_ocr.h"

#include "pipeline/ingest/ingest.h"

namespace sohoa {
namespace {

StatusOr<std::vector<Image>> DecodeAll(const LoadedFile& file, const PageOcrOptions& options) {
  std::vector<Image> pages;
  const std::string& path = file.document.path;
  if (file.document.format == InputFormat::kPdf) {
    SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<PdfReader> pdf, PdfReader::Open(file.bytes, path));
    for (int i = 0; i < pdf->page_count(); ++i) {
      SOHOA_ASSIGN_OR_RETURN(Image image, pdf->Render(i, options.pdf_dpi, options.max_pixels));
      pages.push_back(std::move(image));
    }
    return pages;
  }
  SOHOA_ASSIGN_OR_RETURN(const int count,
                         ImageDecoder::CountPages(file.bytes, file.document.format, path));
  for (int i = 0; i < count; ++i) {
    SOHOA_ASSIGN_OR_RETURN(Image image, ImageDecoder::DecodePage(file.bytes, file.document.format,
                                                                 i, options.max_pixels, path));
    pages.push_back(std::move(image));
  }
  return pages;
}

}  // namespace

StatusOr<std::string> OcrFile(const std::string& path, const PageOcrOptions& options,
                              OcrEngine* engine, std::vector<std::string>* notes) {
  IngestLimits limits;
  limits.max_pixels = options.max_pixels;
  SOHOA_ASSIGN_OR_RETURN(const LoadedFile file, LoadFile(path, limits));
  if (file.document.format == InputFormat::kText) {
    return UnimplementedError(path + ": a text file, nothing to OCR");
  }
  SOHOA_ASSIGN_OR_RETURN(const std::vector<Image> pages, DecodeAll(file, options));
  const Preprocessor preprocessor(options.preprocess);
  std::string text;
  for (size_t i = 0; i < pages.size(); ++i) {
    Image clean = pages[i];
    if (!options.skip_preprocess) {
      SOHOA_ASSIGN_OR_RETURN(clean, preprocessor.Process(pages[i], notes));
    }
    SOHOA_ASSIGN_OR_RETURN(const OcrResult result, engine->Recognize(clean));
    if (i > 0) text += '\f';
    text += result.text;
  }
  return text;
}

}  // namespace sohoa
