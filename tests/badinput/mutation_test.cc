// Damaged copies of every committed fixture (truncated at random points, bytes
// flipped) go through the same calls the driver makes. Each must come back as
// OK or as a Status naming the file; none may crash, hang or trip a sanitizer.
#include <cstdlib>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "pipeline/ingest/ingest.h"
#include "pipeline/preprocess/preprocess.h"
#include "tests/support/test_files.h"

namespace sohoa {
namespace {

constexpr int kMutationsPerFile = 40;
constexpr int64_t kMaxPixels = 20'000'000;

std::string Fixture(const std::string& name) {
  const char* dir = std::getenv("SOHOA_SOURCE_DIR");
  return testing_files::ReadFileOrDie(std::string(dir != nullptr ? dir : ".") +
                                      "/corpus/scans/pages/" + name);
}

void ExpectNamed(const Status& status, const std::string& path) {
  if (!status.ok()) {
    EXPECT_NE(status.message().find(path), std::string::npos) << status.message();
  }
}

// Every page of `bytes`, read as its sniffed format (raster pages only
// decoded, not preprocessed: decoding is where damaged bytes are parsed).
void ReadAllPages(const std::string& bytes, const std::string& path) {
  const InputFormat format = SniffFormat(bytes);
  if (format == InputFormat::kPdf) {
    StatusOr<std::unique_ptr<PdfReader>> pdf = PdfReader::Open(bytes, path);
    ExpectNamed(pdf.status(), path);
    if (!pdf.ok()) return;
    for (int i = 0; i < (*pdf)->page_count() && i < 3; ++i) {
      ExpectNamed((*pdf)->TextLayer(i).status(), path);
      ExpectNamed((*pdf)->Render(i, 50, kMaxPixels).status(), path);
    }
    return;
  }
  if (format == InputFormat::kText || format == InputFormat::kUnknown) return;
  StatusOr<int> pages = ImageDecoder::CountPages(bytes, format, path);
  ExpectNamed(pages.status(), path);
  if (!pages.ok()) return;
  for (int i = 0; i < *pages && i < 3; ++i) {
    ExpectNamed(ImageDecoder::DecodePage(bytes, format, i, kMaxPixels, path).status(), path);
  }
}

class MutationTest : public ::testing::TestWithParam<const char*> {};

TEST_P(MutationTest, DamagedCopiesFailCleanly) {
  const std::string original = Fixture(GetParam());
  std::mt19937 rng(12345);
  for (int m = 0; m < kMutationsPerFile; ++m) {
    std::string bytes = original;
    if (m % 2 == 0) {
      bytes.resize(std::uniform_int_distribution<size_t>(1, bytes.size() - 1)(rng));
    } else {
      std::uniform_int_distribution<size_t> where(0, bytes.size() - 1);
      for (int flips = 1 + m % 8; flips > 0; --flips) bytes[where(rng)] ^= 1 << (rng() % 8);
    }
    ReadAllPages(bytes, std::string("mutant") + std::to_string(m) + "_" + GetParam());
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, MutationTest,
                         ::testing::Values("cong_van_den_trang.png", "ke_hoach_nghieng.jpg",
                                           "thong_bao_2_trang.tif", "to_trinh_quet.pdf",
                                           "bao_cao_dien_thoai.jpg"));

}  // namespace
}  // namespace sohoa
