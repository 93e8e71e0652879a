#include "pipeline/preprocess/preprocess.h"

#include <cmath>
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "tests/support/test_files.h"

namespace sohoa {
namespace {

namespace tf = testing_files;

std::string Scan(const std::string& name) {
  const char* dir = std::getenv("SOHOA_SOURCE_DIR");
  return std::string(dir != nullptr ? dir : ".") + "/corpus/scans/pages/" + name;
}

Image Decode(const std::string& name, InputFormat format, int page = 0) {
  const std::string bytes = tf::ReadFileOrDie(Scan(name));
  StatusOr<Image> image = ImageDecoder::DecodePage(bytes, format, page, 200'000'000, name);
  EXPECT_TRUE(image.ok()) << image.status().ToString();
  return image.ok() ? *image : Image();
}

bool HasNote(const std::vector<std::string>& notes, const std::string& prefix) {
  for (const std::string& note : notes) {
    if (note.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

TEST(ImageDecoderTest, DecodesPngToGrayWithResolution) {
  const std::string bytes = tf::MakePng(31, 17, 200);
  StatusOr<Image> image = ImageDecoder::DecodePage(bytes, InputFormat::kPng, 0, 1000, "t.png");
  ASSERT_TRUE(image.ok()) << image.status().ToString();
  EXPECT_EQ(image->width, 31);
  EXPECT_EQ(image->height, 17);
  ASSERT_EQ(image->pixels.size(), 31u * 17u);
  EXPECT_EQ(image->at(30, 16), 200);
}

TEST(ImageDecoderTest, BilevelScanBecomesBlackTextOnWhite) {
  const Image image = Decode("cong_van_den_trang.png", InputFormat::kPng);
  EXPECT_EQ(image.dpi, 150);
  int black = 0;
  for (uint8_t p : image.pixels) {
    ASSERT_TRUE(p == 0 || p == 255);
    black += p == 0;
  }
  EXPECT_GT(black, 0);
  EXPECT_LT(black, static_cast<int>(image.pixels.size() / 4));  // mostly paper
}

TEST(ImageDecoderTest, CountsAndDecodesTiffPages) {
  const std::string bytes = tf::ReadFileOrDie(Scan("thong_bao_2_trang.tif"));
  StatusOr<int> pages = ImageDecoder::CountPages(bytes, InputFormat::kTiff, "t.tif");
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  EXPECT_EQ(*pages, 2);
  EXPECT_FALSE(Decode("thong_bao_2_trang.tif", InputFormat::kTiff, 1).empty());
  StatusOr<Image> third = ImageDecoder::DecodePage(bytes, InputFormat::kTiff, 2, 1 << 30, "t.tif");
  EXPECT_FALSE(third.ok());
}

TEST(ImageDecoderTest, RefusesNonRasterFormats) {
  EXPECT_EQ(ImageDecoder::CountPages("%PDF-1.4", InputFormat::kPdf, "a.pdf").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ImageDecoder::DecodePage("x", InputFormat::kText, 0, 10, "a.txt").status().code(),
            StatusCode::kInvalidArgument);
}

TEST(PreprocessorTest, AllStepsOffKeepsThePage) {
  const Image page = Decode("ke_hoach_nghieng.jpg", InputFormat::kJpeg);
  PreprocessOptions off;
  off.fix_orientation = off.deskew = off.normalize_background = off.remove_noise = false;
  off.upscale = off.binarize = false;
  std::vector<std::string> notes;
  StatusOr<Image> out = Preprocessor(off).Process(page, &notes);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->pixels, page.pixels);
  EXPECT_EQ(out->dpi, page.dpi);
  EXPECT_TRUE(notes.empty());
}

TEST(PreprocessorTest, DeskewsTheSkewedScan) {
  // Rendered with a 3 degree skew by tools/make_scans/make_fixtures.sh.
  std::vector<std::string> notes;
  StatusOr<Image> out =
      Preprocessor().Process(Decode("ke_hoach_nghieng.jpg", InputFormat::kJpeg), &notes);
  ASSERT_TRUE(out.ok());
  bool found = false;
  for (const std::string& note : notes) {
    float angle = 0;
    if (std::sscanf(note.c_str(), "deskew %f deg", &angle) == 1) {
      EXPECT_NEAR(angle, -3.0, 0.3);
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST(PreprocessorTest, TurnsTheUpsideDownPage) {
  std::vector<std::string> notes;
  StatusOr<Image> out =
      Preprocessor().Process(Decode("thong_bao_2_trang.tif", InputFormat::kTiff, 1), &notes);
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(HasNote(notes, "rotate 180"));
}

TEST(PreprocessorTest, LeavesAnUprightPageUnturned) {
  std::vector<std::string> notes;
  ASSERT_TRUE(
      Preprocessor().Process(Decode("thong_bao_2_trang.tif", InputFormat::kTiff, 0), &notes).ok());
  EXPECT_FALSE(HasNote(notes, "rotate"));
}

TEST(PreprocessorTest, UpscalesThePhonePhotoAndRemovesSpecks) {
  const Image phone = Decode("bao_cao_dien_thoai.jpg", InputFormat::kJpeg);
  ASSERT_EQ(phone.width, 600);
  std::vector<std::string> notes;
  StatusOr<Image> out = Preprocessor().Process(phone, &notes);
  ASSERT_TRUE(out.ok());
  EXPECT_GT(out->width, 2 * phone.width);
  EXPECT_TRUE(HasNote(notes, "upscale"));

  notes.clear();
  ASSERT_TRUE(
      Preprocessor().Process(Decode("cong_van_den_trang.png", InputFormat::kPng), &notes).ok());
  EXPECT_TRUE(HasNote(notes, "remove"));
}

// Rows of 8-pixel "letters", level and spaced like print, on a 1200 x 1600
// page of the given resolution.
Image SmallPrint(int dpi) {
  Image page;
  page.width = 1200;
  page.height = 1600;
  page.dpi = dpi;
  page.pixels.assign(1200 * 1600, 255);
  for (int row = 0; row < 30; ++row) {
    for (int letter = 0; letter < 60; ++letter) {
      const int x0 = 60 + letter * 16, y0 = 80 + row * 45;
      for (int y = y0; y < y0 + 8; ++y) {
        for (int x = x0; x < x0 + 6; ++x) page.pixels[static_cast<size_t>(y) * 1200 + x] = 0;
      }
    }
  }
  return page;
}

TEST(PreprocessorTest, UpscalesFromTextHeightOnlyWhereItCanBePrint) {
  PreprocessOptions only_upscale{false, false, 12, false, false, false, true, 22, 300};
  std::vector<std::string> notes;
  // Unknown resolution: 8 px letters are small print of a low-resolution photo.
  StatusOr<Image> photo = Preprocessor(only_upscale).Process(SmallPrint(0), &notes);
  ASSERT_TRUE(photo.ok());
  EXPECT_GT(photo->width, 1200);
  EXPECT_TRUE(HasNote(notes, "upscale 2.75x"));
  // At 300 dpi they are 2 pt: specks, not print. The page stays as it is.
  notes.clear();
  StatusOr<Image> scan = Preprocessor(only_upscale).Process(SmallPrint(300), &notes);
  ASSERT_TRUE(scan.ok());
  EXPECT_EQ(scan->width, 1200);
  EXPECT_TRUE(HasNote(notes, "no upscale"));
}

TEST(PreprocessorTest, ScatteredMarksNeverDecideTheScale) {
  // 200 marks of letter size, none level with a neighbour: a seal's dots.
  Image page;
  page.width = page.height = 1000;
  page.pixels.assign(1000 * 1000, 255);
  for (int i = 0; i < 200; ++i) {
    const int x0 = 20 + (i * 37) % 950, y0 = 20 + i * 4 + (i % 2) * 2;
    for (int y = y0; y < y0 + 6; ++y) {
      for (int x = x0; x < x0 + 5; ++x) page.pixels[static_cast<size_t>(y) * 1000 + x] = 0;
    }
  }
  PreprocessOptions only_upscale{false, false, 12, false, false, false, true, 22, 300};
  std::vector<std::string> notes;
  StatusOr<Image> out = Preprocessor(only_upscale).Process(page, &notes);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->width, 1000);
  EXPECT_FALSE(HasNote(notes, "upscale"));
}

// The page turned a quarter clockwise.
Image TurnedClockwise(const Image& page) {
  Image out;
  out.width = page.height;
  out.height = page.width;
  out.dpi = page.dpi;
  out.pixels.resize(page.pixels.size());
  for (int y = 0; y < page.height; ++y) {
    for (int x = 0; x < page.width; ++x) {
      out.pixels[static_cast<size_t>(x) * out.width + (page.height - 1 - y)] = page.at(x, y);
    }
  }
  return out;
}

TEST(PreprocessorTest, APageLyingOnItsSideStillHasPrint) {
  // Its lines run down the page: orientation must still be measured.
  const Image turned = TurnedClockwise(Decode("thong_bao_2_trang.tif", InputFormat::kTiff, 0));
  std::vector<std::string> notes;
  ASSERT_TRUE(Preprocessor().Process(turned, &notes).ok());
  EXPECT_FALSE(HasNote(notes, "no lines of print"));
}

TEST(PreprocessorTest, PagesWithoutPrintAreNotTurnedOrDeskewed) {
  // A seal's dots and nothing else: orientation and skew read from them
  // would be noise, and measuring them costs passes over the whole page.
  Image page;
  page.width = 1240;
  page.height = 1754;
  page.dpi = 150;
  page.pixels.assign(static_cast<size_t>(page.width) * page.height, 255);
  for (int i = 0; i < 300; ++i) {
    const int x0 = 300 + (i * 37) % 600, y0 = 300 + i * 3 + (i % 2) * 2;
    for (int y = y0; y < y0 + 6; ++y) {
      for (int x = x0; x < x0 + 5; ++x) page.pixels[static_cast<size_t>(y) * page.width + x] = 0;
    }
  }
  std::vector<std::string> notes;
  ASSERT_TRUE(Preprocessor().Process(page, &notes).ok());
  EXPECT_TRUE(HasNote(notes, "no lines of print"));
  EXPECT_FALSE(HasNote(notes, "rotate"));
  EXPECT_FALSE(HasNote(notes, "deskew"));
}

TEST(PreprocessorTest, BlankAndTinyPagesDoNotFail) {
  Image blank;
  blank.width = 300;
  blank.height = 200;
  blank.pixels.assign(300 * 200, 255);
  EXPECT_TRUE(Preprocessor().Process(blank, nullptr).ok());
  Image tiny;
  tiny.width = tiny.height = 1;
  tiny.pixels = {0};
  EXPECT_TRUE(Preprocessor().Process(tiny, nullptr).ok());
  EXPECT_FALSE(Preprocessor().Process(Image(), nullptr).ok());
}

Image Filled(int width, int height, uint8_t (*pixel)(int x, int y)) {
  Image image;
  image.width = width;
  image.height = height;
  image.pixels.resize(static_cast<size_t>(width) * height);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) image.pixels[static_cast<size_t>(y) * width + x] = pixel(x, y);
  }
  return image;
}

TEST(PreprocessorTest, OddImagesComeBackWithoutError) {
  const auto black = [](int, int) -> uint8_t { return 0; };
  const auto checker = [](int x, int y) -> uint8_t { return ((x / 3 + y / 3) % 2) * 255; };
  const auto noise = [](int x, int y) -> uint8_t { return static_cast<uint8_t>((x * 7919 + y * 104729) % 251); };
  const auto stripes = [](int, int y) -> uint8_t { return y % 9 < 2 ? 0 : 255; };
  const Image images[] = {Filled(1, 1000, black), Filled(1000, 1, black), Filled(2, 2, checker),
                          Filled(300, 300, black), Filled(300, 300, checker),
                          Filled(400, 300, noise), Filled(500, 400, stripes)};
  for (const Image& image : images) {
    std::vector<std::string> notes;
    StatusOr<Image> out = Preprocessor().Process(image, &notes);
    ASSERT_TRUE(out.ok()) << image.width << "x" << image.height << ": " << out.status().ToString();
    EXPECT_FALSE(out->empty());
    EXPECT_EQ(out->pixels.size(), static_cast<size_t>(out->width) * out->height);
  }
}

TEST(LeptonicaVersionTest, NamesLeptonica) {
  EXPECT_NE(LeptonicaVersion().find("leptonica"), std::string::npos);
}

}  // namespace
}  // namespace sohoa
