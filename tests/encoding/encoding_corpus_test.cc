// Issue 18's acceptance test: the project's own Vietnamese text saved in
// every legacy encoding and misread path, whole, as one line and as a table
// of figures, decoded back with the right encoding named for every file and
// at least 99.9% of characters right; text that is not legacy stays as it is;
// noise fails with a reason.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <random>
#include <string>

#include "pipeline/base/vietnamese.h"
#include "pipeline/driver/text_scorer.h"
#include "pipeline/ingest/ingest.h"
#include "pipeline/ingest/text_encoding.h"
#include "pipeline/restore/restorer.h"
#include "tests/encoding/legacy_corpus.h"

namespace sohoa {
namespace {

namespace lc = legacy_corpus;

std::string SourceDir() {
  const char* dir = std::getenv("SOHOA_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

// The bundled restoration model (in the repository), loaded once.
const DiacriticRestorer* Restorer() {
  static const DiacriticRestorer* restorer = [] {
    auto r = DiacriticRestorer::Load(SourceDir() + "/models/restore/vi_syllable_4gram.bin",
                                     RestorerOptions());
    return r.ok() ? std::move(r).value().release() : nullptr;
  }();
  return restorer;
}

struct Tally {
  size_t files = 0, wrong_encoding = 0, failed = 0, chars = 0, errors = 0;
};

void CheckCorpus(const TextScorer* scorer) {
  const auto documents = lc::Documents(SourceDir());
  if (documents.empty()) GTEST_SKIP() << "corpus/extract/heldout is missing";
  const std::vector<lc::File> files = lc::MakeFiles(documents);
  ASSERT_EQ(files.size(), documents.size() * 3 * lc::Paths().size());
  std::map<std::string, Tally> by_path;
  Tally all;
  for (const lc::File& f : files) {
    Tally& t = by_path[std::string(lc::ShapeName(f.shape)) + " " + EncodingFlagName(f.encoding)];
    for (Tally* x : {&t, &all}) {
      ++x->files;
      x->chars += lc::CodePoints(f.original);
    }
    EXPECT_EQ(SniffFormat(f.bytes), InputFormat::kText) << f.name;
    DecodeOptions options;
    options.scorer = scorer;
    StatusOr<DecodedText> d = DecodeText(f.bytes, f.name, options);
    if (!d.ok()) {
      ADD_FAILURE() << f.name << ": " << d.status().message();
      for (Tally* x : {&t, &all}) ++x->failed, x->errors += lc::CodePoints(f.original);
      continue;
    }
    if (d->encoding != f.encoding && d->encoding != f.same_bytes_as) {
      ADD_FAILURE() << f.name << ": " << d->note;
      for (Tally* x : {&t, &all}) ++x->wrong_encoding;
    }
    const size_t errors = lc::CharErrors(f.original, d->text);
    for (Tally* x : {&t, &all}) x->errors += errors;
  }
  for (const auto& [path, t] : by_path) {
    std::printf("%-26s files %3zu  wrong %zu  failed %zu  chars %7zu  errors %zu\n", path.c_str(),
                t.files, t.wrong_encoding, t.failed, t.chars, t.errors);
  }
  const double accuracy = 1.0 - static_cast<double>(all.errors) / all.chars;
  std::printf("all: %zu files, %zu characters, %zu wrong (%.4f%% right), %zu wrong encodings\n",
              all.files, all.chars, all.errors, 100 * accuracy, all.wrong_encoding);
  EXPECT_EQ(all.wrong_encoding, 0u);
  EXPECT_GE(accuracy, 0.999);
}

TEST(EncodingCorpusTest, DecodedBackWithTheLanguageModel) {
  if (Restorer() == nullptr) GTEST_SKIP() << "models/restore/vi_syllable_4gram.bin is missing";
  RestorerTextScorer scorer(*Restorer());
  CheckCorpus(&scorer);
}

TEST(EncodingCorpusTest, DecodedBackBySyllablesAlone) { CheckCorpus(nullptr); }

// Text that is no legacy encoding comes back byte for byte.
TEST(EncodingCorpusTest, PlainTextStaysAsItIs) {
  const auto documents = lc::Documents(SourceDir());
  if (documents.empty()) GTEST_SKIP() << "corpus/extract/heldout is missing";
  std::vector<std::string> texts = {
      "The People's Committee approved the plan on 8 April 2022. Is it done? Yes: item 3(a).\n"
      "Departments report by e-mail (a.b@c.gov.vn) before 15/5; see www.example.org/a?b=c.\n",
      "Ke hoach so 184/KH-UBND ngay 08/4/2022 cua UBND tinh.\n",
  };
  for (const auto& [name, text] : documents) {
    texts.push_back(text);                       // Unicode as it should be
    texts.push_back(vi::StripDiacritics(text));  // ASCII Vietnamese
  }
  RestorerTextScorer* scorer = nullptr;
  std::unique_ptr<RestorerTextScorer> owned;
  if (Restorer() != nullptr)
    scorer = (owned = std::make_unique<RestorerTextScorer>(*Restorer())).get();
  for (const TextScorer* s :
       {static_cast<const TextScorer*>(nullptr), static_cast<const TextScorer*>(scorer)}) {
    for (const std::string& text : texts) {
      DecodeOptions options;
      options.scorer = s;
      StatusOr<DecodedText> d = DecodeText(text, "plain.txt", options);
      ASSERT_TRUE(d.ok()) << d.status().message();
      EXPECT_EQ(d->text, text) << d->note;
      EXPECT_EQ(d->encoding, TextEncoding{}) << d->note << "\n" << text.substr(0, 200);
    }
  }
}

TEST(EncodingCorpusTest, RandomBytesFailWithAReason) {
  std::mt19937 rng(18);
  for (size_t length : {50u, 200u, 1000u, 5000u}) {
    for (int trial = 0; trial < 10; ++trial) {
      std::string bytes;
      for (size_t i = 0; i < length; ++i) bytes.push_back(static_cast<char>(0x20 + rng() % 0xE0));
      StatusOr<DecodedText> d = DecodeText(bytes, "noise.bin", {});
      ASSERT_FALSE(d.ok()) << length << ": " << d->note;
      EXPECT_EQ(d.status().message().rfind("noise.bin: cannot tell the text's encoding", 0), 0u);
    }
  }
}

}  // namespace
}  // namespace sohoa
