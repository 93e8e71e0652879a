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
#include "tests/encoding/legacy_corpus.h"

namespace sohoa {
namespace {

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
  const std::string layer = LayerOf(legacy_corpus::MakeWinAnsiPdf(tcvn3));
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
  const std::string layer =
      LayerOf(legacy_corpus::MakeWinAnsiPdf({"Ke hoach so 184/KH-UBND", "Plan 2022"}));
  EXPECT_FALSE(RepairLegacyText(layer, nullptr).has_value()) << layer;
}

}  // namespace
}  // namespace sohoa
