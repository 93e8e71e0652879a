// Inputs crafted at test time: valid and damaged PNGs, and a scratch folder.
#ifndef SOHOA_TESTS_SUPPORT_TEST_FILES_H_
#define SOHOA_TESTS_SUPPORT_TEST_FILES_H_

#include <cstdint>
#include <string>

namespace sohoa::testing_files {

// A valid 8-bit grayscale PNG of `width` x `height`, all `gray`, encoded with
// stored (uncompressed) deflate blocks so no zlib is needed to make it.
std::string MakePng(uint32_t width, uint32_t height, uint8_t gray);

// A PNG whose header claims width x height but holds almost no data.
std::string MakePngHeaderOnly(uint32_t width, uint32_t height);

// A fresh empty folder under the test temp dir, removed with everything in
// it when the test program exits.
std::string MakeTempDir(const std::string& name);

void WriteFile(const std::string& path, const std::string& data);
std::string ReadFileOrDie(const std::string& path);

}  // namespace sohoa::testing_files

#endif  // SOHOA_TESTS_SUPPORT_TEST_FILES_H_
