#include "pipeline/driver/page_source.h"

#include <algorithm>

#include "pipeline/base/format.h"

namespace sohoa {
namespace {

// Resolution of the renders that only count ink: enough to tell a line of
// print from a margin, cheap next to OCR's 300 dpi.
constexpr int kInkDpi = 50;

// The first words of a long text, for a note.
std::string Shorten(const std::string& text) {
  constexpr size_t kMax = 60;
  if (text.size() <= kMax) return text;
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "…";
}

}  // namespace

StatusOr<std::unique_ptr<PageSource>> PageSource::Open(LoadedFile file,
                                                       const PipelineOptions& options,
                                                       const SignatureBoxWording& wording,
                                                       const TextScorer* scorer) {
  std::unique_ptr<PageSource> source(new PageSource(std::move(file), options, wording));
  source->text_scorer_ = scorer;
  const Document& doc = source->file_.document;
  switch (doc.format) {
    case InputFormat::kText: {
      SOHOA_ASSIGN_OR_RETURN(DecodedText text, DecodeText(source->file_.bytes, doc.path,
                                                          {options.text_encoding, scorer}));
      source->text_note_ = std::move(text.note);
      source->text_pages_ = SplitTextPages(text.text);
      source->page_count_ = static_cast<int>(source->text_pages_.size());
      break;
    }
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
      page->notes.push_back(text_note_);
      return Status::Ok();
    case InputFormat::kPdf:
      return ProducePdfPage(index, engine, page);
    default:
      return ProduceImagePage(index, engine, page);
  }
}

Status PageSource::ProduceImagePage(int index, const EngineGetter& engine, Page* page) const {
  const Document& doc = file_.document;
  SOHOA_ASSIGN_OR_RETURN(Image image,
                         ImageDecoder::DecodePage(file_.bytes, doc.format, index,
                                                  options_.limits.max_pixels, doc.path));
  SOHOA_RETURN_IF_ERROR(Recognize(image, engine, page));
  if (!HasText(page->raw_text)) page->notes.push_back(BlankPageNote(CountInk(image)));
  return Status::Ok();
}

Status PageSource::ProducePdfPage(int index, const EngineGetter& engine, Page* page) const {
  // Poppler documents are not thread-safe, so each page task opens its own.
  SOHOA_ASSIGN_OR_RETURN(auto reader, PdfReader::Open(file_.bytes, file_.document.path));
  std::vector<PdfRect> hidden;  // signature boxes, kept out of OCR too
  SOHOA_ASSIGN_OR_RETURN(bool layer_used, UseTextLayer(*reader, index, page, &hidden));
  if (layer_used) return Status::Ok();
  RenderRequest request{options_.pdf_dpi, options_.limits.max_pixels, std::move(hidden),
                        options_.drop_colour_ink};
  int64_t colour_ink = 0;
  SOHOA_ASSIGN_OR_RETURN(Image image, reader->Render(index, request, &colour_ink));
  if (colour_ink > 0) {
    const double percent = 100.0 * colour_ink / std::max<size_t>(image.pixels.size(), 1);
    page->notes.push_back("colour ink dropped (seal, signature, stamp): " +
                          FormatFixed(percent, percent < 0.1 ? 2 : 1) + "% of the page");
  }
  SOHOA_RETURN_IF_ERROR(Recognize(image, engine, page));
  if (!HasText(page->raw_text)) {
    SOHOA_ASSIGN_OR_RETURN(InkCensus ink, reader->CountInk(index, kInkDpi, request.hidden, {}));
    page->notes.push_back(BlankPageNote(ink));
  }
  return Status::Ok();
}

StatusOr<bool> PageSource::UseTextLayer(const PdfReader& reader, int index, Page* page,
                                        std::vector<PdfRect>* hidden) const {
  SOHOA_ASSIGN_OR_RETURN(std::vector<LayerWord> words, reader.TextLayerWords(index));
  if (words.empty()) return false;
  SOHOA_ASSIGN_OR_RETURN(PdfRect page_box, reader.PageBox(index));
  LayerSplit split = SplitSignatureBoxes(words, page_box.area(), *signature_wording_);
  *hidden = std::move(split.overlay_boxes);
  for (const std::string& box : split.overlay_texts) {
    page->notes.push_back("signature box kept out of the text: \"" + Shorten(box) + "\"");
  }
  if (options_.force_ocr) return false;
  if (split.kept_words == 0) {
    page->notes.push_back("text layer is only signature boxes: page OCR'd");
    return false;
  }
  SOHOA_ASSIGN_OR_RETURN(InkCensus ink, reader.CountInk(index, kInkDpi, *hidden, split.kept_boxes));
  const double coverage = ink.dark > 0 ? static_cast<double>(ink.covered) / ink.dark : 1.0;
  if (coverage < kMinInkCoverage) {
    page->notes.push_back("text layer covers " + FormatPercent(coverage) +
                          " of the page's ink: page OCR'd");
    return false;
  }
  std::string layer;
  if (hidden->empty()) {
    SOHOA_ASSIGN_OR_RETURN(layer, reader.TextLayer(index));
  } else {
    layer = LayerText(words, split.keep);
  }
  // .VnTime documents carry TCVN3 bytes in fonts without a Unicode map: the
  // layer extracts as "KÕ ho¹ch" and is converted back where that reads well.
  if (std::optional<DecodedText> repaired = RepairLegacyText(layer, text_scorer_)) {
    page->notes.push_back("text layer " + repaired->note);
    layer = std::move(repaired->text);
  }
  const double quality = TextLayerQuality(layer);
  if (quality < options_.text_layer_min_quality) {
    page->notes.push_back("text layer rejected (quality " + FormatFixed(quality, 2) +
                          "): page OCR'd");
    return false;
  }
  page->source = TextSource::kTextLayer;
  page->raw_text = std::move(layer);
  page->notes.push_back("text layer used (quality " + FormatFixed(quality, 2) + ", covers " +
                        FormatPercent(coverage) + " of the ink)");
  return true;
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
