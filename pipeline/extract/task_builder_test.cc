// Tasks in clean text, one test a form (issue 13): prose, duties under an
// agency heading, table rows; and what is no task.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "pipeline/extract/extractor.h"
#include "pipeline/extract/rule_check.h"
#include "tests/extract/extract_test_env.h"
#include "tests/extract/extractor_suite.h"

namespace sohoa {
namespace {

class TaskTest : public extract_test::ExtractorSuite {
 protected:
  static std::vector<Record> Of(const std::vector<Record>& records, const std::string& kind) {
    std::vector<Record> out;
    for (const Record& r : records) {
      if (r.kind == kind) out.push_back(r);
    }
    return out;
  }
};

TEST_F(TaskTest, ProseGiveLeadPartnersDeadline) {
  const std::string text =
      "IV. TỔ CHỨC THỰC HIỆN\n"
      "1. Giao Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp, Sở Tài chính theo dõi việc "
      "thực hiện Kế hoạch, hoàn thành trước ngày 15/12/2023.\n";
  const std::vector<Record> records = extractor_->Extract(text);
  const std::vector<Record> tasks = Of(records, "task");
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(FieldOf(tasks[0], "section"), "IV.1");
  EXPECT_EQ(FieldOf(tasks[0], "lead"), "Sở Nội vụ");
  EXPECT_EQ(FieldOf(tasks[0], "lead_level"), "tỉnh");
  EXPECT_EQ(FieldOf(tasks[0], "partners"), "Sở Tư pháp | Sở Tài chính");
  EXPECT_EQ(FieldOf(tasks[0], "deadline_type"), "before");
  EXPECT_EQ(FieldOf(tasks[0], "deadline_value"), "2023-12-15");
  EXPECT_EQ(FieldOf(tasks[0], "task_id"), "1");
  // The records inside it carry its id; its deadline carries its lead.
  const std::vector<Record> deadlines = Of(records, "deadline");
  ASSERT_EQ(deadlines.size(), 1u);
  EXPECT_EQ(FieldOf(deadlines[0], "task_id"), "1");
  EXPECT_EQ(FieldOf(deadlines[0], "agency"), "Sở Nội vụ");
  for (const Record& agency : Of(records, "agency")) EXPECT_EQ(FieldOf(agency, "task_id"), "1");
}

TEST_F(TaskTest, AnItemOpenedByItsSubjectOrARequestHasThatLead) {
  const std::string text =
      "III. NHIỆM VỤ\n"
      "1. Đề nghị Phòng Tư pháp hướng dẫn các xã triển khai trong quý II/2024.\n"
      "2. Phòng Nội vụ chịu trách nhiệm tổng hợp, báo cáo trước ngày 20/6/2024.\n";
  const std::vector<Record> tasks = Of(extractor_->Extract(text), "task");
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(FieldOf(tasks[0], "lead"), "Phòng Tư pháp");
  EXPECT_EQ(FieldOf(tasks[0], "section"), "III.1");
  EXPECT_EQ(FieldOf(tasks[0], "deadline_type"), "quarter");
  EXPECT_EQ(FieldOf(tasks[1], "lead"), "Phòng Nội vụ");
  EXPECT_EQ(FieldOf(tasks[1], "deadline_value"), "2024-06-20");
}

TEST_F(TaskTest, DutiesUnderAnAgencyHeadingAreLedByIt) {
  const std::string text =
      "IV. TỔ CHỨC THỰC HIỆN\n"
      "1. Sở Nội vụ\n"
      "- Tham mưu tổ chức hội nghị sơ kết trước ngày 30/6/2024.\n"
      "- Theo dõi, đôn đốc các đơn vị thực hiện.\n"
      "2. Phòng Văn hóa và Thông tin:\n"
      "- Tuyên truyền nội dung Kế hoạch trên hệ thống đài truyền thanh.\n";
  const std::vector<Record> tasks = Of(extractor_->Extract(text), "task");
  ASSERT_EQ(tasks.size(), 3u);
  EXPECT_EQ(FieldOf(tasks[0], "lead"), "Sở Nội vụ");
  EXPECT_EQ(FieldOf(tasks[0], "section"), "IV.1");
  EXPECT_EQ(FieldOf(tasks[0], "deadline_value"), "2024-06-30");
  EXPECT_EQ(FieldOf(tasks[1], "lead"), "Sở Nội vụ");
  EXPECT_EQ(FieldOf(tasks[1], "deadline_type"), "null");
  EXPECT_EQ(FieldOf(tasks[2], "lead"), "Phòng Văn hóa và Thông tin");
  EXPECT_EQ(FieldOf(tasks[2], "section"), "IV.2");
}

TEST_F(TaskTest, TableRowsAreTasks) {
  const std::string text =
      "I. NỘI DUNG\n"
      "STT\tNội dung\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian thực hiện\n"
      "1\tTập huấn nghiệp vụ\tSở Nội vụ\tSở Tư pháp\tQuý III/2023\n"
      "2\tKhảo sát mức độ hài lòng\tSở Tư pháp\tBưu điện tỉnh\tTháng 8/2023\n";
  const std::vector<Record> tasks = Of(extractor_->Extract(text), "task");
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(FieldOf(tasks[0], "section"), "Phụ lục.1");
  EXPECT_EQ(FieldOf(tasks[0], "lead"), "Sở Nội vụ");
  EXPECT_EQ(FieldOf(tasks[0], "partners"), "Sở Tư pháp");
  EXPECT_EQ(FieldOf(tasks[0], "deadline_value"), "2023-Q3");
  EXPECT_EQ(FieldOf(tasks[1], "lead"), "Sở Tư pháp");
  EXPECT_EQ(FieldOf(tasks[1], "deadline_type"), "month");
}

TEST_F(TaskTest, ItemsNamingNoLeadAndSignaturesAreNoTasks) {
  const std::string text =
      "II. NỘI DUNG\n"
      "1. Tổ chức 02 đợt tập huấn cho cán bộ trong quý III/2023.\n"
      "\n"
      "TM. ỦY BAN NHÂN DÂN\n"
      "KT. CHỦ TỊCH\n";
  EXPECT_TRUE(Of(extractor_->Extract(text), "task").empty());
}

TEST_F(TaskTest, ATopicHeadingGivesItsNumberToTheParagraphBelow) {
  const std::string text =
      "III. NHIỆM VỤ\n"
      "3. Bảo đảm an toàn hồ, đập\n"
      "Ủy ban nhân dân các huyện kiểm tra hồ chứa nước, hoàn thành trong tháng 4/2024.\n";
  const std::vector<Record> tasks = Of(extractor_->Extract(text), "task");
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(FieldOf(tasks[0], "section"), "III.3");
  EXPECT_EQ(FieldOf(tasks[0], "lead"), "Ủy ban nhân dân các huyện");
  EXPECT_EQ(FieldOf(tasks[0], "deadline_value"), "2024-04");
}

TEST_F(TaskTest, GroupsSharedSubjectsFundingAndRecipientsLeadNothing) {
  const std::string text =
      "IV. TỔ CHỨC THỰC HIỆN\n"
      "1. Các cơ quan, đơn vị báo cáo kết quả trước ngày 15/12/2023.\n"
      "2. Đề nghị Báo Bình Dương và Đài Phát thanh tỉnh đăng tin, bài tuyên truyền.\n"
      "3. Sở Tài chính bảo đảm kinh phí thực hiện Kế hoạch.\n"
      "\n"
      "Nơi nhận:\n"
      "- Sở Nội vụ;                  KT. CHỦ TỊCH\n";
  EXPECT_TRUE(Of(extractor_->Extract(text), "task").empty());
}

TEST_F(TaskTest, LabelledBlocksGiveLeadPartnersAndTime) {
  const std::string text =
      "II. NHIỆM VỤ\n"
      "1. Số hóa hồ sơ thủ tục hành chính\n"
      "- Phối hợp: Sở Tư pháp, Sở Tài chính.\n"
      "- Chủ trì: Sở Nội vụ.\n"
      "- Thời gian hoàn thành: trước ngày 30/9/2024.\n"
      "- Sản phẩm: kho dữ liệu số.\n"
      "2. Tập huấn cán bộ một cửa\n"
      "Cơ quan chủ trì: Sở Thông tin và Truyền thông\n"
      "Thời gian thực hiện: quý IV/2024\n";
  const std::vector<Record> tasks = Of(extractor_->Extract(text), "task");
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(FieldOf(tasks[0], "section"), "II.1");
  EXPECT_EQ(FieldOf(tasks[0], "lead"), "Sở Nội vụ");
  EXPECT_EQ(FieldOf(tasks[0], "partners"), "Sở Tư pháp | Sở Tài chính");
  EXPECT_EQ(FieldOf(tasks[0], "deadline_value"), "2024-09-30");
  EXPECT_EQ(FieldOf(tasks[1], "lead"), "Sở Thông tin và Truyền thông");
  EXPECT_EQ(FieldOf(tasks[1], "deadline_value"), "2024-Q4");
}

}  // namespace
}  // namespace sohoa
