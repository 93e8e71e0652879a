// The driver with a fake OCR engine and a recording sink: page fan-out over
// workers, one engine per worker, failures that do not stop the batch.
#include "pipeline/driver/pipeline.h"

#include <atomic>
#include <set>

#include <gtest/gtest.h>

#include "tests/support/test_files.h"

namespace sohoa {
namespace {

using namespace testing_files;

// Recognizes any page as a line naming its size; fails on 13-pixel-wide pages.
class FakeEngine : public OcrEngine {
 public:
  StatusOr<OcrResult> Recognize(const Image& page) override {
    if (page.width == 13) return InternalError("fake engine: cannot read 13-pixel pages");
    OcrResult r;
    r.text = "Ke hoach " + std::to_string(page.height) + "\n";
    r.words.push_back({"Ke", {0, 0, 5, 5}, 90});
    r.mean_confidence = 90;
    return r;
  }
  std::string Version() const override { return "fake 1.0"; }
};

class RecordingSink : public Sink {
 public:
  Status BeginRun(const RunInfo&) override { return Status::Ok(); }
  Status WriteDocument(const Document& d) override {
    documents.push_back(d);
    return Status::Ok();
  }
  Status WriteFailure(const Failure& f) override {
    failures.push_back(f);
    return Status::Ok();
  }
  Status EndRun(const RunSummary&) override { return Status::Ok(); }
  bool HasDocument(const std::string& id, const std::string&) override { return done.count(id) > 0; }
  std::string Location() const override { return "memory"; }

  std::vector<Document> documents;
  std::vector<Failure> failures;
  std::set<std::string> done;
};

struct Fixture {
  std::atomic<int> engines_made{0};
  std::unique_ptr<Pipeline> pipeline;

  explicit Fixture(int jobs, bool skip_done = false) {
    PipelineOptions options;
    options.restore = false;
    options.extract = false;
    options.jobs = jobs;
    options.skip_done = skip_done;
    options.preprocess = PreprocessOptions{false, false, false, false, false, 0};
    auto p = Pipeline::Create(options, [this]() -> StatusOr<std::unique_ptr<OcrEngine>> {
      ++engines_made;
      return std::unique_ptr<OcrEngine>(new FakeEngine);
    });
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    pipeline = std::move(p).value();
  }
};

TEST(PipelineTest, ProcessTextNormalizesWithoutOcr) {
  Fixture f(1);
  Document doc = f.pipeline->ProcessText("Uỷ ban\fhoà\r\n");
  ASSERT_EQ(doc.pages.size(), 2u);
  EXPECT_EQ(doc.FullText(), "Ủy ban\fhòa\n");
  EXPECT_EQ(f.engines_made, 0);
}

TEST(PipelineTest, BatchSpreadsPagesOverWorkersAndKeepsGoingPastFailures) {
  std::string dir = MakeTempDir("driver_batch");
  for (int i = 0; i < 12; ++i) {
    WriteFile(dir + "/p" + std::to_string(i) + ".png", MakePng(40, 20 + i, 200));
  }
  WriteFile(dir + "/unreadable_by_engine.png", MakePng(13, 13, 200));
  WriteFile(dir + "/empty.png", "");
  WriteFile(dir + "/legacy.txt", "trang mot\ftrang hai\n");
  Fixture f(2);
  RecordingSink sink;
  RunInfo run;
  RunSummary s = f.pipeline->RunBatch({dir}, {&sink}, run, nullptr);
  EXPECT_EQ(s.documents_ok, 13);
  EXPECT_EQ(s.documents_failed, 2);
  EXPECT_EQ(sink.documents.size(), 13u);
  ASSERT_EQ(sink.failures.size(), 2u);
  std::set<std::string> failed_paths;
  for (const Failure& fl : sink.failures) failed_paths.insert(fl.path);
  EXPECT_TRUE(failed_paths.count(dir + "/empty.png"));
  EXPECT_TRUE(failed_paths.count(dir + "/unreadable_by_engine.png"));
  EXPECT_LE(f.engines_made, 2);  // one engine per worker at most
  for (const Document& d : sink.documents) {
    if (d.format == InputFormat::kText) {
      EXPECT_EQ(d.FullText(), "trang mot\ftrang hai\n");
    } else {
      ASSERT_EQ(d.pages.size(), 1u);
      EXPECT_EQ(d.pages[0].text.rfind("Ke hoach ", 0), 0u) << d.path;
      EXPECT_EQ(d.pages[0].words.size(), 1u);
      EXPECT_TRUE(d.pages[0].image.empty());  // pixels released after OCR
    }
  }
}

TEST(PipelineTest, SkipsDocumentsTheSinkAlreadyHas) {
  std::string dir = MakeTempDir("driver_skip");
  WriteFile(dir + "/a.txt", "mot\n");
  WriteFile(dir + "/b.txt", "hai\n");
  Fixture f(2, /*skip_done=*/true);
  RecordingSink sink;
  RunSummary first = f.pipeline->RunBatch({dir}, {&sink}, RunInfo(), nullptr);
  ASSERT_EQ(first.documents_ok, 2);
  sink.done.insert(sink.documents[0].id);
  RunSummary second = f.pipeline->RunBatch({dir}, {&sink}, RunInfo(), nullptr);
  EXPECT_EQ(second.documents_skipped, 1);
  EXPECT_EQ(second.documents_ok, 1);
}

TEST(PipelineTest, MissingInputIsAFailureNotAnAbort) {
  Fixture f(1);
  RecordingSink sink;
  RunSummary s = f.pipeline->RunBatch({"/nonexistent/folder"}, {&sink}, RunInfo(), nullptr);
  EXPECT_EQ(s.documents_failed, 1);
  ASSERT_EQ(sink.failures.size(), 1u);
  EXPECT_NE(sink.failures[0].message.find("/nonexistent/folder"), std::string::npos);
}

}  // namespace
}  // namespace sohoa
