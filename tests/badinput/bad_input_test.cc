// Every kind of bad input the issue lists, at the stage level: each gives a
// non-OK Status whose one-line message names the file and the reason, and
// nothing is allocated for images whose header claims more than the limit.
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "pipeline/base/file.h"
#include "pipeline/ingest/ingest.h"
#include "pipeline/preprocess/preprocess.h"
#include "tests/badinput/pdf_maker.h"
#include "tests/support/test_files.h"

namespace sohoa {
namespace {

namespace tf = testing_files;

std::string SourceDir() {
  const char* dir = std::getenv("SOHOA_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

std::string Fixture(const std::string& name) {
  return tf::ReadFileOrDie(SourceDir() + "/corpus/scans/pages/" + name);
}

void ExpectOneLineNaming(const Status& status, const std::string& path,
                         const std::string& reason) {
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find(path), std::string::npos) << status.message();
  std::string lower = status.message();
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_NE(lower.find(reason), std::string::npos) << status.message();
  EXPECT_EQ(status.message().find('\n'), std::string::npos) << status.message();
}

// Loads a file written at test time and decodes its first page.
Status LoadAndDecode(const std::string& path, InputFormat as_format) {
  StatusOr<LoadedFile> file = LoadFile(path, IngestLimits());
  if (!file.ok()) return file.status();
  StatusOr<int> pages = ImageDecoder::CountPages(file->bytes, as_format, path);
  if (!pages.ok()) return pages.status();
  for (int i = 0; i < *pages; ++i) {
    StatusOr<Image> image = ImageDecoder::DecodePage(file->bytes, as_format, i, 200'000'000, path);
    if (!image.ok()) return image.status();
  }
  return Status::Ok();
}

class BadInputTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& bytes) {
    const std::string path = dir_ + "/" + name;
    tf::WriteFile(path, bytes);
    return path;
  }
  std::string dir_ = tf::MakeTempDir("badinput");
};

TEST_F(BadInputTest, ZeroByteFile) {
  const std::string path = Write("empty.tif", "");
  StatusOr<LoadedFile> file = LoadFile(path, IngestLimits());
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().code(), StatusCode::kInvalidArgument);
  ExpectOneLineNaming(file.status(), path, "empty");
}

TEST_F(BadInputTest, TextFileNamedPngIsText) {
  const std::string path = Write("scan.png", "Ủy ban nhân dân xã\nKế hoạch số 12\n");
  StatusOr<LoadedFile> file = LoadFile(path, IngestLimits());
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->document.format, InputFormat::kText);
  // Decoding it as the name suggests fails cleanly instead of crashing.
  const Status status = LoadAndDecode(path, InputFormat::kPng);
  EXPECT_EQ(status.code(), StatusCode::kDataLoss);
  ExpectOneLineNaming(status, path, "png");
}

TEST_F(BadInputTest, BinaryOfNoKnownFormat) {
  const std::string path = Write("blob.dat", std::string("\x00\x01\x02\x03\xfe\xff\x00", 7));
  StatusOr<LoadedFile> file = LoadFile(path, IngestLimits());
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().code(), StatusCode::kUnimplemented);
  ExpectOneLineNaming(file.status(), path, "not a format");
}

TEST_F(BadInputTest, TruncatedPng) {
  const std::string png = Fixture("cong_van_den_trang.png");
  for (size_t keep : {size_t{12}, size_t{40}, png.size() / 2}) {
    const std::string path = Write("cut_" + std::to_string(keep) + ".png", png.substr(0, keep));
    const Status status = LoadAndDecode(path, InputFormat::kPng);
    EXPECT_EQ(status.code(), StatusCode::kDataLoss) << keep << ": " << status.ToString();
    ExpectOneLineNaming(status, path, "page 1");
  }
}

TEST_F(BadInputTest, TruncatedJpeg) {
  const std::string jpeg = Fixture("ke_hoach_nghieng.jpg");
  for (size_t keep : {size_t{20}, jpeg.size() / 2}) {
    const std::string path = Write("cut_" + std::to_string(keep) + ".jpg", jpeg.substr(0, keep));
    const Status status = LoadAndDecode(path, InputFormat::kJpeg);
    EXPECT_EQ(status.code(), StatusCode::kDataLoss) << keep << ": " << status.ToString();
    ExpectOneLineNaming(status, path, "jpeg");
  }
}

TEST_F(BadInputTest, TruncatedTiff) {
  const std::string tiff = Fixture("thong_bao_2_trang.tif");
  for (size_t keep : {size_t{8}, size_t{100}, tiff.size() / 4}) {
    const std::string path = Write("cut_" + std::to_string(keep) + ".tif", tiff.substr(0, keep));
    const Status status = LoadAndDecode(path, InputFormat::kTiff);
    EXPECT_EQ(status.code(), StatusCode::kDataLoss) << keep << ": " << status.ToString();
    ExpectOneLineNaming(status, path, "tiff");
  }
}

// A PNG header claiming 60000x60000 (3.6 gigapixels) and almost no data.
TEST_F(BadInputTest, HugePngHeaderIsRefusedBeforeDecoding) {
  const std::string path = Write("huge.png", tf::MakePngHeaderOnly(60000, 60000));
  StatusOr<LoadedFile> file = LoadFile(path, IngestLimits());
  ASSERT_TRUE(file.ok());
  StatusOr<Image> image =
      ImageDecoder::DecodePage(file->bytes, InputFormat::kPng, 0, 200'000'000, path);
  ASSERT_FALSE(image.ok());
  EXPECT_EQ(image.status().code(), StatusCode::kResourceExhausted);
  ExpectOneLineNaming(image.status(), path, "60000x60000");
}

// Little-endian TIFF with one IFD: 60000x60000, 8-bit gray, one strip.
std::string HugeTiffHeader() {
  std::string t("II*\0\x08\0\0\0", 8);
  const auto u16 = [&](uint16_t v) { t.push_back(v & 0xff), t.push_back(v >> 8); };
  const auto u32 = [&](uint32_t v) {
    for (int i = 0; i < 4; ++i) t.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  const auto entry = [&](uint16_t tag, uint16_t type, uint32_t value) {
    u16(tag), u16(type), u32(1);
    if (type == 3) u16(static_cast<uint16_t>(value)), u16(0); else u32(value);
  };
  u16(8);
  entry(256, 4, 60000);  // ImageWidth
  entry(257, 4, 60000);  // ImageLength
  entry(258, 3, 8);      // BitsPerSample
  entry(259, 3, 1);      // Compression: none
  entry(262, 3, 1);      // Photometric: black is zero
  entry(273, 4, 200);    // StripOffsets
  entry(278, 4, 60000);  // RowsPerStrip
  entry(279, 4, 60000u * 60000u / 4);  // StripByteCounts (a lie)
  u32(0);
  t.resize(256, '\0');
  return t;
}

TEST_F(BadInputTest, HugeTiffHeaderIsRefusedBeforeDecoding) {
  const std::string path = Write("huge.tif", HugeTiffHeader());
  StatusOr<LoadedFile> file = LoadFile(path, IngestLimits());
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ASSERT_EQ(file->document.format, InputFormat::kTiff);
  StatusOr<Image> image =
      ImageDecoder::DecodePage(file->bytes, InputFormat::kTiff, 0, 200'000'000, path);
  ASSERT_FALSE(image.ok());
  EXPECT_EQ(image.status().code(), StatusCode::kResourceExhausted);
  ExpectOneLineNaming(image.status(), path, "60000x60000");
}

TEST_F(BadInputTest, PixelLimitIsConfigurable) {
  const std::string path = Write("small.png", tf::MakePng(100, 80, 255));
  const std::string bytes = tf::ReadFileOrDie(path);
  EXPECT_TRUE(ImageDecoder::DecodePage(bytes, InputFormat::kPng, 0, 8000, path).ok());
  StatusOr<Image> image = ImageDecoder::DecodePage(bytes, InputFormat::kPng, 0, 7999, path);
  ASSERT_FALSE(image.ok());
  EXPECT_EQ(image.status().code(), StatusCode::kResourceExhausted);
}

TEST_F(BadInputTest, EncryptedPdf) {
  const std::string path = Write("locked.pdf", tf::MakeTextPdf("Hello", /*encrypted=*/true));
  StatusOr<LoadedFile> file = LoadFile(path, IngestLimits());
  ASSERT_TRUE(file.ok());
  ASSERT_EQ(file->document.format, InputFormat::kPdf);
  StatusOr<std::unique_ptr<PdfReader>> pdf = PdfReader::Open(file->bytes, path);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.status().code(), StatusCode::kPermissionDenied);
  ExpectOneLineNaming(pdf.status(), path, "encrypted");
}

TEST_F(BadInputTest, CorruptPdf) {
  const std::string path =
      Write("corrupt.pdf", "%PDF-1.7\n1 0 obj << /Type /Cat\x01\x02garbage\nstartxref\n99999\n");
  StatusOr<LoadedFile> file = LoadFile(path, IngestLimits());
  ASSERT_TRUE(file.ok());
  ASSERT_EQ(file->document.format, InputFormat::kPdf);
  StatusOr<std::unique_ptr<PdfReader>> pdf = PdfReader::Open(file->bytes, path);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.status().code(), StatusCode::kDataLoss);
  ExpectOneLineNaming(pdf.status(), path, "corrupt");
}

TEST_F(BadInputTest, TruncatedPdf) {
  const std::string whole = tf::MakeTextPdf("Hello");
  const std::string path = Write("cut.pdf", whole.substr(0, 60));
  StatusOr<LoadedFile> file = LoadFile(path, IngestLimits());
  ASSERT_TRUE(file.ok());
  StatusOr<std::unique_ptr<PdfReader>> pdf = PdfReader::Open(file->bytes, path);
  ASSERT_FALSE(pdf.ok());
  ExpectOneLineNaming(pdf.status(), path, "pdf");
}

TEST_F(BadInputTest, UnreadableFile) {
  if (geteuid() == 0) {
    GTEST_SKIP() << "running as root, which reads files whatever their mode; "
                    "PermissionDeniedMapping covers the message";
  }
  const std::string path = Write("secret.png", tf::MakePng(10, 10, 0));
  ASSERT_EQ(chmod(path.c_str(), 0), 0);
  StatusOr<LoadedFile> file = LoadFile(path, IngestLimits());
  chmod(path.c_str(), 0644);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().code(), StatusCode::kPermissionDenied);
  ExpectOneLineNaming(file.status(), path, "permission");
}

// What an unreadable file turns into, checked also where tests run as root.
TEST_F(BadInputTest, PermissionDeniedMapping) {
  const Status status = ErrnoToStatus(EACCES, "/archive/secret.tif", "open");
  EXPECT_EQ(status.code(), StatusCode::kPermissionDenied);
  ExpectOneLineNaming(status, "/archive/secret.tif", "permission");
}

TEST_F(BadInputTest, MissingPathIsAFailureAndTheRestStillComes) {
  const std::string good = Write("a.txt", "Kế hoạch");
  const InputList list = ListInputs({dir_ + "/nope", good});
  ASSERT_EQ(list.files.size(), 1u);
  ASSERT_EQ(list.failures.size(), 1u);
  EXPECT_EQ(list.failures[0].path, dir_ + "/nope");
  EXPECT_NE(list.failures[0].message.find("no such file"), std::string::npos);
}

TEST_F(BadInputTest, FolderWithThousandsOfFiles) {
  constexpr int kFiles = 3000;
  for (int i = 0; i < kFiles; ++i) {
    const std::string sub = dir_ + "/many/" + std::to_string(i % 7);
    std::filesystem::create_directories(sub);
    tf::WriteFile(sub + "/page" + std::to_string(i) + ".txt", "x");
  }
  tf::WriteFile(dir_ + "/many/.hidden.txt", "x");
  const InputList list = ListInputs({dir_ + "/many"});
  EXPECT_TRUE(list.failures.empty());
  ASSERT_EQ(list.files.size(), static_cast<size_t>(kFiles));
  EXPECT_TRUE(std::is_sorted(list.files.begin(), list.files.end()));
}

}  // namespace
}  // namespace sohoa
