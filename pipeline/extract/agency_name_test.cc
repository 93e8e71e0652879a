#include "pipeline/extract/agency_name.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "pipeline/extract/extractor.h"
#include "pipeline/extract/rule_file.h"
#include "tests/extract/extract_test_env.h"

namespace sohoa {
namespace {

class AgencyNameTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto data = ReadRuleDir(extract_test::RulesDir());
    ASSERT_TRUE(data.ok()) << data.status().ToString();
    confusions_ = new ConfusionTable(data->confusions);
    auto recognizer = AgencyNameRecognizer::Create(data->defines);
    ASSERT_TRUE(recognizer.ok()) << recognizer.status().ToString();
    recognizer_ = recognizer->release();
  }
  static void TearDownTestSuite() {
    delete recognizer_;
    delete confusions_;
  }

  // The name recognized at the start of `text`, as written, or "(none)".
  static std::string NameAt(const std::string& text) {
    FoldedText folded(text, *confusions_);
    size_t end = recognizer_->NameEnd(folded, text, 0);
    if (end == std::string::npos) return "(none)";
    return text.substr(0, folded.ToOriginal(end));
  }

  static AgencyNameRecognizer* recognizer_;
  static ConfusionTable* confusions_;
};
AgencyNameRecognizer* AgencyNameTest::recognizer_ = nullptr;
ConfusionTable* AgencyNameTest::confusions_ = nullptr;

TEST_F(AgencyNameTest, BodyPartsLevelAndPlace) {
  EXPECT_EQ(NameAt("Sở Văn hóa, Thể thao và Du lịch tỉnh Bình Dương chủ trì"),
            "Sở Văn hóa, Thể thao và Du lịch tỉnh Bình Dương");
  EXPECT_EQ(NameAt("Phòng Tài chính - Kế hoạch, Phòng Nội vụ"), "Phòng Tài chính - Kế hoạch");
  EXPECT_EQ(NameAt("Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu ban hành"),
            "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu");
  EXPECT_EQ(NameAt("UBND các xã, thị trấn và"), "UBND các xã, thị trấn");
  EXPECT_EQ(NameAt("UBND Phường 12 thực hiện"), "UBND Phường 12");
  EXPECT_EQ(NameAt("Đoàn Thanh niên Cộng sản Hồ Chí Minh huyện"),
            "Đoàn Thanh niên Cộng sản Hồ Chí Minh huyện");
  EXPECT_EQ(NameAt("Văn phòng HĐND và UBND huyện"), "Văn phòng HĐND và UBND huyện");
}

TEST_F(AgencyNameTest, StrippedAndGarbledTextKeepsItsCapitals) {
  EXPECT_EQ(NameAt("Phong Vin hoéa va Thong tin huyén"), "Phong Vin hoéa va Thong tin huyén");
  EXPECT_EQ(NameAt("Phòng Nội vụ phdi hop với"), "Phòng Nội vụ");  // a garbled stop word
}

TEST_F(AgencyNameTest, AUnitHeadWithoutACapitalizedBodyIsNoAgency) {
  EXPECT_EQ(NameAt("số 12/KH-UBND"), "(none)");
  EXPECT_EQ(NameAt("ban hành kế hoạch"), "(none)");
  EXPECT_EQ(NameAt("phòng, chống tham nhũng"), "(none)");
  EXPECT_EQ(NameAt("cán bộ, công chức"), "(none)");
}

TEST_F(AgencyNameTest, ColumnsAndBlankLinesEndAName) {
  // A header's two halves, a table's cells: never one name.
  EXPECT_EQ(NameAt("ỦY BAN NHÂN DÂN        CỘNG HÒA XÃ HỘI"), "ỦY BAN NHÂN DÂN");
  EXPECT_EQ(NameAt("Sở Nội vụ\tSở Tư pháp"), "Sở Nội vụ");
  EXPECT_EQ(NameAt("Phòng Nội vụ\nhuyện chủ trì"), "Phòng Nội vụ\nhuyện");
  EXPECT_EQ(NameAt("Phòng Nội vụ\n\nHuyện"), "Phòng Nội vụ");
}

TEST_F(AgencyNameTest, AHeadWordInsideANameIsABodyWord) {
  // After "và", a head word starts a new name only with a body of its own.
  EXPECT_EQ(NameAt("Trạm Trồng trọt và Bảo vệ thực vật chủ trì"),
            "Trạm Trồng trọt và Bảo vệ thực vật");
  EXPECT_EQ(NameAt("Báo Thái Nguyên và Đài Phát thanh - Truyền hình tỉnh"), "Báo Thái Nguyên");
  // A head word as the whole body; but a post in capitals is no agency.
  EXPECT_EQ(NameAt("Văn phòng Sở bảo đảm kinh phí"), "Văn phòng Sở");
  EXPECT_EQ(NameAt("TRƯỞNG PHÒNG\nNguyễn Văn An"), "(none)");
  // After a comma a head starts the next name, even garbled in lowercase.
  EXPECT_EQ(NameAt("Phong Tu phap, Phong\nvan héa va Thong tin"), "Phong Tu phap");
}

TEST_F(AgencyNameTest, AHeadThatNamesItsLevelTakesAPlace) {
  EXPECT_EQ(NameAt("Quận đoàn Hải Châu chủ trì"), "Quận đoàn Hải Châu");
  EXPECT_EQ(NameAt("Tỉnh ủy Lào Cai chỉ đạo"), "Tỉnh ủy Lào Cai");
  EXPECT_EQ(NameAt("Ban Thường vụ Tỉnh ủy Đắk Lắk chỉ đạo"), "Ban Thường vụ Tỉnh ủy Đắk Lắk");
  EXPECT_EQ(NameAt("Huyện ủy chỉ đạo"), "Huyện ủy");
}

TEST_F(AgencyNameTest, CapitalsEndingALineLendNoBodyToTheNext) {
  EXPECT_EQ(NameAt("BÁO\nVề việc tổ chức"), "(none)");
  EXPECT_EQ(NameAt("PHÒNG\nTrần Thị Hoa"), "(none)");
  EXPECT_EQ(NameAt("ỦY BAN NHÂN DÂN\nXÃ TÂN THẠNH ĐÔNG\nSố: 12/KH-UBND"),
            "ỦY BAN NHÂN DÂN\nXÃ TÂN THẠNH ĐÔNG");
  EXPECT_EQ(NameAt("SỞ VĂN HÓA, THỂ THAO\nVÀ DU LỊCH"), "SỞ VĂN HÓA, THỂ THAO\nVÀ DU LỊCH");
  EXPECT_EQ(NameAt("Văn phòng HĐND\nvà UBND huyện"), "Văn phòng HĐND\nvà UBND huyện");
}

TEST_F(AgencyNameTest, BaoCaoIsNoNewspaper) {
  EXPECT_EQ(NameAt("BÁO CÁO KẾT QUẢ"), "(none)");
  EXPECT_EQ(NameAt("Báo Thái Nguyên đưa tin"), "Báo Thái Nguyên");
}

TEST_F(AgencyNameTest, AStopGivenWithAccentsStopsOnlyItselfInAccentedText) {
  EXPECT_EQ(NameAt("Bộ phận Trung học cơ sở chủ trì"), "Bộ phận Trung học cơ sở");
  EXPECT_EQ(NameAt("Sở Giáo dục và Đào tạo về việc"), "Sở Giáo dục và Đào tạo");
  // Without accents "ve" may be "về": it stops.
  EXPECT_EQ(NameAt("So Giao duc va Dao tao ve viec"), "So Giao duc va Dao tao");
}

TEST(AgencyNameBulletTest, ANameAfterABulletDashIsRead) {
  // Extract runs the recognizer with the bullet before the name.
  auto extractor = Extractor::Load(extract_test::RulesDir());
  ASSERT_TRUE(extractor.ok()) << extractor.status().ToString();
  auto agencies = [&](const std::string& text) {
    int n = 0;
    for (const Record& r : (*extractor)->Extract(text)) n += r.kind == "agency";
    return n;
  };
  EXPECT_EQ(agencies("- Bộ phận Trung học cơ sở chủ trì\n"), 1);
  EXPECT_EQ(agencies("Kế hoạch số 12/KH-UBND ngày 02/3/2023\n"), 0);  // a symbol's UBND
  // Addressees, listed in the document's recipients.
  EXPECT_EQ(agencies("Nơi nhận:\n- Sở Nội vụ;\n- UBND tỉnh (b/c);\n- Lưu: VT.\n"), 0);
}

TEST_F(AgencyNameTest, ALevelWordInTitleCaseIsABodyWord) {
  EXPECT_EQ(NameAt("Công chức Văn hóa - Xã hội chủ trì"), "Công chức Văn hóa - Xã hội");
}

TEST_F(AgencyNameTest, ATimeInTheNextCellIsNoPlace) {
  EXPECT_EQ(NameAt("Các đoàn thể xã\nTháng 3/2023"), "Các đoàn thể xã");
  EXPECT_EQ(NameAt("UBND huyện Năm Căn chủ trì"), "UBND huyện Năm Căn");
}

TEST(AgencyNameCreateTest, NamesTheMissingMacro) {
  std::map<std::string, std::string> defines = {{"AGENCY_HEAD", "ubnd"}, {"LEVEL", "huyen"}};
  auto recognizer = AgencyNameRecognizer::Create(defines);
  ASSERT_FALSE(recognizer.ok());
  EXPECT_NE(recognizer.status().message().find("AGENCY_UNIT"), std::string::npos);
  defines["AGENCY_UNIT"] = "so";
  defines["AGENCY_STOP"] = "chu";
  defines["LEVEL"] = "huyen|[a-z]+";
  recognizer = AgencyNameRecognizer::Create(defines);
  ASSERT_FALSE(recognizer.ok());
  EXPECT_NE(recognizer.status().message().find("LEVEL"), std::string::npos);
  defines["AGENCY_UNIT"] = "so(";
  defines["LEVEL"] = "huyen";
  EXPECT_FALSE(AgencyNameRecognizer::Create(defines).ok());
}

}  // namespace
}  // namespace sohoa
