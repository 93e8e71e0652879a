// PDF text layers from .VnTime documents: TCVN3 bytes shown in a font with
// the standard Windows encoding extract as "KÕ ho¹ch". RepairLegacyText, what
// the PDF path asks before judging a layer, must read them back; a layer in
// Unicode must be left alone.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "pipeline/ingest/ingest.h"
#include "pipeline/ingest/legacy_charsets.h"
#include "pipeline/ingest/text_encoding.h"

namespace sohoa {
namespace {

// A one-page PDF showing `lines` (raw bytes, any values but parentheses and
// backslashes are written as octal escapes) in Helvetica with
// /WinAnsiEncoding, as a .VnTime document printed to PDF without a Unicode
// map comes out.
std::string MakeWinAnsiPdf(const std::vector<std::string>& lines) {
  std::string content = "BT /F1 11 Tf 60 780 Td 14 TL\n";
  for (const std::string& line : lines) {
    content += "(";
    for (unsigned char c : line) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\%03o", c);
      content += (c >= 0x20 && c < 0x7F && c != '(' && c != ')' && c != '\\')
                     ? std::string(1, static_cast<char>(c))
                     : std::string(buf);
    }
    content += ") Tj T*\n";
  }
  content += "ET\n";
  const std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>",
      "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
  };
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t offset : offsets) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%010zu 00000 n \n", offset);
    pdf += buf;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

const std::vector<std::string> kPlan = {
    "UBND TỈNH TÂY NINH",
    "Số: 184/KH-UBND",
    "Kế hoạch triển khai chuyển đổi số trên địa bàn tỉnh năm 2022",
    "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về thực hiện",
    "cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính;",
};

std::string LayerOf(const std::string& pdf) {
  auto reader = PdfReader::Open(pdf, "vntime.pdf");
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return "";
  auto layer = (*reader)->TextLayer(0);
  EXPECT_TRUE(layer.ok()) << layer.status().ToString();
  return layer.ok() ? *layer : "";
}

TEST(EncodingPdfTest, VnTimeLayerIsRepaired) {
  std::vector<std::string> tcvn3;
  for (const std::string& line : kPlan)
    tcvn3.push_back(legacy::Encode(line, Charset::kTcvn3).value());
  const std::string layer = LayerOf(MakeWinAnsiPdf(tcvn3));
  ASSERT_NE(layer.find("184/KH-UBND"), std::string::npos) << layer;
  EXPECT_LT(TextLayerQuality(layer), 0.75) << layer;  // as it is, the layer is rejected
  std::optional<DecodedText> repaired = RepairLegacyText(layer, nullptr);
  ASSERT_TRUE(repaired.has_value()) << layer;
  EXPECT_EQ(repaired->encoding.charset, Charset::kTcvn3) << repaired->note;
  for (const std::string& line : kPlan) {
    EXPECT_NE(repaired->text.find(line), std::string::npos) << line << "\n" << repaired->text;
  }
  EXPECT_GE(TextLayerQuality(repaired->text), 0.75) << repaired->text;
}

TEST(EncodingPdfTest, AsciiLayerIsLeftAlone) {
  const std::string layer = LayerOf(MakeWinAnsiPdf({"Ke hoach so 184/KH-UBND", "Plan 2022"}));
  EXPECT_FALSE(RepairLegacyText(layer, nullptr).has_value()) << layer;
}

}  // namespace
}  // namespace sohoa
