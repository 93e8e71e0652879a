// The driver with a fake OCR engine and a recording sink: page fan-out over
// workers, one engine per worker, failures that do not stop the batch.
#include "pipeline/driver/pipeline.h"

#include <atomic>
#include <set>

#include <gtest/gtest.h>

#include "pipeline/driver/recording_sink_test_util.h"
#include "tests/support/layered_pdf.h"
#include "tests/support/test_files.h"

namespace sohoa {
namespace {

using namespace testing_files;
using testing_sinks::RecordingSink;

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

// The pipeline's options for a fake OCR engine: no restoration, extraction
// or preprocessing.
PipelineOptions FakeOcrOptions() {
  PipelineOptions options;
  options.restore = false;
  options.extract = false;
  options.preprocess = PreprocessOptions{false, false, false, false, false, 0};
  return options;
}

struct Fixture {
  std::atomic<int> engines_made{0};
  std::unique_ptr<Pipeline> pipeline;

  explicit Fixture(int jobs, bool skip_done = false) {
    PipelineOptions options = FakeOcrOptions();
    options.jobs = jobs;
    options.skip_done = skip_done;
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

// Reads every page as printed words, and counts the dark pixels it was shown
// in the top right corner, where test stamps sit.
class CornerEngine : public OcrEngine {
 public:
  explicit CornerEngine(std::atomic<int>* corner_dark) : corner_dark_(corner_dark) {}
  StatusOr<OcrResult> Recognize(const Image& page) override {
    for (int y = 0; y < page.height / 20; ++y) {
      for (int x = page.width * 7 / 10; x < page.width; ++x) *corner_dark_ += page.at(x, y) < 128;
    }
    OcrResult r;
    r.text = "Về việc triển khai hóa đơn điện tử\n";
    r.mean_confidence = 90;
    return r;
  }
  std::string Version() const override { return "corner 1.0"; }

 private:
  std::atomic<int>* corner_dark_;
};

struct PdfFixture {
  std::atomic<int> corner_dark{0};  // over every page OCR'd
  std::unique_ptr<Pipeline> pipeline;

  explicit PdfFixture(bool force_ocr = false, double min_quality = 0.75) {
    PipelineOptions options = FakeOcrOptions();
    options.rules_dir = std::string(std::getenv("SOHOA_SOURCE_DIR")) + "/rules";
    options.force_ocr = force_ocr;
    options.text_layer_min_quality = min_quality;
    options.pdf_dpi = 100;
    auto p = Pipeline::Create(options, [this]() -> StatusOr<std::unique_ptr<OcrEngine>> {
      return std::unique_ptr<OcrEngine>(new CornerEngine(&corner_dark));
    });
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    pipeline = std::move(p).value();
  }
};

std::vector<PdfTextLine> SignatureBox() {
  return {{430, 12, 7, "Ky boi: Uy ban nhan dan tinh Quang Ngai"},
          {430, 21, 7, "Thoi gian ky: 05/01/2021 08:15:24"}};
}

bool HasNote(const Page& page, const std::string& start) {
  for (const std::string& note : page.notes) {
    if (note.rfind(start, 0) == 0) return true;
  }
  return false;
}

std::string WriteScanWithStamp(const std::string& dir, std::vector<PdfTextLine> more_lines = {}) {
  LayeredPage page;
  page.scan_width = 250;
  page.scan_height = 354;
  page.scan_pixels = ScanOfPrintedLines(page.scan_width, page.scan_height, 14);
  page.lines = SignatureBox();
  page.lines.insert(page.lines.end(), more_lines.begin(), more_lines.end());
  WriteFile(dir + "/signed.pdf", MakeLayeredPdf(page));
  return dir + "/signed.pdf";
}

TEST(PipelinePdfTest, ASignatureBoxOverAScanIsNeverThePagesText) {
  const std::string path = WriteScanWithStamp(MakeTempDir("driver_stamp"));
  PdfFixture f;
  ProcessResult r = f.pipeline->ProcessFile(path);
  ASSERT_TRUE(r.has_document);
  const Page& page = r.document.pages.at(0);
  EXPECT_EQ(page.source, TextSource::kOcr);
  EXPECT_EQ(page.raw_text, "Về việc triển khai hóa đơn điện tử\n");
  EXPECT_TRUE(HasNote(page, "signature box kept out of the text: \"Ky boi: Uy ban")) << page.notes[0];
  EXPECT_TRUE(HasNote(page, "text layer is only signature boxes"));
  EXPECT_EQ(f.corner_dark, 0);  // OCR never saw the box's words
}

TEST(PipelinePdfTest, ForcedOcrStillKeepsTheBoxOut) {
  const std::string path = WriteScanWithStamp(MakeTempDir("driver_stamp_forced"));
  PdfFixture f(/*force_ocr=*/true);
  ProcessResult r = f.pipeline->ProcessFile(path);
  ASSERT_TRUE(r.has_document);
  EXPECT_EQ(r.document.pages.at(0).source, TextSource::kOcr);
  EXPECT_EQ(f.corner_dark, 0);
}

TEST(PipelinePdfTest, ALayerThatCoversLittleOfTheInkIsAnOverlay) {
  // Two lines of real layer text over a page of scanned print.
  const std::string path = WriteScanWithStamp(
      MakeTempDir("driver_overlay"), {{72, 800, 9, "Noi nhan: nhu tren"}, {72, 812, 9, "Luu VT"}});
  PdfFixture f(/*force_ocr=*/false, /*min_quality=*/0);
  ProcessResult r = f.pipeline->ProcessFile(path);
  ASSERT_TRUE(r.has_document);
  const Page& page = r.document.pages.at(0);
  EXPECT_EQ(page.source, TextSource::kOcr);
  EXPECT_TRUE(HasNote(page, "text layer covers ")) << ::testing::PrintToString(page.notes);
}

TEST(PipelinePdfTest, ABornDigitalPageKeepsItsLayerLessTheSignatureBox) {
  LayeredPage digital;
  digital.lines = SignatureBox();
  for (int i = 0; i < 25; ++i) {
    digital.lines.push_back({72, 100.0 + 24 * i, 12, "Ke hoach trien khai cong tac nam 2024"});
  }
  const std::string dir = MakeTempDir("driver_digital");
  WriteFile(dir + "/digital.pdf", MakeLayeredPdf(digital));
  PdfFixture f(/*force_ocr=*/false, /*min_quality=*/0);
  ProcessResult r = f.pipeline->ProcessFile(dir + "/digital.pdf");
  ASSERT_TRUE(r.has_document);
  const Page& page = r.document.pages.at(0);
  EXPECT_EQ(page.source, TextSource::kTextLayer) << ::testing::PrintToString(page.notes);
  EXPECT_EQ(page.raw_text.find("Ky boi"), std::string::npos);
  EXPECT_EQ(page.raw_text.rfind("Ke hoach trien khai cong tac nam 2024\n", 0), 0u);
  EXPECT_TRUE(HasNote(page, "text layer used"));
}

TEST(PipelinePdfTest, APageWithoutPrintIsNotedBlank) {
  LayeredPage blank;
  blank.scan_width = 100;
  blank.scan_height = 141;
  blank.scan_pixels.assign(100 * 141, 250);
  const std::string dir = MakeTempDir("driver_blank");
  WriteFile(dir + "/blank.pdf", MakeLayeredPdf(blank));
  Fixture f(1);
  ProcessResult r = f.pipeline->ProcessFile(dir + "/blank.pdf");
  ASSERT_TRUE(r.has_document);
  // FakeEngine reads "Ke hoach N": two words, no text.
  EXPECT_TRUE(HasNote(r.document.pages.at(0), "blank page"))
      << ::testing::PrintToString(r.document.pages.at(0).notes);
}

}  // namespace
}  // namespace sohoa
