#include "tests/support/test_files.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/pdf_objects.h"

namespace sohoa::testing_files {
namespace {

uint32_t Crc32(const std::string& data) {
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char c : data) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

void Put32(uint32_t v, std::string* out) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>(v >> shift));
}

void Chunk(const std::string& type, const std::string& data, std::string* png) {
  Put32(static_cast<uint32_t>(data.size()), png);
  std::string body = type + data;
  *png += body;
  Put32(Crc32(body), png);
}

std::string Ihdr(uint32_t width, uint32_t height) {
  std::string ihdr;
  Put32(width, &ihdr);
  Put32(height, &ihdr);
  ihdr += std::string("\x08\x00\x00\x00\x00", 5);  // 8-bit gray, no interlace
  return ihdr;
}

const char kSignature[] = "\x89PNG\r\n\x1a\n";

}  // namespace

std::string MakePng(uint32_t width, uint32_t height, uint8_t gray) {
  std::string raw;
  for (uint32_t y = 0; y < height; ++y) {
    raw.push_back('\0');  // filter: none
    raw.append(width, static_cast<char>(gray));
  }
  std::string png(kSignature, 8);
  Chunk("IHDR", Ihdr(width, height), &png);
  Chunk("IDAT", ZlibStored(raw), &png);
  Chunk("IEND", "", &png);
  return png;
}

std::string MakePngHeaderOnly(uint32_t width, uint32_t height) {
  std::string png(kSignature, 8);
  Chunk("IHDR", Ihdr(width, height), &png);
  Chunk("IDAT", ZlibStored(std::string(64, '\0')), &png);
  Chunk("IEND", "", &png);
  return png;
}

namespace {

// The folders MakeTempDir made, removed when the test program exits, however
// its tests ended (a failed ASSERT returns before any cleanup of its own).
class TempDirs {
 public:
  ~TempDirs() {
    std::error_code ec;
    for (const std::string& dir : dirs_) std::filesystem::remove_all(dir, ec);
  }
  void Add(const std::string& dir) { dirs_.push_back(dir); }

 private:
  std::vector<std::string> dirs_;
};

TempDirs& MadeDirs() {
  static TempDirs dirs;
  return dirs;
}

}  // namespace

std::string MakeTempDir(const std::string& name) {
  std::filesystem::path dir = std::filesystem::path(testing::TempDir()) /
                              ("sohoa_" + name + "_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  MadeDirs().Add(dir.string());
  return dir.string();
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace sohoa::testing_files
