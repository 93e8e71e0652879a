// Reading order of the two-block header of Vietnamese administrative
// documents (Nghị định 30/2020/NĐ-CP): the issuer, number and subject on the
// left; the national name, motto, place and date on the right. Tesseract
// reads such a header row by row, each output line holding a left and a
// right part ("ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
// so the issuer's name and the date come out interleaved. The header's
// lines are put back as a reader reads them: the left block, then the right.
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
// (blank lines between paragraphs are allowed). Returns the text with the
// page's leading header rows reordered: every line from the top whose words
// stand apart in a left and a right block, or stand in only one of them,
// is split, and the left parts come first, then the right parts, each
// block's lines in order, a blank line after each block. Lines past the
// first that spans the middle of the page (the title) keep their place. The
// text comes back unchanged when it has no such header (fewer than two rows,
// none with two blocks) or when `lines` does not match it.
std::string ReorderHeaderBlocks(std::string_view text, const std::vector<OcrLine>& lines,
                                int page_width);

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_OCR_READING_ORDER_H_
