// The driver: the only code that knows the order of the stages.
//
//   ingest -> decode/render -> preprocess -> OCR -> normalize -> restore -> extract -> sinks
//
// Plain-text inputs (legacy OCR) skip the image stages; PDF pages whose text
// layer covers the page and is good Vietnamese skip OCR (a signature box
// drawn over a scan never does: pipeline/ingest/text_layer.h). Work is split into pages so that one
// large TIFF or PDF keeps every worker busy; each worker owns its OCR engine.
// One bad file or page becomes a Failure and the batch goes on.
#ifndef SOHOA_PIPELINE_DRIVER_PIPELINE_H_
#define SOHOA_PIPELINE_DRIVER_PIPELINE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/base/status.h"
#include "pipeline/document/document.h"
#include "pipeline/extract/extractor.h"
#include "pipeline/ingest/ingest.h"
#include "pipeline/ingest/pdf_signatures.h"
#include "pipeline/ingest/text_encoding.h"
#include "pipeline/ingest/text_layer.h"
#include "pipeline/normalize/normalizer.h"
#include "pipeline/ocr/ocr.h"
#include "pipeline/preprocess/preprocess.h"
#include "pipeline/restore/restorer.h"
#include "pipeline/sink/sink.h"

namespace sohoa {

struct PipelineOptions {
  IngestLimits limits;
  PreprocessOptions preprocess;
  OcrOptions ocr;
  NormalizeOptions normalize;
  bool restore = true;
  std::string model_path;  // restoration model; required when restore is on
  RestorerOptions restorer;  // decoder settings and the OCR error channels
  bool extract = true;
  std::string rules_dir;   // required when extract is on; also holds signature_box.txt
  bool force_ocr = false;  // ignore PDF text layers
  double text_layer_min_quality = 0.75;  // TextLayerQuality needed to trust a layer
  bool drop_colour_ink = true;  // PDF pages: seals and signatures in red or blue kept from OCR
  int pdf_dpi = 300;
  int jobs = 1;
  bool skip_done = false;  // skip documents a sink already holds with the same versions
                           // (sohoa run sets it unless --force)
  // Text files are in this encoding (--encoding); unset: each file's is
  // detected (pipeline/ingest/text_encoding.h).
  std::optional<TextEncoding> text_encoding;
  std::string trust_store;  // PEM roots for PDF signature chains (file or folder); "" for none
};

// Makes an OCR engine for one worker; tests pass a fake.
using OcrEngineFactory = std::function<StatusOr<std::unique_ptr<OcrEngine>>()>;

// What processing one input produced: the document (possibly with some pages
// missing) and any failures. `document` is absent when nothing could be read.
struct ProcessResult {
  bool has_document = false;
  Document document;
  std::vector<Failure> failures;
  std::vector<std::string> warnings;  // one line each, naming the file
};

// What a batch run does besides processing each input (RunBatch).
struct BatchOptions {
  // Never read as input, though a folder given holds them: the run's own
  // database (with its -wal, -shm and -journal files) and JSON Lines.
  std::vector<std::string> exclude;
  // Stop once more than this many inputs failed (-1: never), or more than
  // this share (0..1) of all inputs (-1: never). The run's status is "stopped".
  int max_failures = -1;
  double max_failure_share = -1;
  // Polled about every 100 ms: nonzero stops the run (set by a signal
  // handler). Pages being read finish; a document whose pages are all read
  // is stored, the others are dropped whole. The status is "interrupted".
  const std::atomic<int>* stop = nullptr;
};

// Where a batch stands; documents_done counts ok, failed and skipped ones.
struct BatchProgress {
  int documents_total = 0, documents_done = 0, documents_failed = 0, documents_skipped = 0;
  int documents_opened = 0;  // whose page count is known
  int64_t pages_done = 0, pages_planned = 0;  // pages of the opened documents
  double seconds = 0;
};

// Receives progress as it happens (called from the thread that writes sinks).
class ProgressListener {
 public:
  virtual ~ProgressListener() = default;
  virtual void OnDocument(const Document& document) = 0;
  virtual void OnFailure(const Failure& failure) = 0;
  virtual void OnSkipped(const std::string& path) = 0;
  virtual void OnWarning(const std::string& /*message*/) {}
  // After every document and at least every second while pages are read.
  virtual void OnProgress(const BatchProgress& /*progress*/) {}
};

class Pipeline {
 public:
  // Loads the normalizer, restoration model and rules. Fails naming the
  // model or rules file that is missing or damaged.
  static StatusOr<std::unique_ptr<Pipeline>> Create(const PipelineOptions& options,
                                                    OcrEngineFactory ocr_factory = nullptr);
  ~Pipeline();

  // Processes one input file with the calling thread only.
  ProcessResult ProcessFile(const std::string& path) const;

  // Normalizes, restores and extracts text that is already OCR'd.
  Document ProcessText(std::string_view text) const;

  // Processes every file under `inputs` (less batch.exclude) with
  // options.jobs workers and writes each document and failure to every sink;
  // with options.skip_done, a document every sink holds with this run's
  // versions is skipped after hashing, before decoding. Returns the summary,
  // whose status says whether the run finished or batch's stop flag or
  // failure limit ended it; a sink that fails to write is reported as a
  // failure of that document. `listener` (may be null) hears of each
  // document, failure, skip and warning, and of progress.
  RunSummary RunBatch(const std::vector<std::string>& inputs, const std::vector<Sink*>& sinks,
                      const RunInfo& run, ProgressListener* listener,
                      const BatchOptions& batch = {}) const;

  // Versions of every component behind the output, for RunInfo.
  std::vector<std::pair<std::string, std::string>> Versions() const;

  const Normalizer& normalizer() const { return *normalizer_; }
  const DiacriticRestorer* restorer() const { return restorer_.get(); }
  const Extractor* extractor() const { return extractor_.get(); }

 private:
  class Batch;
  Pipeline(PipelineOptions options, OcrEngineFactory ocr_factory);
  void FinishPageText(Page* page) const;
  void FinishDocument(Document* document) const;

  PipelineOptions options_;
  OcrEngineFactory ocr_factory_;
  SignatureBoxWording signature_wording_;
  std::unique_ptr<Normalizer> normalizer_;
  std::unique_ptr<DiacriticRestorer> restorer_;
  std::unique_ptr<TextScorer> text_scorer_;  // over restorer_; null when it is
  std::unique_ptr<Extractor> extractor_;
  std::unique_ptr<SignatureVerifier> signature_verifier_;
};

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_DRIVER_PIPELINE_H_
