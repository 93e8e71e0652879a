// Runs a fuzz target without libFuzzer, so every build exercises it: each file
// named on the command line (or found in a named folder), then a fixed number
// of inputs made by a seeded generator from those seeds and from fragments
// that matter here (Vietnamese letters, combining marks, invalid UTF-8).
// Deterministic: the same binary runs the same inputs every time.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

const char* const kFragments[] = {
    "Ủy ban", "hoà", "thuỷ", "\xC3\x90", "\xCC\x81", "\xCC\xA3", "\xE2\x80\x8B", "\r\n", "\r",
    "\f", "\n\n", " ", "\xFF", "\xC3", "\xED\xA0\x80", "\xF4\x90\x80\x80", "61/2018/NĐ-CP",
    "s6 ", "ngày 31/11/2021", "Nghị định", "ít nhất 05 tin, bài/tháng", "UBND", "đ", "Ð",
    "\xEF\xBB\xBF", "%PDF-1.4", "\x89PNG\r\n\x1a\n", "II*\0", "ciia", "HQI"};

void Run(const std::string& input) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
}

std::string Generate(std::mt19937_64& rng, const std::vector<std::string>& seeds) {
  std::string s;
  if (!seeds.empty() && rng() % 2 == 0) s = seeds[rng() % seeds.size()];
  int edits = 1 + static_cast<int>(rng() % 8);
  for (int i = 0; i < edits; ++i) {
    size_t at = s.empty() ? 0 : rng() % (s.size() + 1);
    switch (rng() % 4) {
      case 0: s.insert(at, kFragments[rng() % std::size(kFragments)]); break;
      case 1: s.insert(at, 1, static_cast<char>(rng() % 256)); break;
      case 2: if (!s.empty()) s.erase(rng() % s.size(), 1 + rng() % 8); break;
      default: if (!s.empty()) s[rng() % s.size()] = static_cast<char>(rng() % 256);
    }
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  long iterations = 5000;
  std::vector<std::string> seeds;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--iterations=", 0) == 0) {
      iterations = std::atol(arg.c_str() + 13);
      continue;
    }
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(arg)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(arg)) {
        if (e.is_regular_file()) files.push_back(e.path());
      }
    } else {
      files.push_back(arg);
    }
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      seeds.push_back(ss.str().substr(0, 1 << 16));
    }
  }
  for (const auto& s : seeds) Run(s);
  std::mt19937_64 rng(20261123);
  for (long i = 0; i < iterations; ++i) Run(Generate(rng, seeds));
  std::printf("fuzz replay: %zu seeds and %ld generated inputs, no failure\n", seeds.size(),
              iterations);
  return 0;
}
