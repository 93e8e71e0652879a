// One-page PDFs written at test time that stack a scanned image and a text
// layer, as signed scans and born-digital pages do.
#ifndef SOHOA_TESTS_SUPPORT_LAYERED_PDF_H_
#define SOHOA_TESTS_SUPPORT_LAYERED_PDF_H_

#include <cstdint>
#include <string>
#include <vector>

namespace sohoa::testing_files {

// A line of visible text in Helvetica. `text` must be printable ASCII without
// parentheses or backslashes; x and y (the baseline) are points from the
// page's top left.
struct PdfTextLine {
  double x = 0, y = 0, size = 10;
  std::string text;
};

// An A4 page (595 x 842 pt). When `scan_width` is set, the page is covered by
// an 8-bit image of scan_width x scan_height pixels (`scan_pixels`, row-major,
// grey with 0 = black, or RGB triples when `scan_rgb`); the text lines are
// drawn over it.
struct LayeredPage {
  int scan_width = 0, scan_height = 0;
  bool scan_rgb = false;
  std::vector<uint8_t> scan_pixels;
  std::vector<PdfTextLine> lines;
};
std::string MakeLayeredPdf(const LayeredPage& page);

// A grey "scan" of printed lines: white paper with a black bar for each line
// of text, `lines` of them, spread over the page below its top eighth.
std::vector<uint8_t> ScanOfPrintedLines(int width, int height, int lines);

}  // namespace sohoa::testing_files

#endif  // SOHOA_TESTS_SUPPORT_LAYERED_PDF_H_
