// Reading order of the side-by-side blocks of Vietnamese administrative
// documents (Nghị định 30/2020/NĐ-CP): at the top, the issuer, number and
// subject on the left and the national name, motto, place and date on the
// right; at the bottom, "Nơi nhận" and its list on the left and the
// signature block on the right. Tesseract reads such blocks row by row, each
// output line holding a left and a right part ("ỦY BAN NHÂN DÂN      CỘNG
// HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), so the issuer's name and the date come
// out interleaved. Their lines are put back as a reader reads them.
//
// Pure functions, safe from any thread.
#ifndef SOHOA_PIPELINE_OCR_READING_ORDER_H_
#define SOHOA_PIPELINE_OCR_READING_ORDER_H_

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/document/document.h"

namespace sohoa {

// One line of OCR output: its words, left to right, with their boxes.
struct OcrLine {
  std::vector<Word> words;
};

// `text` is the page's OCR text, one non-empty line per entry of `lines`
// (blank lines between paragraphs are allowed). Returns the text with two
// regions put in reading order, each only where it is found:
// - the header: the rows from the top whose words stand apart in a left and
//   a right block, or in only one of them, up to the first row that spans
//   the middle of the page (the title); the left block comes first, then
//   the right;
// - the signature block beside "Nơi nhận": the rows from the bottom up to
//   the first that spans the middle, from the first row holding both
//   blocks; the right block (office, title, signer) comes first, then the
//   left (the recipients).
// A region needs at least two rows, one holding both blocks. Each block's
// lines keep their order, and a blank line follows each block. The text
// comes back unchanged when `lines` does not match it.
std::string ReorderBlocks(std::string_view text, const std::vector<OcrLine>& lines, int page_width);

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_OCR_READING_ORDER_H_
