#include "pipeline/ocr/ocr.h"

#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "pipeline/preprocess/preprocess.h"
#include "tests/support/test_files.h"

namespace sohoa {
namespace {

TEST(TesseractEngineTest, MissingLanguageNamesThePackage) {
  OcrOptions options;
  options.language = "zzq";
  StatusOr<std::unique_ptr<OcrEngine>> engine = CreateTesseractEngine(options);
  ASSERT_FALSE(engine.ok());
  EXPECT_EQ(engine.status().code(), StatusCode::kNotFound);
  EXPECT_NE(engine.status().message().find("tesseract-ocr-zzq"), std::string::npos)
      << engine.status().message();
}

TEST(TesseractEngineTest, LimitsOpenMp) {
  OcrOptions options;
  options.language = "zzq";
  (void)CreateTesseractEngine(options);
  ASSERT_NE(std::getenv("OMP_THREAD_LIMIT"), nullptr);
}

class VietnameseEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StatusOr<std::unique_ptr<OcrEngine>> engine = CreateTesseractEngine(OcrOptions());
    if (!engine.ok()) GTEST_SKIP() << engine.status().message();
    engine_ = std::move(engine).value();
  }
  std::unique_ptr<OcrEngine> engine_;
};

TEST_F(VietnameseEngineTest, RejectsMalformedImages) {
  EXPECT_EQ(engine_->Recognize(Image()).status().code(), StatusCode::kInvalidArgument);
  Image wrong;
  wrong.width = wrong.height = 10;
  wrong.pixels.resize(5);
  EXPECT_EQ(engine_->Recognize(wrong).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(VietnameseEngineTest, BlankPageGivesNoText) {
  Image blank;
  blank.width = 400;
  blank.height = 300;
  blank.dpi = 300;
  blank.pixels.assign(400 * 300, 255);
  StatusOr<OcrResult> result = engine_->Recognize(blank);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->text, "");
  EXPECT_TRUE(result->words.empty());
}

TEST_F(VietnameseEngineTest, ReadsWordsWithBoxesAndConfidences) {
  const char* dir = std::getenv("SOHOA_SOURCE_DIR");
  const std::string path = std::string(dir != nullptr ? dir : ".") +
                           "/corpus/scans/pages/ke_hoach_nghieng.jpg";
  const std::string bytes = testing_files::ReadFileOrDie(path);
  StatusOr<Image> page = ImageDecoder::DecodePage(bytes, InputFormat::kJpeg, 0, 1 << 30, path);
  ASSERT_TRUE(page.ok());
  StatusOr<Image> clean = Preprocessor().Process(*page, nullptr);
  ASSERT_TRUE(clean.ok());
  StatusOr<OcrResult> result = engine_->Recognize(*clean);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_NE(result->text.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), std::string::npos)
      << result->text;
  EXPECT_NE(result->text.find("\n\n"), std::string::npos);  // paragraphs
  EXPECT_EQ(result->text.back() == '\n', false);
  ASSERT_GT(result->words.size(), 50u);
  for (const Word& word : result->words) {
    EXPECT_FALSE(word.text.empty());
    EXPECT_GE(word.box.left, 0);
    EXPECT_GT(word.box.width, 0);
    EXPECT_LE(word.box.left + word.box.width, clean->width);
    EXPECT_LE(word.box.top + word.box.height, clean->height);
    EXPECT_GE(word.confidence, 0);
    EXPECT_LE(word.confidence, 100);
  }
  EXPECT_GT(result->mean_confidence, 80);
  EXPECT_NE(engine_->Version().find("tesseract 5"), std::string::npos) << engine_->Version();
}

}  // namespace
}  // namespace sohoa
