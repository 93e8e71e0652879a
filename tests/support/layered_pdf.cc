#include "tests/support/layered_pdf.h"

#include <cstdio>

#include "tests/support/pdf_objects.h"

namespace sohoa::testing_files {
namespace {

constexpr double kPageWidth = 595, kPageHeight = 842;

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2f", v);
  return buf;
}

}  // namespace

std::string MakeLayeredPdf(const LayeredPage& page) {
  const bool scanned = page.scan_width > 0;
  std::string content;
  if (scanned) {
    content += "q " + Number(kPageWidth) + " 0 0 " + Number(kPageHeight) + " 0 0 cm /Im1 Do Q\n";
  }
  for (const PdfTextLine& line : page.lines) {
    content += "BT /F1 " + Number(line.size) + " Tf " + Number(line.x) + " " +
               Number(kPageHeight - line.y) + " Td (" + line.text + ") Tj ET\n";
  }
  std::string resources = "/Font << /F1 5 0 R >>";
  if (scanned) resources += " /XObject << /Im1 6 0 R >>";
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << " +
          resources + " >> >>",
      "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
  };
  if (scanned) {
    const std::string pixels(page.scan_pixels.begin(), page.scan_pixels.end());
    objects.push_back("<< /Type /XObject /Subtype /Image /Width " +
                      std::to_string(page.scan_width) + " /Height " +
                      std::to_string(page.scan_height) +
                      (page.scan_rgb ? " /ColorSpace /DeviceRGB" : " /ColorSpace /DeviceGray") +
                      " /BitsPerComponent 8 /Length " + std::to_string(pixels.size()) +
                      " >>\nstream\n" + pixels + "\nendstream");
  }
  return AssemblePdf(objects);
}

std::vector<uint8_t> ScanOfPrintedLines(int width, int height, int lines) {
  std::vector<uint8_t> pixels(static_cast<size_t>(width) * height, 255);
  const int top = height / 8, pitch = (height - top) / (lines + 1), bar = pitch / 3;
  for (int l = 0; l < lines; ++l) {
    const int y0 = top + l * pitch;
    for (int y = y0; y < y0 + bar && y < height; ++y) {
      for (int x = width / 10; x < width * 9 / 10; ++x) {
        pixels[static_cast<size_t>(y) * width + x] = 0;
      }
    }
  }
  return pixels;
}

}  // namespace sohoa::testing_files
