#include "pipeline/driver/page_source.h"

namespace sohoa {

StatusOr<std::unique_ptr<PageSource>> PageSource::Open(LoadedFile file,
                                                       const PipelineOptions& options) {
  std::unique_ptr<PageSource> source(new PageSource(std::move(file), options));
  const Document& doc = source->file_.document;
  switch (doc.format) {
    case InputFormat::kText:
      source->text_pages_ = SplitTextPages(source->file_.bytes);
      source->page_count_ = static_cast<int>(source->text_pages_.size());
      break;
    case InputFormat::kPdf: {
      SOHOA_ASSIGN_OR_RETURN(auto reader, PdfReader::Open(source->file_.bytes, doc.path));
      source->page_count_ = reader->page_count();
      break;
    }
    default: {
      SOHOA_ASSIGN_OR_RETURN(source->page_count_,
                             ImageDecoder::CountPages(source->file_.bytes, doc.format, doc.path));
    }
  }
  if (source->page_count_ <= 0) return InvalidArgumentError(doc.path + ": has no pages");
  return source;
}

std::string PageSource::Where(int index) const {
  return file_.document.path + " page " + std::to_string(index + 1);
}

Status PageSource::ProducePage(int index, const EngineGetter& engine, Page* page) const {
  switch (file_.document.format) {
    case InputFormat::kText:
      page->source = TextSource::kPlainText;
      page->raw_text = text_pages_[index];
      return Status::Ok();
    case InputFormat::kPdf:
      return ProducePdfPage(index, engine, page);
    default:
      return ProduceImagePage(index, engine, page);
  }
}

Status PageSource::ProduceImagePage(int index, const EngineGetter& engine, Page* page) const {
  const Document& doc = file_.document;
  SOHOA_ASSIGN_OR_RETURN(Image image, ImageDecoder::DecodePage(file_.bytes, doc.format, index,
                                                               options_.limits.max_pixels,
                                                               doc.path));
  return Recognize(image, engine, page);
}

Status PageSource::ProducePdfPage(int index, const EngineGetter& engine, Page* page) const {
  // Poppler documents are not thread-safe, so each page task opens its own.
  SOHOA_ASSIGN_OR_RETURN(auto reader, PdfReader::Open(file_.bytes, file_.document.path));
  if (!options_.force_ocr) {
    SOHOA_ASSIGN_OR_RETURN(std::string layer, reader->TextLayer(index));
    double quality = TextLayerQuality(layer);
    if (quality >= options_.text_layer_min_quality) {
      page->source = TextSource::kTextLayer;
      page->raw_text = std::move(layer);
      page->notes.push_back("text layer used (quality " + std::to_string(quality).substr(0, 4) + ")");
      return Status::Ok();
    }
    if (!layer.empty()) {
      page->notes.push_back("text layer rejected (quality " + std::to_string(quality).substr(0, 4) +
                            ")");
    }
  }
  SOHOA_ASSIGN_OR_RETURN(Image image,
                         reader->Render(index, options_.pdf_dpi, options_.limits.max_pixels));
  return Recognize(image, engine, page);
}

Status PageSource::Recognize(const Image& image, const EngineGetter& engine, Page* page) const {
  Preprocessor preprocessor(options_.preprocess);
  auto cleaned = preprocessor.Process(image, &page->notes);
  if (!cleaned.ok()) return cleaned.status().WithPrefix(Where(page->index) + ": preprocess");
  SOHOA_ASSIGN_OR_RETURN(OcrEngine * ocr, engine());
  auto result = ocr->Recognize(*cleaned);
  if (!result.ok()) return result.status().WithPrefix(Where(page->index) + ": OCR");
  page->source = TextSource::kOcr;
  page->raw_text = std::move(result->text);
  page->words = std::move(result->words);
  page->mean_confidence = result->mean_confidence;
  return Status::Ok();
}

}  // namespace sohoa
