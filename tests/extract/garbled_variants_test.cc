// The same plan as clean text and as OCR-style garble (diacritics stripped,
// "số" read as "s6", "của" as "ctia", lines wrapped inside references) must
// give the same records, field for canonical field. A quota's unit is
// compared folded: its words the canon does not know come out as written
// ("đợt tập huấn ky nang số"), and restoration accents them in the pipeline.
#include <gtest/gtest.h>

#include "pipeline/base/file.h"
#include "pipeline/base/vietnamese.h"
#include "pipeline/extract/extractor.h"
#include "pipeline/extract/record_schema.h"
#include "pipeline/extract/rule_check.h"
#include "tests/extract/extract_test_env.h"

namespace sohoa {
namespace {

// The fields the schema says are the same for clean and garbled text.
std::vector<std::string_view> CanonicalFields(const std::string& kind) {
  std::vector<std::string_view> out;
  for (const FieldSchema& field : SchemaOf(*KindNamed(kind)).fields) {
    if (field.canonical) out.push_back(field.name);
  }
  return out;
}

std::vector<std::string> Summaries(const std::vector<Record>& records) {
  std::vector<std::string> out;
  for (const Record& r : records) {
    std::string line = r.kind + " " + r.rule;
    for (std::string_view field : CanonicalFields(r.kind)) {
      const std::string name(field);
      const FieldValue* v = r.Field(name);
      std::string text = v ? FieldValueText(*v) : "";
      if (IsKind(r, RecordKind::kQuota) && name == "unit") text = vi::Fold(text);
      line += " | " + name + "=" + text;
    }
    out.push_back(line);
  }
  return out;
}

class GarbledVariantsTest : public ::testing::TestWithParam<const char*> {};

TEST_P(GarbledVariantsTest, SameRecordsAsCleanText) {
  auto extractor = Extractor::Load(extract_test::RulesDir());
  ASSERT_TRUE(extractor.ok()) << extractor.status().ToString();
  std::string base = extract_test::CorpusDir() + "/" + GetParam();
  auto clean = ReadFile(base + "_clean.txt");
  auto garbled = ReadFile(base + "_garbled.txt");
  ASSERT_TRUE(clean.ok() && garbled.ok());
  std::vector<std::string> want = Summaries((*extractor)->Extract(*clean));
  std::vector<std::string> got = Summaries((*extractor)->Extract(*garbled));
  EXPECT_GE(want.size(), 10u);
  EXPECT_EQ(got, want);
}

INSTANTIATE_TEST_SUITE_P(Plans, GarbledVariantsTest,
                         ::testing::Values("plan_a", "plan_b", "plan_c"));

}  // namespace
}  // namespace sohoa
