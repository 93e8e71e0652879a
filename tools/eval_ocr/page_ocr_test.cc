// Decode -> preprocess -> OCR on committed degraded scans, scored by CER
// against their truth. Bounds are about three times the measured CER
// (ke_hoach_nghieng 0.00%, thong_bao_2_trang 0.20% with tesseract 5.3.0 and
// leptonica 1.82 on Debian 12).
#include "tools/eval_ocr/page_ocr.h"

#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "pipeline/base/file.h"
#include "pipeline/normalize/normalizer.h"
#include "tools/eval_ocr/cer.h"

namespace sohoa {
namespace {

std::string SourceDir() {
  const char* dir = std::getenv("SOHOA_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

class PageOcrTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StatusOr<std::unique_ptr<OcrEngine>> engine = CreateTesseractEngine(OcrOptions());
    if (!engine.ok()) GTEST_SKIP() << engine.status().message();
    engine_ = std::move(engine).value();
    auto normalizer = Normalizer::Create();
    ASSERT_TRUE(normalizer.ok());
    normalizer_ = std::move(normalizer).value();
  }

  CerCount Score(const std::string& name, const PageOcrOptions& options) {
    const std::string scan = SourceDir() + "/corpus/scans/pages/" + name;
    const std::string stem = name.substr(0, name.rfind('.'));
    StatusOr<std::string> truth = ReadFile(SourceDir() + "/corpus/scans/truth/" + stem + ".txt");
    EXPECT_TRUE(truth.ok());
    StatusOr<std::string> text = OcrFile(scan, options, engine_.get(), nullptr);
    EXPECT_TRUE(text.ok()) << text.status().ToString();
    if (!text.ok() || !truth.ok()) return CerCount{1, 1};
    return CountCer(*text, *truth, normalizer_.get());
  }

  std::unique_ptr<OcrEngine> engine_;
  std::unique_ptr<Normalizer> normalizer_;
};

TEST_F(PageOcrTest, SkewedNoisyJpegAt200Dpi) {
  EXPECT_LT(Score("ke_hoach_nghieng.jpg", PageOcrOptions()).rate(), 0.01);
}

TEST_F(PageOcrTest, PreprocessingIsWhatMakesTheSkewedPageReadable) {
  PageOcrOptions bare;
  bare.skip_preprocess = true;
  EXPECT_GT(Score("ke_hoach_nghieng.jpg", bare).rate(), 0.10);
}

TEST_F(PageOcrTest, TwoPageBilevelTiffWithUpsideDownPage) {
  const CerCount count = Score("thong_bao_2_trang.tif", PageOcrOptions());
  EXPECT_GT(count.truth_chars, 400);
  EXPECT_LT(count.rate(), 0.01);
}

}  // namespace
}  // namespace sohoa
