// Where the extraction tests find rules, corpus and seeds.
#ifndef SOHOA_TESTS_EXTRACT_EXTRACT_TEST_ENV_H_
#define SOHOA_TESTS_EXTRACT_EXTRACT_TEST_ENV_H_

#include <cstdlib>
#include <filesystem>
#include <string>

namespace sohoa::extract_test {

inline std::string SourceDir() {
  const char* root = std::getenv("SOHOA_SOURCE_DIR");
  return root ? root : ".";
}
inline std::string RulesDir() { return SourceDir() + "/rules"; }
inline std::string CorpusDir() { return SourceDir() + "/corpus/extract"; }
inline std::string GoldenDir() { return SourceDir() + "/tests/extract/golden"; }
// ../shared/seeds beside the repository, or $SOHOA_SEEDS_DIR; "" if absent.
inline std::string SeedsDir() {
  const char* dir = std::getenv("SOHOA_SEEDS_DIR");
  std::string path = dir ? dir : SourceDir() + "/../shared/seeds";
  return std::filesystem::is_directory(path) ? path : "";
}

}  // namespace sohoa::extract_test

#endif  // SOHOA_TESTS_EXTRACT_EXTRACT_TEST_ENV_H_
