// Legacy text files through the whole pipeline: decoded before anything else,
// the page notes saying how, records pointing into the converted text, and a
// file no reading makes Vietnamese failing with its reason.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/driver/pipeline.h"
#include "pipeline/ingest/legacy_charsets.h"
#include "tests/encoding/legacy_corpus.h"
#include "tests/support/test_files.h"

namespace sohoa {
namespace {

namespace tf = testing_files;

std::string SourceDir() {
  const char* dir = std::getenv("SOHOA_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

constexpr char kPlan[] =
    "ỦY BAN NHÂN DÂN TỈNH TÂY NINH\n"
    "Số: 184/KH-UBND\n"
    "KẾ HOẠCH\n"
    "Triển khai chuyển đổi số năm 2022\n"
    "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về thực hiện cơ chế một "
    "cửa, một cửa liên thông trong giải quyết thủ tục hành chính;\n";

std::unique_ptr<Pipeline> MakePipeline(bool restore, std::optional<TextEncoding> forced = {}) {
  PipelineOptions options;
  options.restore = restore;
  options.model_path = SourceDir() + "/models/restore/vi_syllable_4gram.bin";
  options.rules_dir = SourceDir() + "/rules";
  options.text_encoding = forced;
  auto p = Pipeline::Create(options, []() -> StatusOr<std::unique_ptr<OcrEngine>> {
    return InternalError("no OCR in this test");
  });
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  return p.ok() ? std::move(p).value() : nullptr;
}

class EncodingPipelineTest : public ::testing::TestWithParam<bool> {};

TEST_P(EncodingPipelineTest, LegacyFileIsDecodedNotedAndExtractedFrom) {
  auto pipeline = MakePipeline(GetParam());
  ASSERT_NE(pipeline, nullptr);
  const std::string dir = tf::MakeTempDir("encoding_pipeline");
  const std::string path = dir + "/plan_tcvn3.txt";
  tf::WriteFile(path, legacy::Encode(kPlan, Charset::kTcvn3).value());
  ProcessResult r = pipeline->ProcessFile(path);
  ASSERT_TRUE(r.has_document);
  EXPECT_TRUE(r.failures.empty()) << r.failures[0].message;
  const Page& page = r.document.pages.at(0);
  EXPECT_EQ(page.raw_text, kPlan);
  ASSERT_FALSE(page.notes.empty());
  EXPECT_EQ(page.notes[0].rfind("decoded as TCVN3 (margin 0.", 0), 0u) << page.notes[0];
  const std::string text = r.document.FullText();
  ASSERT_FALSE(r.document.records.empty());
  for (const Record& record : r.document.records) {
    EXPECT_EQ(text.substr(record.start, record.end - record.start), record.text) << record.kind;
  }
  std::filesystem::remove_all(dir);
}

TEST_P(EncodingPipelineTest, UnreadableTextFailsNamingTheFile) {
  auto pipeline = MakePipeline(GetParam());
  ASSERT_NE(pipeline, nullptr);
  const std::string dir = tf::MakeTempDir("encoding_pipeline_noise");
  std::string noise;
  for (int i = 0; i < 3000; ++i) noise.push_back(static_cast<char>(0x20 + (i * 7919) % 0xE0));
  tf::WriteFile(dir + "/noise.txt", noise);
  ProcessResult r = pipeline->ProcessFile(dir + "/noise.txt");
  EXPECT_FALSE(r.has_document);
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_EQ(r.failures[0].stage, "ingest");
  EXPECT_EQ(r.failures[0].message.rfind(dir + "/noise.txt: cannot tell the text's encoding", 0), 0u)
      << r.failures[0].message;
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(RestoreOnAndOff, EncodingPipelineTest, ::testing::Bool());

// A .VnTime document printed to PDF: TCVN3 bytes in a font with the Windows
// encoding, whose layer extracts as "KÕ ho¹ch". The layer is converted and
// stands for the page instead of being rejected and OCR'd.
TEST_P(EncodingPipelineTest, VnTimePdfLayerIsConvertedNotOcrd) {
  auto pipeline = MakePipeline(GetParam());
  ASSERT_NE(pipeline, nullptr);
  std::vector<std::string> lines;
  for (size_t start = 0, end;
       (end = std::string_view(kPlan).find('\n', start)) != std::string_view::npos;
       start = end + 1) {
    lines.push_back(
        legacy::Encode(std::string(kPlan).substr(start, end - start), Charset::kTcvn3).value());
  }
  const std::string dir = tf::MakeTempDir("encoding_pipeline_pdf");
  tf::WriteFile(dir + "/vntime.pdf", legacy_corpus::MakeWinAnsiPdf(lines));
  ProcessResult r = pipeline->ProcessFile(dir + "/vntime.pdf");
  ASSERT_TRUE(r.has_document) << (r.failures.empty() ? "" : r.failures[0].message);
  const Page& page = r.document.pages.at(0);
  EXPECT_EQ(page.source, TextSource::kTextLayer) << ::testing::PrintToString(page.notes);
  EXPECT_NE(page.raw_text.find("Căn cứ Nghị định số 61/2018/NĐ-CP"), std::string::npos)
      << page.raw_text;
  bool noted = false;
  for (const std::string& note : page.notes) {
    noted = noted || note.rfind("text layer decoded as TCVN3 read as Windows-1252 (margin", 0) == 0;
  }
  EXPECT_TRUE(noted) << ::testing::PrintToString(page.notes);
  std::filesystem::remove_all(dir);
}

TEST(EncodingPipelineForcedTest, ForcedEncodingIsUsedAndNoted) {
  auto pipeline = MakePipeline(false, TextEncoding{Charset::kVni});
  ASSERT_NE(pipeline, nullptr);
  const std::string dir = tf::MakeTempDir("encoding_pipeline_forced");
  tf::WriteFile(dir + "/plan.txt", legacy::Encode(kPlan, Charset::kVni).value());
  ProcessResult r = pipeline->ProcessFile(dir + "/plan.txt");
  ASSERT_TRUE(r.has_document);
  EXPECT_EQ(r.document.pages.at(0).raw_text, kPlan);
  EXPECT_EQ(r.document.pages.at(0).notes.at(0), "decoded as VNI-Windows as --encoding asked");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sohoa
