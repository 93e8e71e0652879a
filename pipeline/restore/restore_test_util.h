// Test helper: a tiny restoration model built at test time from sentences
// written for the tests, so the suite needs no corpus.
#ifndef SOHOA_PIPELINE_RESTORE_RESTORE_TEST_UTIL_H_
#define SOHOA_PIPELINE_RESTORE_RESTORE_TEST_UTIL_H_

#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "pipeline/restore/lm_builder.h"
#include "pipeline/restore/training_text.h"

namespace sohoa::restore::testing {

inline const std::vector<std::string>& TinyCorpus() {
  static const std::vector<std::string> kLines = {
      "Ủy ban nhân dân huyện xây dựng kế hoạch tuyên truyền cải cách hành chính.",
      "Thực hiện kế hoạch số 12/KH-UBND của Ủy ban nhân dân tỉnh Tây Ninh.",
      "Kế hoạch tuyên truyền cải cách hành chính năm 2022 trên địa bàn huyện.",
      "Nâng cao nhận thức của người dân và doanh nghiệp về cải cách hành chính.",
      "Các cơ quan, đơn vị, tổ chức, cá nhân trên địa bàn tỉnh thực hiện kế hoạch này.",
      "Cán bộ, công chức, viên chức thực hiện nhiệm vụ được giao.",
      "Ủy ban nhân dân xã báo cáo kết quả thực hiện về Ủy ban nhân dân huyện.",
      "Người lao động có quyền làm việc và được trả lương.",
      "Người sử dụng lao động có nghĩa vụ thực hiện hợp đồng lao động.",
      "Chủ tịch Ủy ban nhân dân tỉnh quyết định thành lập hội đồng.",
      "Quyết định này có hiệu lực kể từ ngày ký.",
      "Văn phòng Ủy ban nhân dân tỉnh chịu trách nhiệm thi hành quyết định này.",
      "Sở Nội vụ hướng dẫn các đơn vị thực hiện cải cách hành chính.",
      "Hội đồng nhân dân tỉnh giám sát việc thực hiện nghị quyết.",
      "Ban hành kèm theo quyết định này quy chế làm việc của hội đồng.",
      "Tổ chức tuyên truyền sâu rộng đến cán bộ và nhân dân.",
      "Huyện Gò Dầu thuộc tỉnh Tây Ninh.",
      "Thủ tục hành chính được công khai trên cổng thông tin điện tử.",
      "Kiểm soát thủ tục hành chính là nhiệm vụ thường xuyên.",
      "Điều 1. Phạm vi điều chỉnh",
      "Luật này quy định về quyền và nghĩa vụ của cơ quan, tổ chức, cá nhân.",
      "Bà ba bán bánh bao ở chợ.",
      "Mẹ mua cá, mua rau và mua thịt.",
      "a) Tổ chức hội nghị;",
      "b) Báo cáo kết quả;",
      "c) Kiểm tra việc thực hiện;",
      "d) Đề xuất khen thưởng;",
      "đ) Công khai thủ tục hành chính;",
      "e) Nhiệm vụ khác.",
      "d) Dự toán kinh phí;",
  };
  return kLines;
}

// Builds the tiny model into a temporary file and returns its path.
inline std::string BuildTinyModel(const std::string& name, int order = 4) {
  LmBuildOptions options;
  options.order = order;
  options.min_counts = {1, 1, 1, 1};
  options.min_word_count = 1;
  options.metadata = "name=tiny-test\ncreated=test\n";
  LmBuilder builder(options);
  for (const auto& line : TinyCorpus()) builder.AddSentence(LineKeys(line), 1);
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string path = std::string(tmp ? tmp : "/tmp") + "/sohoa_restore_" + name + "_" +
                     std::to_string(::getpid()) + ".bin";
  Status s = builder.Write(path);
  return s.ok() ? path : std::string();
}

}  // namespace sohoa::restore::testing

#endif  // SOHOA_PIPELINE_RESTORE_RESTORE_TEST_UTIL_H_
