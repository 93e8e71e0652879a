#include "pipeline/ocr/reading_order.h"

#include <gtest/gtest.h>

namespace sohoa {
namespace {

constexpr int kWidth = 2480;  // A4 at 300 dpi

// A line of words 40 px high; each word given with its left edge, 20 px a
// character wide.
OcrLine Line(const std::vector<std::pair<int, std::string>>& words) {
  OcrLine line;
  for (const auto& [left, text] : words) {
    line.words.push_back({text, Box{left, 0, 20 * static_cast<int>(text.size()), 40}, 90});
  }
  return line;
}

// "ỦY BAN NHÂN DÂN ... CỘNG HÒA XÃ HỘI" as Tesseract reads it.
TEST(ReorderBlocksTest, PutsTheLeftBlockBeforeTheRight) {
  const std::string text =
      "UY BAN      CONG HOA\n"
      "TINH QN      Doc lap\n"
      "So: 46/TB\n"
      "               Quang Ngai, ngay 24\n"
      "\n"
      "THONG BAO\n"
      "Ve viec thu ly\n";
  const std::vector<OcrLine> lines = {
      Line({{300, "UY"}, {360, "BAN"}, {1300, "CONG"}, {1420, "HOA"}}),
      Line({{320, "TINH"}, {420, "QN"}, {1380, "Doc"}, {1460, "lap"}}),
      Line({{330, "So:"}, {410, "46/TB"}}),
      Line({{1250, "Quang"}, {1370, "Ngai,"}, {1490, "ngay"}, {1590, "24"}}),
      Line({{1050, "THONG"}, {1170, "BAO"}}),
      Line({{900, "Ve"}, {960, "viec"}, {1060, "thu"}, {1140, "ly"}}),
  };
  EXPECT_EQ(ReorderBlocks(text, lines, kWidth),
            "UY BAN\nTINH QN\nSo: 46/TB\n\n"
            "CONG HOA\nDoc lap\nQuang Ngai, ngay 24\n\n"
            "THONG BAO\nVe viec thu ly\n");
}

TEST(ReorderBlocksTest, PutsTheSignatureBlockBeforeTheRecipients) {
  const std::string text =
      "cac co quan thuc hien nghiem tuc noi dung nay\n"
      "tai dia phuong.\n"
      "\n"
      "Noi nhan:          CHU TICH\n"
      "- Nhu Dieu 3;\n"
      "- Luu: VT.\n"
      "              Nguyen Van A\n";
  const std::vector<OcrLine> lines = {
      Line({{250, "cac"},
            {330, "co"},
            {390, "quan"},
            {800, "thuc"},
            {1500, "hien"},
            {2000, "nghiem"},
            {2160, "tuc"}}),
      Line({{250, "tai"}, {330, "dia"}, {410, "phuong."}}),
      Line({{250, "Noi"}, {330, "nhan:"}, {1500, "CHU"}, {1580, "TICH"}}),
      Line({{250, "-"}, {290, "Nhu"}, {370, "Dieu"}, {460, "3;"}}),
      Line({{250, "-"}, {290, "Luu:"}, {390, "VT."}}),
      Line({{1450, "Nguyen"}, {1590, "Van"}, {1670, "A"}}),
  };
  EXPECT_EQ(ReorderBlocks(text, lines, kWidth),
            "cac co quan thuc hien nghiem tuc noi dung nay\n"
            "tai dia phuong.\n"
            "\n"
            "CHU TICH\nNguyen Van A\n\n"
            "Noi nhan:\n- Nhu Dieu 3;\n- Luu: VT.\n");
}

TEST(ReorderBlocksTest, LeavesTextWithoutATwoBlockHeaderAlone) {
  const std::string body = "Ve viec thu ly\nho so\n";
  const std::vector<OcrLine> centred = {Line({{900, "Ve"}, {960, "viec"}}),
                                        Line({{1000, "ho"}, {1060, "so"}})};
  EXPECT_EQ(ReorderBlocks(body, centred, kWidth), body);
  // A table row has more than one wide gap: cells, not header blocks.
  const std::string table = "1   Xay dung   So Noi vu   Quy II\nTINH\n";
  const std::vector<OcrLine> rows = {Line({{200, "1"},
                                           {400, "Xay"},
                                           {480, "dung"},
                                           {1100, "So"},
                                           {1160, "Noi"},
                                           {1240, "vu"},
                                           {1900, "Quy"},
                                           {1980, "II"}}),
                                     Line({{300, "TINH"}})};
  EXPECT_EQ(ReorderBlocks(table, rows, kWidth), table);
  // Lines that do not match the text: unchanged.
  EXPECT_EQ(ReorderBlocks(body, {}, kWidth), body);
}

}  // namespace
}  // namespace sohoa
