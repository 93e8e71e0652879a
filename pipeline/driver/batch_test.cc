// RunBatch as a whole run: outputs kept out of the inputs, stopping on a
// signal or on too many failures, progress, and names that lie about bytes.
#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "pipeline/driver/pipeline.h"
#include "pipeline/driver/recording_sink_test_util.h"
#include "tests/support/test_files.h"

namespace sohoa {
namespace {

using namespace testing_files;
using testing_sinks::RecordingSink;

// Reads any page as one line, taking `delay` per page.
class SlowEngine : public OcrEngine {
 public:
  explicit SlowEngine(std::chrono::milliseconds delay) : delay_(delay) {}
  StatusOr<OcrResult> Recognize(const Image& page) override {
    std::this_thread::sleep_for(delay_);
    OcrResult r;
    r.text = "Ke hoach " + std::to_string(page.height) + "\n";
    r.mean_confidence = 90;
    return r;
  }
  std::string Version() const override { return "slow 1.0"; }

 private:
  std::chrono::milliseconds delay_;
};

class CountingListener : public ProgressListener {
 public:
  void OnDocument(const Document&) override {}
  void OnFailure(const Failure&) override {}
  void OnSkipped(const std::string&) override {}
  void OnWarning(const std::string& message) override { warnings.push_back(message); }
  void OnProgress(const BatchProgress& p) override { last = p; ++calls; }

  std::vector<std::string> warnings;
  BatchProgress last;
  int calls = 0;
};

std::unique_ptr<Pipeline> MakePipeline(int jobs, std::chrono::milliseconds delay) {
  PipelineOptions options;
  options.restore = false;
  options.extract = false;
  options.preprocess = PreprocessOptions{false, false, false, false, false, 0};
  options.jobs = jobs;
  auto p = Pipeline::Create(options, [delay]() -> StatusOr<std::unique_ptr<OcrEngine>> {
    return std::unique_ptr<OcrEngine>(new SlowEngine(delay));
  });
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  return std::move(p).value();
}

TEST(BatchTest, TheRunsOwnOutputsInAnInputFolderAreNotInputs) {
  std::string dir = MakeTempDir("batch_exclude");
  WriteFile(dir + "/a.txt", "mot\n");
  for (const char* name : {"/out.db", "/out.db-wal", "/out.db-shm", "/out.db-journal", "/out.jsonl"}) {
    WriteFile(dir + name, std::string("SQLite format 3\0", 16) + std::string(100, '\x01'));
  }
  auto pipeline = MakePipeline(2, std::chrono::milliseconds(0));
  RecordingSink sink;
  BatchOptions batch;
  batch.exclude = {dir + "/./out.db", dir + "/sub/../out.jsonl"};
  RunSummary s = pipeline->RunBatch({dir}, {&sink}, RunInfo(), nullptr, batch);
  EXPECT_EQ(s.documents_ok, 1);
  EXPECT_EQ(s.documents_failed, 0);
  EXPECT_TRUE(sink.failures.empty()) << sink.failures[0].message;
}

TEST(BatchTest, AStopSettlesTheDocumentsInFlightAndEndsTheRun) {
  std::string dir = MakeTempDir("batch_stop");
  for (int i = 0; i < 30; ++i) {
    WriteFile(dir + "/p" + std::to_string(100 + i) + ".png", MakePng(40, 20 + i, 200));
  }
  auto pipeline = MakePipeline(2, std::chrono::milliseconds(40));
  RecordingSink sink;
  CountingListener listener;
  std::atomic<int> stop{0};
  BatchOptions batch;
  batch.stop = &stop;
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    stop = 15;
  });
  RunSummary s = pipeline->RunBatch({dir}, {&sink}, RunInfo(), &listener, batch);
  stopper.join();
  EXPECT_EQ(s.status, "interrupted");
  EXPECT_GT(s.documents_left, 0);
  EXPECT_EQ(s.documents_ok + s.documents_left, 30);
  EXPECT_EQ(static_cast<int>(sink.documents.size()), s.documents_ok);
  for (const Document& d : sink.documents) EXPECT_EQ(d.pages.size(), 1u);
  EXPECT_GT(listener.calls, 0);
  EXPECT_EQ(listener.last.documents_total, 30);
}

TEST(BatchTest, TooManyFailuresStopTheRun) {
  std::string dir = MakeTempDir("batch_failing");
  for (int i = 0; i < 40; ++i) WriteFile(dir + "/bad" + std::to_string(100 + i) + ".png", "");
  auto pipeline = MakePipeline(2, std::chrono::milliseconds(0));
  RecordingSink sink;
  BatchOptions batch;
  batch.max_failures = 5;
  RunSummary s = pipeline->RunBatch({dir}, {&sink}, RunInfo(), nullptr, batch);
  EXPECT_EQ(s.status, "stopped");
  EXPECT_GT(s.documents_failed, 5);
  EXPECT_LT(s.documents_failed, 40);
  EXPECT_EQ(s.documents_failed + s.documents_left, 40);

  BatchOptions share;
  share.max_failure_share = 0.25;  // 10 of 40
  RunSummary t = pipeline->RunBatch({dir}, {&sink}, RunInfo(), nullptr, share);
  EXPECT_EQ(t.status, "stopped");
  EXPECT_GT(t.documents_failed, 10);
  EXPECT_LT(t.documents_failed, 40);
}

TEST(BatchTest, ProgressCountsEveryDocumentAndPage) {
  std::string dir = MakeTempDir("batch_progress");
  for (int i = 0; i < 5; ++i) WriteFile(dir + "/p" + std::to_string(i) + ".png", MakePng(40, 30, 200));
  WriteFile(dir + "/empty.png", "");
  auto pipeline = MakePipeline(2, std::chrono::milliseconds(0));
  RecordingSink sink;
  CountingListener listener;
  RunSummary s = pipeline->RunBatch({dir}, {&sink}, RunInfo(), &listener);
  EXPECT_EQ(s.status, "finished");
  EXPECT_EQ(listener.last.documents_total, 6);
  EXPECT_EQ(listener.last.documents_done, 6);
  EXPECT_EQ(listener.last.documents_failed, 1);
  EXPECT_EQ(listener.last.pages_done, 5);
  EXPECT_EQ(listener.last.pages_planned, 5);
}

TEST(BatchTest, ANameThatLiesAboutTheBytesIsAWarningOrNotAnImage) {
  std::string dir = MakeTempDir("batch_names");
  WriteFile(dir + "/png_named.jpg", MakePng(40, 30, 200));
  WriteFile(dir + "/text_named.png", "Day la van ban, khong phai anh.\n");
  WriteFile(dir + "/notes.csv", "a,b\n1,2\n");
  WriteFile(dir + "/plain", "van ban\n");
  auto pipeline = MakePipeline(1, std::chrono::milliseconds(0));
  RecordingSink sink;
  CountingListener listener;
  RunSummary s = pipeline->RunBatch({dir}, {&sink}, RunInfo(), &listener);
  EXPECT_EQ(s.documents_ok, 2);
  EXPECT_EQ(s.documents_failed, 2);
  ASSERT_EQ(listener.warnings.size(), 1u);
  EXPECT_EQ(listener.warnings[0], dir + "/png_named.jpg: named .jpg but is PNG; read as PNG");
  std::set<std::string> messages;
  for (const Failure& f : sink.failures) messages.insert(f.message);
  EXPECT_TRUE(messages.count(dir + "/text_named.png: not an image: the file is named .png but "
                                   "its bytes are text"));
  EXPECT_TRUE(messages.count(dir + "/notes.csv: not an image, and .csv files are not read as "
                                   "text (only .txt, .md or no extension)"));
}

}  // namespace
}  // namespace sohoa
