// Processing files: one at a time (ProcessFile) or as a batch over a pool of
// workers (RunBatch). Work units are pages: a worker that loads a file queues
// its pages at the front of the queue, so documents finish in about the order
// they start and few are held in memory at once.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "pipeline/driver/input_name.h"
#include "pipeline/driver/page_source.h"
#include "pipeline/driver/pipeline.h"

namespace sohoa {
namespace {

// One document in flight: its pages fill in as workers finish them.
struct DocJob {
  std::unique_ptr<PageSource> source;
  std::vector<std::string> warnings;
  Document document;
  std::vector<Status> page_status;
  std::atomic<int> remaining{0};
};

// What one input produced, handed to the writer thread.
struct Output {
  std::string path;
  bool skipped = false;
  ProcessResult result;
  std::string id;  // of a skipped document
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

// The files under `inputs` less the run's own outputs (compared as
// canonical paths: "./out.db" is "out.db").
InputList ListInputsExcept(const std::vector<std::string>& inputs,
                           const std::vector<std::string>& exclude) {
  InputList list = ListInputs(inputs);
  if (exclude.empty()) return list;
  namespace fs = std::filesystem;
  std::set<fs::path> skip;
  std::error_code ec;
  for (const std::string& path : exclude) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      fs::path p = fs::weakly_canonical(path + suffix, ec);
      if (!ec) skip.insert(p);
    }
  }
  std::vector<std::string> kept;
  for (std::string& file : list.files) {
    fs::path p = fs::weakly_canonical(file, ec);
    if (ec || !skip.count(p)) kept.push_back(std::move(file));
  }
  list.files = std::move(kept);
  return list;
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
      Status s = loaded.status();
      if (s.code() == StatusCode::kUnimplemented) s = CheckInputName(path, InputFormat::kUnknown).status();
      out->result.failures.push_back(FileFailure(path, "", "ingest", s));
      return nullptr;
    }
    auto named = CheckInputName(path, loaded->document.format);
    if (!named.ok()) {
      out->result.failures.push_back(FileFailure(path, "", "ingest", named.status()));
      return nullptr;
    }
    if (!named->empty()) out->result.warnings.push_back(*named);
    std::string id = loaded->document.id;
    if (is_done_ && is_done_(id)) {
      out->skipped = true;
      out->id = id;
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
    job->warnings = std::move(out->result.warnings);
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
    ++pages_done_;
  }

  // Called once every page of `job` is done.
  ProcessResult Finish(DocJob* job) const {
    ProcessResult result;
    result.warnings = std::move(job->warnings);
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

  enum class Next { kOutput, kWaiting, kDone };
  // Waits up to `wait` for the next output. kDone once every file started
  // has its output taken (or was dropped by Stop) and no more will start.
  Next NextOutput(Output* out, std::chrono::milliseconds wait) {
    std::unique_lock<std::mutex> lock(mu_);
    output_ready_.wait_for(lock, wait, [this] { return !outputs_.empty() || AllOut(); });
    if (outputs_.empty()) return AllOut() ? Next::kDone : Next::kWaiting;
    *out = std::move(outputs_.front());
    outputs_.pop_front();
    ++outputs_taken_;
    --in_flight_;  // only now: outputs waiting for the sinks count as in flight
    work_ready_.notify_all();
    return Next::kOutput;
  }

  // Starts no more files and drops the queued pages of the documents in
  // flight; pages being read finish, and a document whose last page was
  // among them still comes out.
  void Stop() {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return;
    stopped_ = true;
    std::set<DocJob*> dropped;
    for (const PageTask& task : tasks_) dropped.insert(task.job.get());
    tasks_.clear();
    dropped_ += dropped.size();
    work_ready_.notify_all();
    output_ready_.notify_all();
  }

  int64_t pages_done() const { return pages_done_; }
  int64_t pages_planned() const { return pages_planned_; }
  int documents_opened() const { return documents_opened_; }

  void Join() {
    for (auto& w : workers_) w.join();
  }

 private:
  struct PageTask {
    std::shared_ptr<DocJob> job;
    int index;
  };

  // Every file started has come out or was dropped, and none will start.
  bool AllOut() const {
    return (stopped_ || next_file_ == files_.size()) && loading_ == 0 &&
           outputs_taken_ + dropped_ == next_file_;
  }

  void WorkerLoop() {
    LazyEngine engine(pipeline_.ocr_factory_);
    for (;;) {
      std::unique_lock<std::mutex> lock(mu_);
      work_ready_.wait(lock, [this] {
        return !tasks_.empty() || CanLoad() ||
               ((stopped_ || next_file_ == files_.size()) && loading_ == 0);
      });
      if (!tasks_.empty()) {
        PageTask task = std::move(tasks_.front());
        tasks_.pop_front();
        lock.unlock();
        RunPage(task.job.get(), task.index, &engine);
        if (--task.job->remaining == 0) {
          std::string path = task.job->document.path;
          Emit(Output{std::move(path), false, Finish(task.job.get()), ""});
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

  bool CanLoad() const {
    return !stopped_ && next_file_ < files_.size() && in_flight_ < max_in_flight_;
  }

  void LoadAndQueue(const std::string& path) {
    Output out;
    std::shared_ptr<DocJob> job = Load(path, &out);
    std::lock_guard<std::mutex> lock(mu_);
    --loading_;
    if (!job) {
      EmitLocked(std::move(out));
      return;
    }
    ++documents_opened_;
    pages_planned_ += static_cast<int64_t>(job->document.pages.size());
    if (stopped_) {
      ++dropped_;
      --in_flight_;
      output_ready_.notify_all();
      return;
    }
    // Front of the queue, in page order: finish this document before others.
    for (int i = static_cast<int>(job->document.pages.size()); i-- > 0;) {
      tasks_.push_front({job, i});
    }
    work_ready_.notify_all();
  }

  void Emit(Output out) {
    std::lock_guard<std::mutex> lock(mu_);
    EmitLocked(std::move(out));
  }
  void EmitLocked(Output out) {
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
  size_t next_file_ = 0, outputs_taken_ = 0, dropped_ = 0;
  int loading_ = 0, in_flight_ = 0, max_in_flight_ = 2;
  bool stopped_ = false;
  mutable std::atomic<int64_t> pages_done_{0};  // RunPage is const: ProcessFile shares it
  std::atomic<int64_t> pages_planned_{0};
  std::atomic<int> documents_opened_{0};
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

namespace {

// Writes what one input produced to every sink and counts it.
template <typename ReportFailure>
void StoreOutput(const Output& out, const std::vector<Sink*>& sinks, ProgressListener* listener,
                 const ReportFailure& report_failure, RunSummary* summary) {
  if (listener) {
    for (const std::string& w : out.result.warnings) listener->OnWarning(w);
  }
  if (out.skipped) {
    ++summary->documents_skipped;
    for (Sink* sink : sinks) sink->NoteSkipped(out.path, out.id).ok();
    if (listener) listener->OnSkipped(out.path);
    return;
  }
  for (const Failure& f : out.result.failures) report_failure(f);
  if (!out.result.has_document) {
    ++summary->documents_failed;
    return;
  }
  bool stored = true;
  for (Sink* sink : sinks) {
    Status s = sink->WriteDocument(out.result.document);
    if (!s.ok()) {
      stored = false;
      report_failure({out.path, out.result.document.id, "sink", -1, s.message()});
    }
  }
  if (!stored || !out.result.failures.empty()) ++summary->documents_failed;
  else ++summary->documents_ok;
  summary->pages += static_cast<int>(out.result.document.pages.size());
  if (listener) listener->OnDocument(out.result.document);
}

}  // namespace

namespace {

// The failures a run may have before it stops (--max-failures); -1: any.
int FailureLimit(const BatchOptions& batch, size_t inputs) {
  int limit = batch.max_failures;
  if (batch.max_failure_share >= 0) {
    int share = static_cast<int>(batch.max_failure_share * static_cast<double>(inputs));
    limit = limit < 0 ? share : std::min(limit, share);
  }
  return limit;
}

}  // namespace

RunSummary Pipeline::RunBatch(const std::vector<std::string>& inputs,
                              const std::vector<Sink*>& sinks, const RunInfo& run,
                              ProgressListener* listener, const BatchOptions& options) const {
  auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  RunSummary summary;
  InputList list = ListInputsExcept(inputs, options.exclude);
  const int total = static_cast<int>(list.files.size() + list.failures.size());
  const int failure_limit = FailureLimit(options, total);
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
  Batch batch(*this, list.files, is_done);
  auto progress = [&] {
    if (!listener) return;
    BatchProgress p;
    p.documents_total = total;
    p.documents_done = summary.documents_ok + summary.documents_failed + summary.documents_skipped;
    p.documents_failed = summary.documents_failed;
    p.documents_skipped = summary.documents_skipped;
    p.documents_opened = batch.documents_opened();
    p.pages_done = batch.pages_done();
    p.pages_planned = batch.pages_planned();
    p.seconds = elapsed();
    listener->OnProgress(p);
  };
  {
    std::lock_guard<std::mutex> lock(sink_mu);
    for (const Failure& f : list.failures) {
      report_failure(f);
      ++summary.documents_failed;
    }
  }
  progress();
  batch.Start(std::max(1, options_.jobs));
  Output out;
  auto last_progress = std::chrono::steady_clock::now();
  for (;;) {
    if (options.stop && options.stop->load() != 0 && summary.status == "finished") {
      summary.status = "interrupted";
      batch.Stop();
    }
    Batch::Next next = batch.NextOutput(&out, std::chrono::milliseconds(100));
    if (next == Batch::Next::kDone) break;
    if (next == Batch::Next::kWaiting) {
      if (std::chrono::steady_clock::now() - last_progress >= std::chrono::seconds(1)) {
        last_progress = std::chrono::steady_clock::now();
        progress();
      }
      continue;
    }
    {
      std::lock_guard<std::mutex> lock(sink_mu);
      StoreOutput(out, sinks, listener, report_failure, &summary);
    }
    if (failure_limit >= 0 && summary.documents_failed > failure_limit &&
        summary.status == "finished") {
      summary.status = "stopped";
      batch.Stop();
    }
    last_progress = std::chrono::steady_clock::now();
    progress();
  }
  batch.Join();
  summary.documents_left =
      total - summary.documents_ok - summary.documents_failed - summary.documents_skipped;
  summary.seconds = elapsed();
  return summary;
}

}  // namespace sohoa
