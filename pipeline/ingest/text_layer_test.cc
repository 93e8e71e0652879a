#include "pipeline/ingest/text_layer.h"

#include <gtest/gtest.h>

#include "tests/support/layered_pdf.h"

namespace sohoa {
namespace {

namespace tf = testing_files;

constexpr double kA4Area = 595.0 * 842.0;

SignatureBoxWording Wording() {
  auto w = SignatureBoxWording::Parse("# comment\nKý bởi\nThời gian ký\n\nSigned by\n", "test");
  EXPECT_TRUE(w.ok()) << w.status().ToString();
  return std::move(w).value();
}

// Words laid out one line after another, each line's words left to right.
std::vector<LayerWord> Lines(const std::vector<std::string>& lines, double left, double top,
                             double size = 8) {
  std::vector<LayerWord> words;
  double y = top;
  for (const std::string& line : lines) {
    double x = left;
    size_t start = 0;
    while (start < line.size()) {
      size_t end = line.find(' ', start);
      if (end == std::string::npos) end = line.size();
      const std::string w = line.substr(start, end - start);
      const double width = size * 0.5 * w.size();
      words.push_back({w, {x, y, x + width, y + size}, end < line.size()});
      x += width + size * 0.3;
      start = end + 1;
    }
    y += size * 1.2;
  }
  return words;
}

std::vector<LayerWord> Concat(std::vector<LayerWord> a, const std::vector<LayerWord>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST(SignatureBoxWordingTest, TellsBoxesByLineStartOrByEmailAndTime) {
  const SignatureBoxWording w = Wording();
  EXPECT_TRUE(w.IsSignatureBox({"Ký bởi: Ủy ban nhân dân", "tỉnh Quảng Ngãi"}));
  EXPECT_TRUE(w.IsSignatureBox({"KY BOI: UBND TINH"}));  // folded, as OCR'd layers write it
  EXPECT_TRUE(w.IsSignatureBox({"Cơ quan: Tỉnh Quảng Ngãi", "Thời gian ký: 26/01/2025 11:12:09"}));
  EXPECT_TRUE(w.IsSignatureBox({"TRUNG TÂM CÔNG BÁO", "VÀ TIN HỌC", "ttcbth@quangngai.gov.vn",
                                "27.01.2025 07:10:01 +07:00"}));
  // Prose that mentions signing, an e-mail without a time, a time to the minute.
  EXPECT_FALSE(w.IsSignatureBox({"Văn bản này được ký bởi Chủ tịch UBND tỉnh."}));
  EXPECT_FALSE(w.IsSignatureBox({"Ký bởichủ"}));
  EXPECT_FALSE(w.IsSignatureBox({"Liên hệ: vanthu@tayninh.gov.vn"}));
  EXPECT_FALSE(w.IsSignatureBox({"vanthu@tayninh.gov.vn", "họp lúc 08:15 ngày 05/01/2021"}));
  EXPECT_TRUE(SignatureBoxWording().IsSignatureBox({"a@b.vn 12:00:01"}));  // shape alone
  EXPECT_FALSE(SignatureBoxWording().IsSignatureBox({"Ký bởi: UBND"}));
}

TEST(SignatureBoxWordingTest, FileWithoutPhrasesIsRefusedNamingIt) {
  auto w = SignatureBoxWording::Parse("# only comments\n\n", "rules/signature_box.txt");
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.status().message().find("rules/signature_box.txt"), std::string::npos);
  EXPECT_FALSE(SignatureBoxWording::Load("/nonexistent/signature_box.txt").ok());
}

TEST(GroupLayerBlocksTest, SeparatesABoxInTheCornerFromTheBody) {
  const auto words =
      Concat(Lines({"Ký bởi: Ủy ban nhân dân", "Thời gian ký: 05/01/2021"}, 450, 10),
             Lines({"CHỈ THỊ", "Về việc triển khai", "hóa đơn điện tử"}, 100, 120, 12));
  const std::vector<LayerBlock> blocks = GroupLayerBlocks(words);
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].lines,
            (std::vector<std::string>{"Ký bởi: Ủy ban nhân dân", "Thời gian ký: 05/01/2021"}));
  EXPECT_EQ(blocks[1].lines.size(), 3u);
  EXPECT_EQ(blocks[1].words.size(), 10u);
}

TEST(SplitSignatureBoxesTest, KeepsTheBodyAndHidesEveryWordOfTheBox) {
  const auto box = Lines({"Ký bởi: Ủy ban nhân dân", "Thời gian ký: 05/01/2021 08:15:24"}, 450, 10);
  const auto body = Lines({"CHỈ THỊ", "Về việc triển khai"}, 100, 120, 12);
  const auto words = Concat(box, body);
  const LayerSplit split = SplitSignatureBoxes(words, kA4Area, Wording());
  EXPECT_EQ(split.kept_words, static_cast<int>(body.size()));
  EXPECT_EQ(split.overlay_boxes.size(), box.size());
  ASSERT_EQ(split.overlay_texts.size(), 1u);
  EXPECT_EQ(split.overlay_texts[0], "Ký bởi: Ủy ban nhân dân Thời gian ký: 05/01/2021 08:15:24");
  EXPECT_EQ(LayerText(words, split.keep), "CHỈ THỊ\nVề việc triển khai\n");
}

TEST(SplitSignatureBoxesTest, ALargeBlockIsNeverABox) {
  // A full page of text that starts "Ký bởi" is a document, not a stamp.
  std::vector<std::string> lines(60, "Ký bởi ai và khi nào là điều cần ghi rõ trong văn bản");
  const auto words = Lines(lines, 60, 60, 11);
  const LayerSplit split = SplitSignatureBoxes(words, kA4Area, Wording());
  EXPECT_TRUE(split.overlay_boxes.empty());
  EXPECT_EQ(split.kept_words, static_cast<int>(words.size()));
}

TEST(HasTextTest, CountsWordsNotSymbols) {
  EXPECT_TRUE(HasText("Ủy ban nhân dân"));
  EXPECT_TRUE(HasText("CHI THI ve viec"));
  EXPECT_FALSE(HasText(""));
  EXPECT_FALSE(HasText("~ ; —  | ® ' .\n\n"));
  EXPECT_FALSE(HasText("Ẩ ) x qzx ky"));
}

TEST(BlankPageNoteTest, TellsSealBleedThroughAndEmptyPaper) {
  InkCensus seal{100000, 300, 0, 800, 500};  // a red seal over a little grey
  EXPECT_EQ(BlankPageNote({240000, 76, 0, 319, 49}),
            "blank page: seal only");  // a real half-inked seal
  EXPECT_EQ(BlankPageNote(seal), "blank page: seal only");
  InkCensus bleed{100000, 20, 0, 0, 5000};
  EXPECT_EQ(BlankPageNote(bleed), "blank page: bleed-through only");
  InkCensus paper{100000, 10, 0, 0, 100};
  EXPECT_EQ(BlankPageNote(paper), "blank page");
  InkCensus marks{100000, 3000, 0, 0, 100};
  EXPECT_EQ(BlankPageNote(marks), "no text read: marks without print");
}

TEST(PdfReaderTest, LayerWordsInkAndHiddenBoxesOfAScanWithAStamp) {
  tf::LayeredPage page;
  page.scan_width = 250;
  page.scan_height = 354;
  page.scan_pixels = tf::ScanOfPrintedLines(page.scan_width, page.scan_height, 12);
  page.lines = {{430, 20, 7, "Ky boi: Uy ban nhan dan tinh Quang Ngai"},
                {430, 30, 7, "Thoi gian ky: 05/01/2021 08:15:24"}};
  const std::string pdf = tf::MakeLayeredPdf(page);
  auto reader = PdfReader::Open(pdf, "stamped.pdf");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto box = (*reader)->PageBox(0);
  ASSERT_TRUE(box.ok());
  EXPECT_DOUBLE_EQ(box->right, 595);
  EXPECT_DOUBLE_EQ(box->bottom, 842);
  auto words = (*reader)->TextLayerWords(0);
  ASSERT_TRUE(words.ok());
  ASSERT_GE(words->size(), 10u);
  EXPECT_EQ((*words)[0].text, "Ky");
  EXPECT_NEAR((*words)[0].box.left, 430, 1);
  EXPECT_LT((*words)[0].box.top, 20);
  EXPECT_GT((*words)[0].box.bottom, 17);

  const LayerSplit split = SplitSignatureBoxes(*words, box->area(), Wording());
  EXPECT_EQ(split.kept_words, 0);
  ASSERT_EQ(split.overlay_texts.size(), 1u);

  // The stamp's ink is all that the layer covers: almost none of the page's.
  auto ink = (*reader)->CountInk(0, 50, {}, split.overlay_boxes);
  ASSERT_TRUE(ink.ok());
  EXPECT_GT(ink->dark, 0);
  EXPECT_LT(static_cast<double>(ink->covered) / ink->dark, 0.1);
  auto hidden_ink = (*reader)->CountInk(0, 50, split.overlay_boxes, split.overlay_boxes);
  ASSERT_TRUE(hidden_ink.ok());
  EXPECT_EQ(hidden_ink->covered, 0);

  // Hidden boxes are paper in the render OCR gets.
  auto plain = (*reader)->Render(0, 100, 10'000'000);
  auto hidden =
      (*reader)->Render(0, RenderRequest{100, 10'000'000, split.overlay_boxes, false}, nullptr);
  ASSERT_TRUE(plain.ok() && hidden.ok());
  auto dark_in_stamp = [](const Image& image) {
    int dark = 0;
    for (int y = 100 * 14 / 72; y < 100 * 32 / 72; ++y) {
      for (int x = 100 * 430 / 72; x < image.width; ++x) dark += image.at(x, y) < 128;
    }
    return dark;
  };
  EXPECT_GT(dark_in_stamp(*plain), 50);
  EXPECT_EQ(dark_in_stamp(*hidden), 0);
}

TEST(PdfReaderTest, ColourInkIsDroppedAndPrintUnderItKept) {
  // Black print in the top half, a red "seal" over the middle, a blue
  // "signature" stroke at the bottom, pale pink where a seal shows through.
  tf::LayeredPage page;
  page.scan_width = 60;
  page.scan_height = 60;
  page.scan_rgb = true;
  page.scan_pixels.assign(60 * 60 * 3, 255);
  auto paint = [&](int x0, int y0, int x1, int y1, uint8_t r, uint8_t g, uint8_t b) {
    for (int y = y0; y < y1; ++y) {
      for (int x = x0; x < x1; ++x) {
        uint8_t* p = &page.scan_pixels[(static_cast<size_t>(y) * 60 + x) * 3];
        p[0] = r, p[1] = g, p[2] = b;
      }
    }
  };
  paint(0, 10, 60, 30, 210, 40, 50);    // seal, over the print below
  paint(0, 20, 30, 25, 20, 20, 20);     // print (where it crosses the seal it is dark)
  paint(0, 40, 60, 45, 40, 60, 160);    // signature
  paint(0, 50, 60, 55, 245, 185, 195);  // pale pink
  auto reader = PdfReader::Open(tf::MakeLayeredPdf(page), "seal.pdf");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  int64_t dropped = -1;
  auto image = (*reader)->Render(0, RenderRequest{72, 10'000'000, {}, true}, &dropped);
  ASSERT_TRUE(image.ok()) << image.status().ToString();
  auto at = [&](int sx, int sy) {  // scan pixel -> render pixel
    return image->at(sx * image->width / 60, sy * image->height / 60);
  };
  EXPECT_GT(dropped, 0);
  EXPECT_EQ(at(45, 15), 255);  // seal only
  EXPECT_LT(at(10, 22), 128);  // print under the seal
  EXPECT_EQ(at(30, 42), 255);  // signature
  EXPECT_EQ(at(30, 52), 255);  // pale pink
  auto kept = (*reader)->Render(0, 72, 10'000'000);
  ASSERT_TRUE(kept.ok());
  EXPECT_LT(kept->at(45 * kept->width / 60, 15 * kept->height / 60), 160);
}

TEST(PdfReaderTest, ABornDigitalPageIsCoveredByItsLayer) {
  tf::LayeredPage page;
  for (int i = 0; i < 30; ++i) {
    page.lines.push_back(
        {72, 80.0 + 20 * i, 12, "Ke hoach trien khai cong tac nam 2024 tai dia phuong"});
  }
  const std::string pdf = tf::MakeLayeredPdf(page);
  auto reader = PdfReader::Open(pdf, "digital.pdf");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto words = (*reader)->TextLayerWords(0);
  ASSERT_TRUE(words.ok());
  std::vector<PdfRect> boxes;
  for (const LayerWord& w : *words) boxes.push_back(w.box);
  auto ink = (*reader)->CountInk(0, 50, {}, boxes);
  ASSERT_TRUE(ink.ok());
  ASSERT_GT(ink->dark, 0);
  EXPECT_GE(static_cast<double>(ink->covered) / ink->dark, kMinInkCoverage);
}

}  // namespace
}  // namespace sohoa
