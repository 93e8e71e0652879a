// Loading damaged model files: the fuzz input overwrites bytes of a valid
// tiny model (pairs of little-endian offset and value). Load must refuse the
// file with a Status or load it and score words; it must never crash.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "pipeline/base/file.h"
#include "pipeline/restore/lm_format.h"
#include "pipeline/restore/ngram_model.h"
#include "pipeline/restore/restore_test_util.h"

namespace {

const std::string& GoodModel() {
  static const std::string* bytes = [] {
    std::string path = sohoa::restore::testing::BuildTinyModel("modelfuzz");
    auto data = sohoa::ReadFile(path);
    std::remove(path.c_str());
    if (!data.ok()) std::abort();
    return new std::string(std::move(data).value());
  }();
  return *bytes;
}

// Recomputes every checksum so that the mutation reaches the parser's other
// checks and the lookups instead of stopping at a checksum mismatch.
void Reseal(std::string* model) {
  namespace fmt = sohoa::restore::lm_format;
  if (model->size() < sizeof(fmt::FileHeader)) return;
  fmt::FileHeader header;
  std::memcpy(&header, model->data(), sizeof(header));
  if (header.section_count > 64) return;
  const size_t table = sizeof(header), entries = header.section_count;
  if (table + entries * sizeof(fmt::SectionEntry) > model->size()) return;
  for (size_t i = 0; i < entries; ++i) {
    fmt::SectionEntry e;
    char* at = model->data() + table + i * sizeof(e);
    std::memcpy(&e, at, sizeof(e));
    if (e.offset > model->size() || e.size > model->size() - e.offset) continue;
    e.checksum = fmt::Checksum(model->data() + e.offset, e.size);
    std::memcpy(at, &e, sizeof(e));
  }
  header.header_checksum = 0;
  std::memcpy(model->data(), &header, sizeof(header));
  header.header_checksum =
      fmt::Checksum(model->data(), table + entries * sizeof(fmt::SectionEntry));
  std::memcpy(model->data(), &header, sizeof(header));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string model = GoodModel();
  for (size_t i = 0; i + 3 <= size; i += 3) {
    size_t at = (static_cast<size_t>(data[i]) | static_cast<size_t>(data[i + 1]) << 8) *
                model.size() / 65536;
    model[at] = static_cast<char>(data[i + 2]);
  }
  if (size % 3 == 1) model.resize(model.size() * data[size - 1] / 256);
  if (size > 0 && data[0] % 2 == 1) Reseal(&model);
  static const std::string name = "fuzzed_model.bin";
  auto loaded = sohoa::restore::NgramModel::FromBytes(std::move(model), name);
  if (loaded.ok()) {
    const auto& m = **loaded;
    sohoa::restore::LmState state = m.BeginState(), next;
    for (size_t w = 0; w < m.vocab_size() && w < 50; ++w) {
      m.ScoreState(state, static_cast<sohoa::restore::WordId>(w), &next);
      state = next;
    }
  } else if (loaded.status().message().find(name) == std::string::npos) {
    std::fprintf(stderr, "error does not name the file: %s\n",
                 loaded.status().ToString().c_str());
    std::abort();
  }
  return 0;
}
