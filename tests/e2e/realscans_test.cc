// The real signed scans of ../shared/realscans (13 PDFs, 32 pages): every
// page with print is OCR'd, no signature box stands for a page or leaks into
// its text, and pages without print say why. Runs the real Tesseract; skips
// when ../shared is absent.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/base/vietnamese.h"
#include "pipeline/driver/pipeline.h"
#include "pipeline/ingest/text_layer.h"

namespace sohoa {
namespace {

namespace fs = std::filesystem;

std::string RealScansDir() {
  if (const char* dir = std::getenv("SOHOA_REALSCANS_DIR")) return dir;
  return std::string(SOHOA_SOURCE_DIR) + "/../shared/realscans";
}

std::vector<std::string> RealScans() {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(RealScansDir(), ec)) {
    if (entry.path().extension() == ".pdf") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

int CountWords(const std::string& text) {
  int words = 0;
  bool in_word = false;
  for (unsigned char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\f';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

bool HasNoteStarting(const Page& page, const std::string& start) {
  for (const std::string& note : page.notes) {
    if (note.rfind(start, 0) == 0) return true;
  }
  return false;
}

TEST(RealScansTest, EveryPageWithPrintIsReadAndNoSignatureBoxStandsForIt) {
  const std::vector<std::string> files = RealScans();
  if (files.empty()) GTEST_SKIP() << RealScansDir() << " is absent (set SOHOA_REALSCANS_DIR)";
  ASSERT_EQ(files.size(), 13u);
  PipelineOptions options;
  options.restore = false;
  options.extract = false;
  options.rules_dir = std::string(SOHOA_SOURCE_DIR) + "/rules";
  auto pipeline = Pipeline::Create(options);
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
  int pages = 0, signature_boxes = 0;
  for (const std::string& path : files) {
    SCOPED_TRACE(path);
    ProcessResult r = (*pipeline)->ProcessFile(path);
    ASSERT_TRUE(r.has_document);
    EXPECT_TRUE(r.failures.empty()) << r.failures[0].message;
    // The first page carries the issuer, number, date and title, the
    // issuer's block read before the national motto's.
    ASSERT_FALSE(r.document.pages.empty());
    const std::string& first = r.document.pages[0].raw_text;
    EXPECT_GE(CountWords(first), 100);
    const std::string folded = vi::Fold(first);
    const size_t issuer = folded.find("nhan dan"), motto = folded.find("xa hoi chu nghia");
    ASSERT_NE(issuer, std::string::npos);
    ASSERT_NE(motto, std::string::npos);
    EXPECT_LT(issuer, motto);
    for (const Page& page : r.document.pages) {
      SCOPED_TRACE("page " + std::to_string(page.index + 1));
      ++pages;
      EXPECT_EQ(page.source, TextSource::kOcr);
      for (const char* stamp : {"Ký bởi", "Thời gian ký", "ttcbth@", "+07:00"}) {
        EXPECT_EQ(page.raw_text.find(stamp), std::string::npos) << stamp;
      }
      signature_boxes += HasNoteStarting(page, "signature box kept out");
      EXPECT_TRUE(HasText(page.raw_text) || HasNoteStarting(page, "blank page") ||
                  HasNoteStarting(page, "no text read"))
          << ::testing::PrintToString(page.notes);
    }
  }
  EXPECT_EQ(pages, 32);
  EXPECT_GE(signature_boxes, 12);  // every signed PDF's first page (01CT's box too)
}

}  // namespace
}  // namespace sohoa
