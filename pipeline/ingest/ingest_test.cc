#include "pipeline/ingest/ingest.h"

#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "pipeline/base/sha256.h"
#include "tests/badinput/pdf_maker.h"
#include "tests/support/test_files.h"

namespace sohoa {
namespace {

namespace tf = testing_files;
using std::string_literals::operator""s;

std::string SourceDir() {
  const char* dir = std::getenv("SOHOA_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

TEST(SniffFormatTest, RecognizesMagicBytes) {
  EXPECT_EQ(SniffFormat("II*\0rest"s), InputFormat::kTiff);
  EXPECT_EQ(SniffFormat("MM\0*rest"s), InputFormat::kTiff);
  EXPECT_EQ(SniffFormat("\x89PNG\r\n\x1a\n...."s), InputFormat::kPng);
  EXPECT_EQ(SniffFormat("\xFF\xD8\xFF\xE0...."s), InputFormat::kJpeg);
  EXPECT_EQ(SniffFormat("%PDF-1.7\n"s), InputFormat::kPdf);
  EXPECT_EQ(SniffFormat("GIF89a...."s), InputFormat::kGif);
  EXPECT_EQ(SniffFormat("RIFF\x10\0\0\0WEBPVP8 "s), InputFormat::kWebp);
  EXPECT_EQ(SniffFormat("P5\n10 10\n255\n"s), InputFormat::kPnm);
}

TEST(SniffFormatTest, TextIsJudgedByContentNotName) {
  EXPECT_EQ(SniffFormat("Ủy ban nhân dân\nKế hoạch\f2\n"), InputFormat::kText);
  EXPECT_EQ(SniffFormat("PNG file? no: plain words"), InputFormat::kText);
  EXPECT_EQ(SniffFormat("\x01\x02\x03\x00\x04"s), InputFormat::kUnknown);
}

TEST(LoadFileTest, IdentifiesBySha256OfBytes) {
  const std::string dir = tf::MakeTempDir("ingest_load");
  tf::WriteFile(dir + "/a.txt", "Kế hoạch số 12");
  StatusOr<LoadedFile> file = LoadFile(dir + "/a.txt", IngestLimits());
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->document.id, Sha256Hex("Kế hoạch số 12"));
  EXPECT_EQ(file->document.format, InputFormat::kText);
  EXPECT_EQ(file->document.size_bytes, file->bytes.size());
  EXPECT_EQ(file->document.path, dir + "/a.txt");
}

TEST(LoadFileTest, RefusesFilesOverTheSizeLimit) {
  const std::string dir = tf::MakeTempDir("ingest_limit");
  tf::WriteFile(dir + "/big.txt", std::string(2000, 'a'));
  IngestLimits limits;
  limits.max_file_bytes = 1000;
  StatusOr<LoadedFile> file = LoadFile(dir + "/big.txt", limits);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().code(), StatusCode::kResourceExhausted);
}

TEST(ListInputsTest, WalksFoldersSortedAndSkipsHidden) {
  const std::string dir = tf::MakeTempDir("ingest_list");
  std::filesystem::create_directories(dir + "/b/c");
  std::filesystem::create_directories(dir + "/.git");
  tf::WriteFile(dir + "/b/c/z.png", "x");
  tf::WriteFile(dir + "/b/a.tif", "x");
  tf::WriteFile(dir + "/.hidden.txt", "x");
  tf::WriteFile(dir + "/.git/config", "x");
  tf::WriteFile(dir + "/top.pdf", "x");
  const InputList list = ListInputs({dir});
  EXPECT_TRUE(list.failures.empty());
  EXPECT_EQ(list.files, (std::vector<std::string>{dir + "/b/a.tif", dir + "/b/c/z.png",
                                                  dir + "/top.pdf"}));
}

TEST(ListInputsTest, FilesGivenTwiceComeOnce) {
  const std::string dir = tf::MakeTempDir("ingest_twice");
  tf::WriteFile(dir + "/a.txt", "x");
  const InputList list = ListInputs({dir + "/a.txt", dir, dir + "/a.txt"});
  EXPECT_EQ(list.files, std::vector<std::string>{dir + "/a.txt"});
}

TEST(SplitTextPagesTest, SplitsAtFormFeedsAndDropsCarriageReturns) {
  EXPECT_EQ(SplitTextPages("a\r\nb\fc\f"), (std::vector<std::string>{"a\nb", "c"}));
  EXPECT_EQ(SplitTextPages("\xEF\xBB\xBFmột"), std::vector<std::string>{"một"});
  EXPECT_EQ(SplitTextPages(""), std::vector<std::string>{""});
  EXPECT_EQ(SplitTextPages("x\xFFy"), std::vector<std::string>{"x\uFFFDy"});
}

TEST(TextLayerQualityTest, GarbageScannerLayersScoreLow) {
  EXPECT_LT(TextLayerQuality("UBND THANH PHO DA NANG CONG Hcok xA HQI CHiJ NGHiA VIVT NAM"), 0.2);
  EXPECT_LT(TextLayerQuality("Ke hoach trien khai chuyen doi so trong co quan hanh chinh"), 0.2);
  EXPECT_LT(TextLayerQuality("#$%@ lll 1I1 ||| ~~~"), 0.2);
  EXPECT_EQ(TextLayerQuality(""), 0.0);
}

TEST(TextLayerQualityTest, RealVietnameseScoresHigh) {
  for (const char* name : {"ke_hoach_nghieng", "cong_van_den_trang", "to_trinh_quet"}) {
    const std::string text =
        tf::ReadFileOrDie(SourceDir() + "/corpus/scans/truth/" + std::string(name) + ".txt");
    EXPECT_GT(TextLayerQuality(text), 0.8) << name;
  }
}

TEST(PdfReaderTest, ReadsTextLayerAndRendersGrayscale) {
  const std::string pdf = testing_files::MakeTextPdf("UBND THANH PHO DA NANG CONG Hcok xA HQI");
  StatusOr<std::unique_ptr<PdfReader>> reader = PdfReader::Open(pdf, "made.pdf");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  ASSERT_EQ((*reader)->page_count(), 1);
  StatusOr<std::string> layer = (*reader)->TextLayer(0);
  ASSERT_TRUE(layer.ok());
  EXPECT_NE(layer->find("Hcok"), std::string::npos) << *layer;
  EXPECT_LT(TextLayerQuality(*layer), 0.2);
  StatusOr<Image> image = (*reader)->Render(0, 72, 1'000'000);
  ASSERT_TRUE(image.ok()) << image.status().ToString();
  EXPECT_EQ(image->width, 595);
  EXPECT_EQ(image->height, 842);
  EXPECT_EQ(image->dpi, 72);
  EXPECT_EQ(image->at(0, 0), 255);  // white paper, black text
}

TEST(PdfReaderTest, RefusesRenderingAbovePixelLimit) {
  StatusOr<std::unique_ptr<PdfReader>> reader =
      PdfReader::Open(testing_files::MakeTextPdf("x"), "made.pdf");
  ASSERT_TRUE(reader.ok());
  StatusOr<Image> image = (*reader)->Render(0, 300, 1'000'000);
  ASSERT_FALSE(image.ok());
  EXPECT_EQ(image.status().code(), StatusCode::kResourceExhausted) << image.status().ToString();
  EXPECT_NE(image.status().message().find("made.pdf page 1"), std::string::npos);
  EXPECT_FALSE((*reader)->TextLayer(3).ok());
}

TEST(PdfReaderTest, RendersTheCommittedScanPdf) {
  const std::string path = SourceDir() + "/corpus/scans/pages/to_trinh_quet.pdf";
  const std::string bytes = tf::ReadFileOrDie(path);
  StatusOr<std::unique_ptr<PdfReader>> reader = PdfReader::Open(bytes, path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  ASSERT_EQ((*reader)->page_count(), 1);
  StatusOr<Image> image = (*reader)->Render(0, 100, 200'000'000);
  ASSERT_TRUE(image.ok());
  EXPECT_NEAR(image->width, 827, 2);  // 8.27 in wide at 100 dpi
  EXPECT_EQ(TextLayerQuality(*(*reader)->TextLayer(0)), 0.0);  // image only
}

}  // namespace
}  // namespace sohoa
