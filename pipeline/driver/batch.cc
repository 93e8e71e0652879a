// Processing files: one at a time (ProcessFile) or as a batch over a pool of
// workers (RunBatch). Work units are pages: a worker that loads a file queues
// its pages at the front of the queue, so documents finish in about the order
// they start and few are held in memory at once.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "pipeline/driver/page_source.h"
#include "pipeline/driver/pipeline.h"

namespace sohoa {
namespace {

// One document in flight: its pages fill in as workers finish them.
struct DocJob {
  std::unique_ptr<PageSource> source;
  Document document;
  std::vector<Status> page_status;
  std::atomic<int> remaining{0};
};

// What one input produced, handed to the writer thread.
struct Output {
  std::string path;
  bool skipped = false;
  ProcessResult result;
};

// The worker's own OCR engine, created on first use.
class LazyEngine {
 public:
  explicit LazyEngine(const OcrEngineFactory& factory) : factory_(factory) {}
  StatusOr<OcrEngine*> Get() {
    if (!engine_ && status_.ok()) {
      auto made = factory_();
      if (made.ok()) engine_ = std::move(made).value(); else status_ = made.status();
    }
    if (!status_.ok()) return status_;
    return engine_.get();
  }
  EngineGetter Getter() {
    return [this] { return Get(); };
  }

 private:
  const OcrEngineFactory& factory_;
  std::unique_ptr<OcrEngine> engine_;
  Status status_;
};

Failure FileFailure(const std::string& path, const std::string& id, const std::string& stage,
                    const Status& status) {
  return {path, id, stage, -1, status.message()};
}

}  // namespace

class Pipeline::Batch {
 public:
  Batch(const Pipeline& pipeline, std::vector<std::string> files,
        std::function<bool(const std::string&)> is_done)
      : pipeline_(pipeline), files_(std::move(files)), is_done_(std::move(is_done)) {}

  // Loads file `path` and plans its pages; returns nullptr (with `out` set)
  // when the file is finished already: failed, skipped, or plain text.
  std::shared_ptr<DocJob> Load(const std::string& path, Output* out) const {
    out->path = path;
    auto loaded = LoadFile(path, pipeline_.options_.limits);
    if (!loaded.ok()) {
      out->result.failures.push_back(FileFailure(path, "", "ingest", loaded.status()));
      return nullptr;
    }
    std::string id = loaded->document.id;
    if (is_done_ && is_done_(id)) {
      out->skipped = true;
      return nullptr;
    }
    if (loaded->document.format == InputFormat::kPdf) {
      loaded->document.signatures = pipeline_.signature_verifier_->Read(loaded->bytes, path);
    }
    auto source = PageSource::Open(std::move(loaded).value(), pipeline_.options_,
                                   pipeline_.signature_wording_, pipeline_.text_scorer_.get());
    if (!source.ok()) {
      out->result.failures.push_back(FileFailure(path, id, "ingest", source.status()));
      return nullptr;
    }
    auto job = std::make_shared<DocJob>();
    job->document = (*source)->document();
    job->source = std::move(source).value();
    int n = job->source->page_count();
    job->document.pages.resize(n);
    job->page_status.resize(n);
    job->remaining = n;
    return job;
  }

  void RunPage(DocJob* job, int index, LazyEngine* engine) const {
    Page& page = job->document.pages[index];
    page.index = index;
    Status s = job->source->ProducePage(index, engine->Getter(), &page);
    page.image = Image();  // the pixels are not needed past OCR
    if (s.ok()) pipeline_.FinishPageText(&page);
    job->page_status[index] = s;
  }

  // Called once every page of `job` is done.
  ProcessResult Finish(DocJob* job) const {
    ProcessResult result;
    Document& doc = job->document;
    int good = 0;
    for (size_t i = 0; i < doc.pages.size(); ++i) {
      const Status& s = job->page_status[i];
      if (s.ok()) {
        ++good;
        continue;
      }
      doc.pages[i].notes.push_back("failed: " + s.message());
      result.failures.push_back({doc.path, doc.id, "page", static_cast<int>(i), s.message()});
    }
    if (good == 0) return result;  // nothing worth storing
    pipeline_.FinishDocument(&doc);
    result.has_document = true;
    result.document = std::move(doc);
    return result;
  }

  // --- the parallel part ---

  void Start(int jobs) {
    max_in_flight_ = std::max(2, 2 * jobs);
    for (int i = 0; i < jobs; ++i) workers_.emplace_back([this] { WorkerLoop(); });
  }

  // Blocks until the next output is ready; false when all files are done.
  bool NextOutput(Output* out) {
    std::unique_lock<std::mutex> lock(mu_);
    if (outputs_taken_ == files_.size()) return false;
    output_ready_.wait(lock, [this] { return !outputs_.empty(); });
    *out = std::move(outputs_.front());
    outputs_.pop_front();
    ++outputs_taken_;
    return true;
  }

  void Join() {
    for (auto& w : workers_) w.join();
  }

 private:
  struct PageTask {
    std::shared_ptr<DocJob> job;
    int index;
  };

  void WorkerLoop() {
    LazyEngine engine(pipeline_.ocr_factory_);
    for (;;) {
      std::unique_lock<std::mutex> lock(mu_);
      work_ready_.wait(lock, [this] {
        return !tasks_.empty() || CanLoad() || (next_file_ == files_.size() && loading_ == 0);
      });
      if (!tasks_.empty()) {
        PageTask task = std::move(tasks_.front());
        tasks_.pop_front();
        lock.unlock();
        RunPage(task.job.get(), task.index, &engine);
        if (--task.job->remaining == 0) {
          std::string path = task.job->document.path;
          Emit(Output{std::move(path), false, Finish(task.job.get())}, true);
        }
      } else if (CanLoad()) {
        const std::string& path = files_[next_file_++];
        ++loading_;
        ++in_flight_;
        lock.unlock();
        LoadAndQueue(path);
      } else {
        return;
      }
    }
  }

  bool CanLoad() const { return next_file_ < files_.size() && in_flight_ < max_in_flight_; }

  void LoadAndQueue(const std::string& path) {
    Output out;
    std::shared_ptr<DocJob> job = Load(path, &out);
    std::lock_guard<std::mutex> lock(mu_);
    --loading_;
    if (!job) {
      EmitLocked(std::move(out), true);
      return;
    }
    // Front of the queue, in page order: finish this document before others.
    for (int i = static_cast<int>(job->document.pages.size()); i-- > 0;) {
      tasks_.push_front({job, i});
    }
    work_ready_.notify_all();
  }

  void Emit(Output out, bool release) {
    std::lock_guard<std::mutex> lock(mu_);
    EmitLocked(std::move(out), release);
  }
  void EmitLocked(Output out, bool release) {
    if (release) --in_flight_;
    outputs_.push_back(std::move(out));
    output_ready_.notify_one();
    work_ready_.notify_all();
  }

  const Pipeline& pipeline_;
  const std::vector<std::string> files_;
  std::function<bool(const std::string&)> is_done_;
  std::mutex mu_;
  std::condition_variable work_ready_, output_ready_;
  std::deque<PageTask> tasks_;
  std::deque<Output> outputs_;
  size_t next_file_ = 0, outputs_taken_ = 0;
  int loading_ = 0, in_flight_ = 0, max_in_flight_ = 2;
  std::vector<std::thread> workers_;
};

ProcessResult Pipeline::ProcessFile(const std::string& path) const {
  Batch batch(*this, {}, nullptr);
  Output out;
  std::shared_ptr<DocJob> job = batch.Load(path, &out);
  if (!job) return std::move(out.result);
  LazyEngine engine(ocr_factory_);
  for (int i = 0; i < static_cast<int>(job->document.pages.size()); ++i) {
    batch.RunPage(job.get(), i, &engine);
  }
  return batch.Finish(job.get());
}

RunSummary Pipeline::RunBatch(const std::vector<std::string>& inputs,
                              const std::vector<Sink*>& sinks, const RunInfo& run,
                              ProgressListener* listener) const {
  auto started = std::chrono::steady_clock::now();
  RunSummary summary;
  InputList list = ListInputs(inputs);
  std::mutex sink_mu;  // sinks are touched by workers (is_done) and this thread
  std::string fingerprint = VersionsFingerprint(run);
  auto is_done = [&](const std::string& id) {
    if (!options_.skip_done) return false;
    std::lock_guard<std::mutex> lock(sink_mu);
    for (Sink* sink : sinks) {
      if (!sink->HasDocument(id, fingerprint)) return false;
    }
    return !sinks.empty();
  };
  auto report_failure = [&](const Failure& f) {
    for (Sink* sink : sinks) {
      Status s = sink->WriteFailure(f);
      if (!s.ok() && listener) listener->OnFailure({f.path, f.document_id, "sink", -1, s.message()});
    }
    if (listener) listener->OnFailure(f);
  };
  {
    std::lock_guard<std::mutex> lock(sink_mu);
    for (const Failure& f : list.failures) {
      report_failure(f);
      ++summary.documents_failed;
    }
  }
  Batch batch(*this, list.files, is_done);
  batch.Start(std::max(1, options_.jobs));
  Output out;
  while (batch.NextOutput(&out)) {
    std::lock_guard<std::mutex> lock(sink_mu);
    if (out.skipped) {
      ++summary.documents_skipped;
      if (listener) listener->OnSkipped(out.path);
      continue;
    }
    for (const Failure& f : out.result.failures) report_failure(f);
    if (!out.result.has_document) {
      ++summary.documents_failed;
      continue;
    }
    bool stored = true;
    for (Sink* sink : sinks) {
      Status s = sink->WriteDocument(out.result.document);
      if (!s.ok()) {
        stored = false;
        report_failure({out.path, out.result.document.id, "sink", -1, s.message()});
      }
    }
    if (!stored || !out.result.failures.empty()) ++summary.documents_failed;
    else ++summary.documents_ok;
    summary.pages += static_cast<int>(out.result.document.pages.size());
    if (listener) listener->OnDocument(out.result.document);
  }
  batch.Join();
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace sohoa
