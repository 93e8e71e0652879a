// A test suite that shares one Extractor over the project's rules, loaded
// once before its tests and deleted after them.
#ifndef SOHOA_TESTS_EXTRACT_EXTRACTOR_SUITE_H_
#define SOHOA_TESTS_EXTRACT_EXTRACTOR_SUITE_H_

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "pipeline/extract/extractor.h"
#include "pipeline/extract/rule_check.h"
#include "tests/extract/extract_test_env.h"

namespace sohoa::extract_test {

class ExtractorSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = Extractor::Load(RulesDir());
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    extractor_ = std::move(loaded).value().release();
  }
  static void TearDownTestSuite() {
    delete extractor_;
    extractor_ = nullptr;
  }

  // A record's field as text, "(absent)" when it has none.
  static std::string FieldOf(const Record& r, const std::string& name) {
    const FieldValue* v = r.Field(name);
    return v ? FieldValueText(*v) : "(absent)";
  }

  static inline Extractor* extractor_ = nullptr;
};

}  // namespace sohoa::extract_test

#endif  // SOHOA_TESTS_EXTRACT_EXTRACTOR_SUITE_H_
