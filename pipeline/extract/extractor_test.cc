#include "pipeline/extract/extractor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/base/file.h"
#include "pipeline/extract/compiled_rules.h"
#include "pipeline/extract/record_schema.h"
#include "pipeline/extract/rule_check.h"
#include "pipeline/extract/rule_file.h"
#include "tests/extract/extract_test_env.h"
#include "tests/extract/extractor_suite.h"

namespace sohoa {
namespace {

class ExtractorTest : public extract_test::ExtractorSuite {
 protected:
  static std::vector<Record> Of(std::string_view text, const std::string& kind) {
    std::vector<Record> out;
    for (Record& r : extractor_->Extract(text)) {
      if (r.kind == kind) out.push_back(std::move(r));
    }
    return out;
  }
};

TEST_F(ExtractorTest, TablesWrittenOneCellALineGiveRoles) {
  std::string text =
      "STT\nNội dung\nCơ quan chủ trì\nCơ quan phối hợp\nThời gian thực hiện\n"
      "1\nTập huấn hòa giải viên\nPhòng Tư pháp\nPhòng Nội vụ\nTháng 3/2023\n"
      "2\nHội nghị phổ biến pháp luật\ntại các thôn\nPhòng Nội vụ\nPhòng Tư pháp\nQuý II/2023\n";
  std::vector<Record> agencies = Of(text, "agency");
  ASSERT_EQ(agencies.size(), 4u);
  EXPECT_EQ(FieldOf(agencies[0], "role"), "chủ trì");
  EXPECT_EQ(FieldOf(agencies[1], "role"), "phối hợp");
  // The second row's content wrapped onto two lines: the cells still fit.
  EXPECT_EQ(FieldOf(agencies[2], "name"), "Phòng Nội vụ");
  EXPECT_EQ(FieldOf(agencies[2], "role"), "chủ trì");
  EXPECT_EQ(FieldOf(agencies[2], "task"), "Hội nghị phổ biến pháp luật tại các thôn");
  EXPECT_EQ(FieldOf(agencies[3], "role"), "phối hợp");
}

// OCR flattens an appendix table: cells run together with single spaces.
// A row's agencies are read from its end: the last run joined by ";" is the
// partner cell, the agency before it the lead, earlier ones the content.
TEST_F(ExtractorTest, TablesOcrFlattenedGiveRolesFromTheRowsEnd) {
  std::string text =
      "STT Nội dung Cơ quan chủ trì Cơ quan phéihop Thời gian thực hiện\n"
      "\n"
      "1 Xây dựng chuyên mục trên Báo Bình Dương Sở Thông tin và Truyền thông\n"
      "Sở Xây dựng; UBND các huyện Quý II/2024\n"
      "\n"
      "2 Tổng kết năm Sở Tài chính Năm 2024\n";
  std::vector<Record> agencies = Of(text, "agency");
  ASSERT_EQ(agencies.size(), 5u);
  EXPECT_EQ(FieldOf(agencies[0], "name"), "Báo Bình Dương");  // in the content
  EXPECT_EQ(FieldOf(agencies[0], "role"), "null");
  EXPECT_EQ(FieldOf(agencies[1], "name"), "Sở Thông tin và Truyền thông");
  EXPECT_EQ(FieldOf(agencies[1], "role"), "chủ trì");
  EXPECT_EQ(FieldOf(agencies[1], "task"), "Xây dựng chuyên mục trên Báo Bình Dương");
  EXPECT_EQ(FieldOf(agencies[2], "role"), "phối hợp");
  EXPECT_EQ(FieldOf(agencies[3], "name"), "Ủy ban nhân dân các huyện");
  EXPECT_EQ(FieldOf(agencies[3], "role"), "phối hợp");
  // One agency: the lead. The time cell after it is no word of its name.
  EXPECT_EQ(FieldOf(agencies[4], "name"), "Sở Tài chính");
  EXPECT_EQ(FieldOf(agencies[4], "role"), "chủ trì");
  std::vector<Record> deadlines = Of(text, "deadline");
  ASSERT_EQ(deadlines.size(), 2u);
  EXPECT_EQ(FieldOf(deadlines[0], "agency"), "Sở Thông tin và Truyền thông");
}

// Cells that wrapped side by side interleave their pieces line by line: a
// time cell ended before the row's last line says so, and the row is left
// unread rather than read wrong.
TEST_F(ExtractorTest, TablesOcrFlattenedWithInterleavedCellsAreLeftAlone) {
  std::string text =
      "STT Nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời gian\n"
      "\n"
      "1 Thành lập Tổ công nghệ Sở Thông tin và UBND các huyện, Quý I/2024\n"
      "số cộng đồng Truyền thông thành phố\n";
  for (const Record& r : Of(text, "agency")) EXPECT_EQ(FieldOf(r, "role"), "null") << r.text;
}

// A table aligned with spaces wraps a long cell onto the next line, at its
// column: the name takes the words below it.
TEST_F(ExtractorTest, TablesAlignedWithSpacesJoinNamesThatWrapped) {
  std::string text =
      "STT  Nội dung                Cơ quan chủ trì   Cơ quan phối hợp   Thời gian\n"
      "1    Tập huấn chuyển đổi     Văn phòng UBND    Sở Thông tin và    Quý II/2024\n"
      "     số cho cán bộ           tỉnh              Truyền thông\n"
      "2    Khám bệnh bằng căn      Sở Y tế           Bảo hiểm xã hội    Tháng 6/2024\n"
      "     cước công dân                             tỉnh\n";
  std::vector<Record> agencies = Of(text, "agency");
  ASSERT_EQ(agencies.size(), 4u);
  EXPECT_EQ(FieldOf(agencies[0], "name"), "Văn phòng Ủy ban nhân dân tỉnh");
  EXPECT_EQ(FieldOf(agencies[0], "level"), "tỉnh");
  EXPECT_EQ(FieldOf(agencies[0], "role"), "chủ trì");
  EXPECT_EQ(FieldOf(agencies[1], "name"), "Sở Thông tin và Truyền thông");
  EXPECT_EQ(FieldOf(agencies[1], "role"), "phối hợp");
  EXPECT_EQ(FieldOf(agencies[2], "name"), "Sở Y tế");  // nothing below it
  EXPECT_EQ(FieldOf(agencies[3], "name"), "Bảo hiểm xã hội tỉnh");
  EXPECT_EQ(FieldOf(agencies[3], "role"), "phối hợp");
}

TEST_F(ExtractorTest, NumbersInASectionReportingResultsAreNoQuotas) {
  std::string text =
      "I. KẾT QUẢ NĂM 2023\n"
      "Toàn tỉnh tiếp nhận 1.126 hồ sơ trực tuyến.\n"
      "II. CHỈ TIÊU NĂM 2024\n"
      "Tiếp nhận 2.000 hồ sơ trực tuyến.\n";
  std::vector<Record> quotas = Of(text, "quota");
  ASSERT_EQ(quotas.size(), 1u);
  EXPECT_EQ(FieldOf(quotas[0], "count"), "2000");
  // A heading that also names targets is no report.
  quotas = Of("II. TÌNH HÌNH VÀ CHỈ TIÊU\nTiếp nhận 2.000 hồ sơ trực tuyến.\n", "quota");
  EXPECT_EQ(quotas.size(), 1u);
}

TEST_F(ExtractorTest, SpansPointIntoTheOriginalText) {
  std::string text = "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ;";
  auto refs = Of(text, "legal_ref");
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].text, text.substr(refs[0].start, refs[0].end - refs[0].start));
  EXPECT_EQ(refs[0].text, "Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ");
  EXPECT_EQ(refs[0].line, 1);
  // The rule and its current version, as the rule file says.
  auto data = ReadRuleDir(extract_test::RulesDir());
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  std::string tag;
  for (const Rule& rule : data->rules) {
    if (rule.id == "legal_ref.typed") tag = rule.Tag();
  }
  ASSERT_FALSE(tag.empty());
  EXPECT_EQ(refs[0].rule, tag);
}

TEST_F(ExtractorTest, GarbledAndCleanTextGiveTheSameReference) {
  auto clean = Of("Thực hiện Nghị định số 61/2018/NĐ-CP ngày 23/4/2018", "legal_ref");
  auto garbled = Of("Thuc hién Nghi dinh sb\n61/2018/ND-CP ngay 23/4/2018", "legal_ref");
  ASSERT_EQ(clean.size(), 1u);
  ASSERT_EQ(garbled.size(), 1u);
  for (const char* field : {"doc_type", "ref", "date", "symbol", "number", "year"}) {
    EXPECT_EQ(FieldOf(clean[0], field), FieldOf(garbled[0], field)) << field;
  }
}

TEST_F(ExtractorTest, FootnoteMarkIsNotGluedIntoTheNumber) {
  auto refs = Of("theo Quyết định số 1847/QĐ-TTg2 ngày 27/12/2018", "legal_ref");
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(FieldOf(refs[0], "ref"), "1847/QĐ-TTg");
  EXPECT_EQ(FieldOf(refs[0], "date"), "2018-12-27");
}

TEST_F(ExtractorTest, ImpossibleDateIsKeptAndFlagged) {
  auto deadlines = Of("Hoàn thành trước ngày 31/11/2021.", "deadline");
  ASSERT_EQ(deadlines.size(), 1u);
  EXPECT_EQ(FieldOf(deadlines[0], "value"), "2021-11-31");
  EXPECT_EQ(FieldOf(deadlines[0], "impossible"), "true");
}

TEST_F(ExtractorTest, ImplicitYearComesFromTheDocumentDate) {
  std::string text = "Số: 12/KH-UBND\nGò Dầu, ngày 06 tháng 5 năm 2022\n\nBáo cáo trước ngày 15/6.";
  auto docs = Of(text, "document");
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(FieldOf(docs[0], "date"), "2022-05-06");
  auto deadlines = Of(text, "deadline");
  ASSERT_EQ(deadlines.size(), 1u);
  EXPECT_EQ(FieldOf(deadlines[0], "value"), "2022-06-15");
  EXPECT_EQ(FieldOf(deadlines[0], "year_inferred"), "true");
}

TEST_F(ExtractorTest, ATimeTheDocumentHasPassedIsNoDeadline) {
  std::string text = "Số: 12/KH-UBND\nGò Dầu, ngày 06 tháng 5 năm 2022\n\n"
                     "Xe vi phạm tháng 02/2022 được chuyển về bãi. Hoàn thành trong tháng 5/2022;"
                     " báo cáo trước ngày 15/4 và trong quý I/2023.";
  std::vector<std::string> values;
  for (const Record& r : Of(text, "deadline")) values.push_back(FieldOf(r, "value"));
  // February is past; May is the document's own month; "15/4" has no year
  // written and so is next April.
  EXPECT_EQ(values, (std::vector<std::string>{"2022-05", "2023-04-15", "2023-Q1"}));
}

TEST_F(ExtractorTest, RecordsComeWithTheDocumentFirstThenInTextOrder) {
  std::string text = "Số: 12/KH-UBND\nGò Dầu, ngày 06 tháng 5 năm 2022\n"
                     "Đạt 100% nhiệm vụ; Tháng 6/2022; Quyết định số 800/QĐ-UBND";
  std::vector<Record> records = extractor_->Extract(text);
  ASSERT_GE(records.size(), 4u);
  EXPECT_EQ(records[0].kind, "document");
  for (size_t i = 2; i < records.size(); ++i) EXPECT_LE(records[i - 1].start, records[i].start);
}

TEST_F(ExtractorTest, NothingToFindGivesNoRecords) {
  EXPECT_TRUE(extractor_->Extract("").empty());
  EXPECT_TRUE(extractor_->Extract("Trời hôm nay đẹp.").empty());
}

TEST_F(ExtractorTest, RulesVersionNamesTheRuleSet) {
  EXPECT_EQ(extractor_->RulesVersion().rfind("rules ", 0), 0u);
  EXPECT_NE(extractor_->RulesVersion().find("legal_ref@"), std::string::npos);
}

TEST(ExtractorLoadTest, MissingDirectoryIsNotFound) {
  auto loaded = Extractor::Load("/nonexistent/rules");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kNotFound);
}

TEST(RuleFileTest, BadRuleIsRefusedWithFileLineAndId) {
  RuleSetData data;
  std::map<std::string, std::string> defines;
  Status status = ParseRuleText("rule quota.x\nversion 1\nkind quota\npattern (\nmatch a\n"
                                "nomatch b\nend\n",
                                "bad.rules", &data, &defines);
  ASSERT_TRUE(status.ok()) << status.ToString();
  auto compiled = CompiledRules::Compile(std::move(data));
  ASSERT_FALSE(compiled.ok());
  EXPECT_NE(compiled.status().message().find("bad.rules:1: rule quota.x: bad pattern"),
            std::string::npos)
      << compiled.status().message();
}

TEST(RuleFileTest, SyntaxErrorsNameTheLine) {
  RuleSetData data;
  std::map<std::string, std::string> defines;
  Status status = ParseRuleText("rule a.b\nversion x\n", "x.rules", &data, &defines);
  EXPECT_EQ(status.message(), "x.rules:2: rule a.b: version must be a number");
  status = ParseRuleText("rule a.c\nversion 1\nkind quota\npattern x\nmatch x\nend\n", "y.rules",
                         &data, &defines);
  EXPECT_NE(status.message().find("needs at least one `nomatch` example"), std::string::npos);
  status = ParseRuleText("bogus = 1\n", "z.rules", &data, &defines);
  EXPECT_EQ(status.message(), "z.rules:1: unknown directive `bogus`");
}

TEST(RuleFileTest, RuleIdsAreNeverReused) {
  RuleSetData data;
  std::map<std::string, std::string> defines;
  std::string rule = "rule q.a\nversion 1\nkind quota\npattern x\nmatch x\nnomatch y\nend\n";
  ASSERT_TRUE(ParseRuleText(rule, "a.rules", &data, &defines).ok());
  Status status = ParseRuleText(rule, "b.rules", &data, &defines);
  EXPECT_NE(status.message().find("id already used at a.rules:1"), std::string::npos);
}

TEST_F(ExtractorTest, CapitalizedHeaderGivesProperCasePlaceNames) {
  auto docs = Of("ỦY BAN NHÂN DÂN\nHUYỆN TÂN BIÊN\nSố: 245/KH-UBND\n\n"
                 "TÂN BIÊN, ngày 06 tháng 5 năm 2022\n\nKẾ HOẠCH\nAbc\n",
                 "document");
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(FieldOf(docs[0], "issuer"), "Ủy ban nhân dân huyện Tân Biên");
  EXPECT_EQ(FieldOf(docs[0], "place"), "Tân Biên");
}

TEST_F(ExtractorTest, ThreadsSharingTheExtractorGetTheSameRecords) {
  // The extractor caches agency names across calls; threads must not mind.
  const std::string text =
      "ỦY BAN NHÂN DÂN\nHUYỆN TÂN BIÊN\nSố: 245/KH-UBND\n\nKẾ HOẠCH\n"
      "Phòng Nội vụ chủ trì, phối hợp với Phòng Văn hóa và Thông tin huyện, "
      "UBND các xã thực hiện trước ngày 28/02/2023.\n";
  std::vector<std::string> expected;
  for (const Record& r : extractor_->Extract(text)) expected.push_back(r.ToJson());
  ASSERT_FALSE(expected.empty());
  std::vector<std::vector<std::string>> got(4);
  std::vector<std::thread> threads;
  for (auto& out : got) {
    threads.emplace_back([&text, &out] {
      for (int k = 0; k < 20; ++k) {
        out.clear();
        for (const Record& r : extractor_->Extract(text)) out.push_back(r.ToJson());
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (const auto& out : got) EXPECT_EQ(out, expected);
}

// The schema lists every field a record carries, so a field added to a
// builder and not to the schema (or a kind without a row) is caught here.
TEST_F(ExtractorTest, RecordsCarryOnlyTheFieldsOfTheirKind) {
  for (const char* plan : {"plan_a", "plan_b", "plan_c"}) {
    for (const char* variant : {"_clean.txt", "_garbled.txt"}) {
      auto text = ReadFile(extract_test::CorpusDir() + "/" + plan + variant);
      ASSERT_TRUE(text.ok()) << text.status().ToString();
      for (const Record& r : extractor_->Extract(*text)) {
        std::optional<RecordKind> kind = KindNamed(r.kind);
        ASSERT_TRUE(kind.has_value()) << r.kind;
        const std::vector<FieldSchema>& fields = SchemaOf(*kind).fields;
        for (const auto& [name, value] : r.fields) {
          EXPECT_TRUE(std::any_of(fields.begin(), fields.end(),
                                  [&](const FieldSchema& f) { return f.name == name; }))
              << r.kind << " has field " << name << ", not in its schema";
        }
      }
    }
  }
}

TEST(ProperCaseTest, CapitalSyllablesGetProperCaseAbbreviationsStay) {
  EXPECT_EQ(ProperCaseCapitals("HUYỆN TÂN BIÊN"), "Huyện Tân Biên");
  EXPECT_EQ(ProperCaseCapitals("ĐỨC HUỆ, ngày"), "Đức Huệ, ngày");
  EXPECT_EQ(ProperCaseCapitals("Sở TTTT tỉnh Gò Dầu"), "Sở TTTT tỉnh Gò Dầu");
  EXPECT_EQ(ProperCaseCapitals("UBND HUYỆN"), "UBND Huyện");
  EXPECT_EQ(ProperCaseCapitals("A B"), "A B");
  EXPECT_EQ(ProperCaseCapitals(""), "");
}

TEST(NameCaseTest, RunsInCapitalsStartWithACapitalPlacesAreProperCase) {
  auto data = ReadRuleDir(extract_test::RulesDir());
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  const Vocabulary vocabulary(data->words);
  auto NameCaseCapitals = [&](std::string_view text) {
    return sohoa::NameCaseCapitals(text, vocabulary);
  };
  EXPECT_EQ(NameCaseCapitals("Ban Chỉ đạo CHUYỂN ĐỔI SỐ"), "Ban Chỉ đạo Chuyển đổi số");
  EXPECT_EQ(NameCaseCapitals("Trung tâm Y TẾ huyện GIO LINH"), "Trung tâm Y tế huyện Gio Linh");
  EXPECT_EQ(NameCaseCapitals("Sở VĂN HÓA - XÃ HỘI"), "Sở Văn hóa - Xã hội");
  EXPECT_EQ(NameCaseCapitals("UBND HUYỆN TÂN BIÊN"), "UBND huyện Tân Biên");
  EXPECT_EQ(NameCaseCapitals("Sở TTTT tỉnh Gò Dầu"), "Sở TTTT tỉnh Gò Dầu");
  EXPECT_EQ(NameCaseCapitals(""), "");
}

TEST(RuleFileTest, WordsAreAListAndAMacroOfTheirFoldedPhrases) {
  RuleSetData data;
  std::map<std::string, std::string> defines;
  ASSERT_TRUE(ParseRuleText("words LEVELS = thị xã => huyện| xã |^sở => tỉnh\n", "a.rules", &data,
                            &defines)
                  .ok());
  EXPECT_EQ(defines["LEVELS"], "thi xa|xa|so");
  const Vocabulary vocabulary(data.words);
  ASSERT_EQ(vocabulary.List("LEVELS").size(), 3u);
  EXPECT_EQ(vocabulary.Find("LEVELS", "thi xa")->value, "huyện");
  EXPECT_EQ(vocabulary.Find("LEVELS", "xa")->phrase, "xã");
  EXPECT_TRUE(vocabulary.Find("LEVELS", "so")->at_start);
  EXPECT_FALSE(vocabulary.Has("LEVELS", "huyen"));
  EXPECT_TRUE(vocabulary.List("NONE").empty());
  EXPECT_FALSE(ParseRuleText("define LEVELS = x\n", "b.rules", &data, &defines).ok());
}

TEST(RuleFileTest, TheRulesHoldEveryWordListTheCodeReads) {
  auto data = ReadRuleDir(extract_test::RulesDir());
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  const Vocabulary vocabulary(data->words);
  for (std::string_view list : kVocabularyLists) {
    EXPECT_FALSE(vocabulary.List(list).empty()) << "no `words " << list << "` in rules/";
  }
}

TEST(RuleFileTest, UnknownSlotIsRefused) {
  RuleSetData data;
  std::map<std::string, std::string> defines;
  ASSERT_TRUE(ParseRuleText("rule q.a\nversion 1\nkind quota\npattern (?P<n>x)\nmap cost = n\n"
                            "match x\nnomatch y\nend\n",
                            "a.rules", &data, &defines)
                  .ok());
  auto compiled = CompiledRules::Compile(std::move(data));
  ASSERT_FALSE(compiled.ok());
  EXPECT_NE(compiled.status().message().find("quota has no slot cost"), std::string::npos);
}

}  // namespace
}  // namespace sohoa
