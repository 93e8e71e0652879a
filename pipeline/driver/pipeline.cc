#include "pipeline/driver/pipeline.h"

#include "pipeline/base/file.h"
#include "pipeline/base/sha256.h"
#include "pipeline/driver/page_source.h"
#include "pipeline/driver/text_scorer.h"

#ifndef SOHOA_VERSION
#define SOHOA_VERSION "dev"
#endif

namespace sohoa {

Pipeline::Pipeline(PipelineOptions options, OcrEngineFactory ocr_factory)
    : options_(std::move(options)), ocr_factory_(std::move(ocr_factory)) {}
Pipeline::~Pipeline() = default;

StatusOr<std::unique_ptr<Pipeline>> Pipeline::Create(const PipelineOptions& options,
                                                     OcrEngineFactory ocr_factory) {
  if (!ocr_factory) {
    OcrOptions ocr = options.ocr;
    ocr_factory = [ocr] { return CreateTesseractEngine(ocr); };
  }
  std::unique_ptr<Pipeline> p(new Pipeline(options, std::move(ocr_factory)));
  SOHOA_ASSIGN_OR_RETURN(p->normalizer_, Normalizer::Create(options.normalize));
  if (!options.rules_dir.empty()) {
    auto wording = SignatureBoxWording::Load(options.rules_dir + "/" + kSignatureBoxFile);
    if (!wording.ok()) return wording.status().WithPrefix("signature-box wording");
    p->signature_wording_ = std::move(wording).value();
  }
  auto verifier = SignatureVerifier::Create(options.trust_store);
  if (!verifier.ok()) return verifier.status().WithPrefix("--trust-store");
  p->signature_verifier_ = std::move(verifier).value();
  if (options.restore) {
    auto restorer = DiacriticRestorer::Load(options.model_path, options.restorer);
    if (!restorer.ok()) {
      return restorer.status().WithPrefix("restoration model (turn restoration off with --no-restore)");
    }
    p->restorer_ = std::move(restorer).value();
    p->text_scorer_ = std::make_unique<RestorerTextScorer>(*p->restorer_);
  }
  if (options.extract) {
    auto extractor = Extractor::Load(options.rules_dir);
    if (!extractor.ok()) {
      return extractor.status().WithPrefix("extraction rules (turn extraction off with --no-extract)");
    }
    p->extractor_ = std::move(extractor).value();
  }
  return p;
}

void Pipeline::FinishPageText(Page* page) const {
  page->normalized_text = normalizer_->Normalize(page->raw_text);
  page->text = page->normalized_text;  // restored in FinishDocument
}

void Pipeline::FinishDocument(Document* document) const {
  if (restorer_) {
    // A document's own spellings, from all its pages, weigh in on each page.
    std::vector<std::string_view> pages;
    for (const Page& page : document->pages) pages.push_back(page.normalized_text);
    std::vector<std::string> restored = restorer_->RestoreDocument(pages);
    for (size_t i = 0; i < restored.size(); ++i) document->pages[i].text = std::move(restored[i]);
  }
  if (extractor_) document->records = extractor_->Extract(document->FullText());
  // The issuing body signs first; a publishing centre that republishes the
  // document signs an incremental update after it. So signed_by is the first
  // signature in signing order that names a signer (the centre's when only
  // the centre signed).
  for (const Signature& s : document->signatures) {
    if (s.signer.empty()) continue;
    document->signed_by = s.signer;
    document->signed_at = s.signed_at;
    break;
  }
}

Document Pipeline::ProcessText(std::string_view text) const {
  Document doc;
  doc.format = InputFormat::kText;
  int index = 0;
  for (std::string& page_text : SplitTextPages(text)) {
    Page page;
    page.index = index++;
    page.source = TextSource::kPlainText;
    page.raw_text = std::move(page_text);
    FinishPageText(&page);
    doc.pages.push_back(std::move(page));
  }
  FinishDocument(&doc);
  return doc;
}

std::vector<std::pair<std::string, std::string>> Pipeline::Versions() const {
  std::vector<std::pair<std::string, std::string>> v = {
      {"sohoa", SOHOA_VERSION},
      {"tesseract", TesseractVersion()},
      {"leptonica", LeptonicaVersion()},
      {"icu", normalizer_->IcuVersion()},
  };
  auto engine = ocr_factory_();
  v.push_back({"ocr_model", engine.ok() ? (*engine)->Version()
                                        : "unavailable: " + engine.status().message()});
  v.push_back({"restore_model", restorer_ ? restorer_->ModelVersion() : "off"});
  for (const auto& [name, path] : {std::pair{"restore_channel", options_.restorer.channel_path},
                                   std::pair{"restore_clean_channel",
                                             options_.restorer.clean_channel_path}}) {
    if (!restorer_ || path.empty()) continue;
    auto bytes = ReadFile(path);
    v.push_back({name, path.substr(path.find_last_of('/') + 1) + " " +
                           (bytes.ok() ? Sha256Hex(*bytes).substr(0, 12) : "unreadable")});
  }
  v.push_back({"rules", extractor_ ? extractor_->RulesVersion() : "off"});
  v.push_back({"signatures", SignatureLibrariesVersion()});
  return v;
}

}  // namespace sohoa
