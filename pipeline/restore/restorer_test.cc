#include "pipeline/restore/restorer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <random>

#include "pipeline/base/file.h"
#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"
#include "pipeline/restore/restore_test_util.h"

namespace sohoa {
namespace {

class RestorerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    path_ = new std::string(restore::testing::BuildTinyModel("restorer"));
    auto r = DiacriticRestorer::Load(*path_);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    restorer_ = std::move(r).value().release();
  }
  static void TearDownTestSuite() {
    delete restorer_;
    std::remove(path_->c_str());
    delete path_;
  }
  static std::string* path_;
  static DiacriticRestorer* restorer_;
};

std::string* RestorerTest::path_ = nullptr;
DiacriticRestorer* RestorerTest::restorer_ = nullptr;

TEST_F(RestorerTest, RestoresStrippedTrainingSentences) {
  for (const std::string& line : restore::testing::TinyCorpus()) {
    EXPECT_EQ(restorer_->Restore(vi::StripDiacritics(line)), line);
  }
}

TEST_F(RestorerTest, KeepsCasePattern) {
  EXPECT_EQ(restorer_->Restore("KE HOACH tuyen truyen cai cach hanh chinh"),
            "KẾ HOẠCH tuyên truyền cải cách hành chính");
  EXPECT_EQ(restorer_->Restore("Uy ban nhan dan tinh Tay Ninh"), "Ủy ban nhân dân tỉnh Tây Ninh");
}

TEST_F(RestorerTest, LeavesCodesAbbreviationsAndSpacingAlone) {
  const std::string in = "Thuc hien  ke hoach so 1183/KH-UBND ngay 08/4/2022 cua UBND\r\n"
                         "\n\t(xem https://tayninh.gov.vn/ke-hoach)  HĐND, CCHC.\n";
  const std::string out = restorer_->Restore(in);
  EXPECT_EQ(vi::StripDiacritics(out), vi::StripDiacritics(in));  // only diacritics may change
  EXPECT_NE(out.find("  kế hoạch số 1183/KH-UBND ngày 08/4/2022 của UBND\r\n\n\t"
                     "(xem https://tayninh.gov.vn/ke-hoach)  HĐND, CCHC.\n"),
            std::string::npos)
      << out;
}

TEST_F(RestorerTest, CorrectTextSurvives) {
  for (const std::string& line : restore::testing::TinyCorpus()) {
    EXPECT_EQ(restorer_->Restore(line), line);
  }
  // Modern tone placement is kept as written when the text is correct.
  EXPECT_EQ(restorer_->Restore("Uỷ ban nhân dân huyện thực hiện cải cách hành chính."),
            "Uỷ ban nhân dân huyện thực hiện cải cách hành chính.");
}

// "d)" and "đ)" are told apart by the item before them, not by n-grams.
TEST_F(RestorerTest, ListLettersFollowThePreviousItem) {
  EXPECT_EQ(restorer_->Restore("c) Kiem tra viec thuc hien;\nd) De xuat khen thuong;\n"
                               "d) Cong khai thu tuc hanh chinh;\ne) Nhiem vu khac.\n"),
            "c) Kiểm tra việc thực hiện;\nd) Đề xuất khen thưởng;\n"
            "đ) Công khai thủ tục hành chính;\ne) Nhiệm vụ khác.\n");
  // Correct text keeps its letters.
  const std::string correct = "c) Kiểm tra việc thực hiện;\nd) Dự toán kinh phí;\n";
  EXPECT_EQ(restorer_->Restore(correct), correct);
}

// An abbreviation the document spells out is restored from its expansion,
// there and everywhere else in the document.
TEST_F(RestorerTest, AbbreviationFollowsItsExpansionInTheDocument) {
  EXPECT_EQ(restorer_->Restore("Cac don vi hanh chinh (DVHC) thuc hien ke hoach.\n"
                               "Cac DVHC bao cao ket qua.\n"),
            "Các đơn vị hành chính (ĐVHC) thực hiện kế hoạch.\n"
            "Các ĐVHC báo cáo kết quả.\n");
  // Another page of the same document: the spellings are collected first.
  DocumentSpellings spellings;
  restorer_->CollectSpellings("Cac don vi hanh chinh (DVHC) thuc hien ke hoach.\n", &spellings);
  EXPECT_EQ(restorer_->Restore("Cac DVHC bao cao ket qua.\n", spellings),
            "Các ĐVHC báo cáo kết quả.\n");
  EXPECT_EQ(restorer_->Restore("Cac DVHC bao cao ket qua.\n"), "Các DVHC báo cáo kết quả.\n");
  // Initials that do not match are no expansion; correct text stays as written.
  EXPECT_EQ(restorer_->Restore("Cac don vi (DVHC) thuc hien ke hoach.\nCac DVHC bao cao.\n"),
            "Các đơn vị (DVHC) thực hiện kế hoạch.\nCác DVHC báo cáo.\n");
}

// What the document writes with diacritics elsewhere outweighs the model's
// preference for a word on its own.
TEST_F(RestorerTest, DocumentSpellingWinsOverTheModelPrior) {
  // "co" is "có" or "cơ" to the tiny model; whichever it picks alone, a
  // document that writes the other one twenty times gets the other one.
  const std::string alone = restorer_->Restore("co\n");
  ASSERT_TRUE(alone == "có\n" || alone == "cơ\n") << alone;
  const std::string other = alone == "có\n" ? "cơ" : "có";
  std::string page;
  for (int i = 0; i < 20; ++i) page += other + " ";
  DocumentSpellings spellings;
  restorer_->CollectSpellings(page + "\n", &spellings);
  EXPECT_EQ(restorer_->Restore("co\n", spellings), other + "\n");
  // Correctly accented text keeps what it writes.
  EXPECT_EQ(restorer_->Restore("Người lao động có quyền làm việc.\n", spellings),
            "Người lao động có quyền làm việc.\n");
}

// RestoreDocument skips sentences the spellings only confirm; it must agree
// with collecting every page and then restoring each with the spellings.
TEST_F(RestorerTest, RestoreDocumentAgreesWithCollectThenRestore) {
  const auto& corpus = restore::testing::TinyCorpus();
  std::vector<std::string> pages = {"co co co co cơ cơ\nHDND va don vi hanh chinh (DVHC).\n", ""};
  for (size_t i = 0; i < corpus.size(); ++i) {
    pages[i % 2] += vi::StripDiacritics(corpus[i]) + "\n";
  }
  pages.push_back("Các DVHC báo cáo kết quả thực hiện.\n");  // correct text
  DocumentSpellings spellings;
  for (const auto& page : pages) restorer_->CollectSpellings(page, &spellings);
  const std::vector<std::string> together =
      restorer_->RestoreDocument(std::vector<std::string_view>(pages.begin(), pages.end()));
  ASSERT_EQ(together.size(), pages.size());
  for (size_t p = 0; p < pages.size(); ++p) {
    EXPECT_EQ(together[p], restorer_->Restore(pages[p], spellings)) << "page " << p;
  }
  EXPECT_NE(together[0].find("(ĐVHC)"), std::string::npos) << together[0];
  EXPECT_EQ(together[2], pages[2]);
}

// The blocks of a two-column header and the cells of a table are phrases of
// their own: the words of one do not decide the words of the other.
TEST_F(RestorerTest, ColumnGapsSeparatePhrases) {
  const DocumentSpellings none;
  std::vector<std::string> cells;
  for (const std::string& line : restore::testing::TinyCorpus()) {
    std::string cell = vi::StripDiacritics(line);
    while (!cell.empty() && (cell.back() == '.' || cell.back() == ';')) cell.pop_back();
    if (cell.find(')') == std::string::npos) cells.push_back(cell);  // list items follow items
  }
  // To the tiny model, "ba" is "bà" on its own but "ba" after "Bà".
  EXPECT_EQ(restorer_->Restore("Ba ba", none), "Bà ba");
  EXPECT_EQ(restorer_->Restore("Ba    ba", none), "Bà    bà");
  EXPECT_EQ(restorer_->Restore("Ba\tba\nba", none), "Bà\tbà\nbà");
  for (size_t a = 0; a < cells.size(); ++a) {
    for (size_t b = 0; b < cells.size(); ++b) {
      const std::string want = restorer_->Restore(cells[a], none) + "    " +
                               restorer_->Restore(cells[b], none) + "\n" +
                               restorer_->Restore(cells[b], none);
      EXPECT_EQ(restorer_->Restore(cells[a] + "    " + cells[b] + "\n" + cells[b], none), want);
      EXPECT_EQ(restorer_->Restore(cells[a] + "\t" + cells[b] + "\n" + cells[b], none),
                restorer_->Restore(cells[a], none) + "\t" + restorer_->Restore(cells[b], none) +
                    "\n" + restorer_->Restore(cells[b], none));
    }
  }
}

// A heading's Roman number says nothing about the heading ("II. CHỈ TIÊU"):
// its words are read as a phrase of their own.
TEST_F(RestorerTest, HeadingNumberDoesNotDecideTheHeading) {
  const DocumentSpellings none;
  EXPECT_EQ(restorer_->Restore("So\n", none), "Sở\n");  // the tiny model's choice
  EXPECT_EQ(restorer_->Restore("II. So\nIV. So\n", none), "II. Sở\nIV. Sở\n");
}

TEST_F(RestorerTest, EmptyAndOddInput) {
  EXPECT_EQ(restorer_->Restore(""), "");
  EXPECT_EQ(restorer_->Restore("\n\n  \n"), "\n\n  \n");
  const std::string odd = "\xff\xfe ciia qqq 123 ---";
  EXPECT_EQ(restorer_->Restore(odd), odd);
}

// Whatever the input, only diacritics and case of words may change: the
// folded text, every space, line break and non-letter byte stays.
TEST_F(RestorerTest, RandomInputKeepsEverythingButDiacritics) {
  const std::vector<std::string> pieces = {
      "a", "đ", "Đ", "ê", "ố", "Ư", "x", "Q", "1", "0", "/", "-", ".", ",", " ", "  ", "\n",
      "\r\n", "\t", "(", ")", "@", "\xff", "\xc3", "ngh", "uy", "ỏa", "¢", "Ð", "ban",
      "hanh", "chinh", "KE", "HOACH", "www.", "://"};
  std::mt19937 rng(3);
  for (int trial = 0; trial < 300; ++trial) {
    std::string in;
    int n = static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) in += pieces[rng() % pieces.size()];
    std::string out = restorer_->Restore(in);
    EXPECT_EQ(vi::Fold(out), vi::Fold(in)) << "input: " << in;
  }
}

TEST_F(RestorerTest, ModelVersionNamesTheModel) {
  EXPECT_EQ(restorer_->ModelVersion().rfind("tiny-test test (", 0), 0u)
      << restorer_->ModelVersion();
}

TEST_F(RestorerTest, ScoresTextAsWrittenPerWord) {
  const std::optional<double> right =
      restorer_->Log10ProbPerWord("Ủy ban nhân dân huyện xây dựng kế hoạch.");
  const std::optional<double> garbled =
      restorer_->Log10ProbPerWord("ñy ban nh©n d©n huyÖn x©y dùng kÕ ho¹ch.");
  ASSERT_TRUE(right.has_value() && garbled.has_value());
  EXPECT_LT(*right, 0);
  EXPECT_GT(*right, *garbled + 1);
  EXPECT_FALSE(restorer_->Log10ProbPerWord("12/KH-UBND, 2022.\n").has_value());
}

TEST(RestorerLoadTest, MissingModel) {
  auto r = DiacriticRestorer::Load("/nonexistent/model.bin");
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("/nonexistent/model.bin"), std::string::npos);
}

// Abbreviations the corpus writes with Đ (tools/learn_abbreviations) get it
// back in stripped text, and only where the text is not correctly accented.
TEST(RestorerAbbreviationTest, TableRestoresTheBarredD) {
  const std::string table = ::testing::TempDir() + "/restorer_abbreviations_" +
                            std::to_string(::getpid()) + ".tsv";
  ASSERT_TRUE(WriteFileAtomically(table, "# comment\nhdnd\tHĐND\t67\t0.957\n").ok());
  const std::string model = restore::testing::BuildTinyModel("abbreviations");
  RestorerOptions options;
  options.abbreviations_path = table;
  auto r = DiacriticRestorer::Load(model, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->Restore("HDND tinh giam sat viec thuc hien nghi quyet."),
            "HĐND tỉnh giám sát việc thực hiện nghị quyết.");
  EXPECT_EQ((*r)->Restore("HDND tỉnh giám sát việc thực hiện nghị quyết."),
            "HDND tỉnh giám sát việc thực hiện nghị quyết.");
  options.abbreviations_path = "none";
  auto without = DiacriticRestorer::Load(model, options);
  ASSERT_TRUE(without.ok()) << without.status().ToString();
  EXPECT_EQ((*without)->Restore("HDND tinh giam sat viec thuc hien nghi quyet."),
            "HDND tỉnh giám sát việc thực hiện nghị quyết.");
  ASSERT_TRUE(WriteFileAtomically(table, "hdnd HĐND\n").ok());
  options.abbreviations_path = table;
  EXPECT_EQ(DiacriticRestorer::Load(model, options).status().code(), StatusCode::kDataLoss);
  std::remove(table.c_str());
  std::remove(model.c_str());
}

#if __has_include("pipeline/restore/channel/channel_trainer.h")
}  // namespace
}  // namespace sohoa

#include "pipeline/base/file.h"
#include "pipeline/restore/channel/channel_trainer.h"

#include <sys/stat.h>
#include <unistd.h>

namespace sohoa {
namespace {

// Garbled OCR: the error channel proposes what the letters cannot ("ciia",
// "s6"); the language model picks among the proposals.
TEST(RestorerChannelTest, RestoresGarbleWithChannel) {
  ChannelTrainer trainer;
  const std::pair<const char*, const char*> kPairs[] = {
      {"ciia", "của"}, {"ctia", "của"}, {"s6", "số"},     {"sé", "số"},   {"hién", "hiện"},
      {"huyén", "huyện"}, {"ké", "kế"}, {"Ké", "Kế"},    {"vé", "về"},   {"tinh", "tỉnh"},
      {"Tay", "Tây"},   {"nhan", "nhân"}, {"dan", "dân"}, {"Uy", "Ủy"},   {"hoach", "hoạch"},
      {"Thuc", "Thực"}, {"thuc", "thực"}, {"ban", "ban"}, {"Ninh", "Ninh"}, {"cai", "cải"},
      {"cach", "cách"}, {"hanh", "hành"}, {"chinh", "chính"}, {"tuyén", "tuyên"},
      {"truyén", "truyền"}};
  for (int round = 0; round < 3; ++round) {
    for (auto [observed, clean] : kPairs) trainer.AddPair(observed, clean);
  }
  const std::string channel = ::testing::TempDir() + "/restorer_channel_test.tsv";
  ASSERT_TRUE(WriteFileAtomically(channel, trainer.Serialize("test")).ok());
  const std::string model = restore::testing::BuildTinyModel("channel");
  RestorerOptions options;
  options.channel_path = channel;
  auto r = DiacriticRestorer::Load(model, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->Restore("Thuc hién ké hoach s6 12/KH-UBND ciia Uy ban nhan dan tinh Tay Ninh."),
            "Thực hiện kế hoạch số 12/KH-UBND của Ủy ban nhân dân tỉnh Tây Ninh.");
  // Abbreviations stay, known or not.
  EXPECT_EQ((*r)->Restore("ké hoach CCHC ciia UBND tinh Tay Ninh."),
            "kế hoạch CCHC của UBND tỉnh Tây Ninh.");
  // Stripped text does not use the channel, and still restores.
  EXPECT_EQ((*r)->Restore("Thuc hien ke hoach cua Uy ban nhan dan tinh Tay Ninh."),
            "Thực hiện kế hoạch của Ủy ban nhân dân tỉnh Tây Ninh.");
  std::remove(channel.c_str());
  std::remove(model.c_str());
}

// Load(model_path) picks up channel_eng.tsv from the model's folder.
TEST(RestorerChannelTest, FindsChannelBesideModel) {
  ChannelTrainer trainer;
  for (int round = 0; round < 3; ++round) {
    trainer.AddPair("ciia", "của");
    trainer.AddPair("s6", "số");
    trainer.AddPair("hién", "hiện");
    trainer.AddPair("ké", "kế");
  }
  const std::string dir = ::testing::TempDir() + "/restorer_beside_" + std::to_string(::getpid());
  ASSERT_EQ(::mkdir(dir.c_str(), 0755), 0);
  const std::string channel = dir + "/" + kGarbleChannelFile;
  ASSERT_TRUE(WriteFileAtomically(channel, trainer.Serialize("test")).ok());
  const std::string built = restore::testing::BuildTinyModel("beside");
  auto bytes = ReadFile(built);
  ASSERT_TRUE(bytes.ok());
  const std::string model = dir + "/model.bin";
  ASSERT_TRUE(WriteFileAtomically(model, *bytes).ok());
  auto r = DiacriticRestorer::Load(model);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->Restore("Thuc hién ké hoach s6 12/KH-UBND ciia Uy ban nhan dan tinh Tay Ninh."),
            "Thực hiện kế hoạch số 12/KH-UBND của Ủy ban nhân dân tỉnh Tây Ninh.");
  std::remove(channel.c_str());
  std::remove(model.c_str());
  std::remove(built.c_str());
  ::rmdir(dir.c_str());
}

TEST(RestorerChannelTest, MissingChannelIsAnError) {
  const std::string model = restore::testing::BuildTinyModel("nochannel");
  RestorerOptions options;
  options.channel_path = "/nonexistent/channel.tsv";
  auto r = DiacriticRestorer::Load(model, options);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("/nonexistent/channel.tsv"), std::string::npos);
  std::remove(model.c_str());
}
#endif

}  // namespace
}  // namespace sohoa
