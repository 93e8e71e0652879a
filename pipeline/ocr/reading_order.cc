#include "pipeline/ocr/reading_order.h"

#include <algorithm>

namespace sohoa {
namespace {

// Where a header row's words lie on the page.
enum class Side { kLeft, kRight, kBoth, kMiddle };

struct Row {
  Side side = Side::kMiddle;
  size_t split = 0;  // with kBoth: index of the first word of the right block
};

// Page-width shares that separate the blocks: the left block's lines are
// centred on about a quarter of the width, the right's on about two thirds,
// a title on the middle.
constexpr double kLeftCentre = 0.42, kRightCentre = 0.58;
constexpr double kGapStart = 0.52, kGapEnd = 0.38;  // a split's gap straddles these

int Right(const Box& b) { return b.left + b.width; }

Row Classify(const OcrLine& line, int page_width) {
  Row row;
  if (line.words.empty() || page_width <= 0) return row;
  int height = 0;
  for (const Word& w : line.words) height = std::max(height, w.box.height);
  // The widest gap between neighbours, if it separates the two blocks.
  int best_gap = 0;
  for (size_t i = 1; i < line.words.size(); ++i) {
    const int gap = line.words[i].box.left - Right(line.words[i - 1].box);
    const bool straddles = Right(line.words[i - 1].box) < kGapStart * page_width &&
                           line.words[i].box.left > kGapEnd * page_width;
    if (straddles && gap > best_gap && gap >= 2 * height) {
      best_gap = gap;
      row.split = i;
    }
  }
  if (row.split > 0) {
    // Each block's part is one phrase: another wide gap means table cells.
    for (size_t i = 1; i < line.words.size(); ++i) {
      const int gap = line.words[i].box.left - Right(line.words[i - 1].box);
      if (i != row.split && gap >= 2 * height) return Row{Side::kMiddle, 0};
    }
    row.side = Side::kBoth;
    return row;
  }
  const double centre =
      (line.words.front().box.left + Right(line.words.back().box)) / 2.0 / page_width;
  row.side = centre < kLeftCentre    ? Side::kLeft
             : centre > kRightCentre ? Side::kRight
                                     : Side::kMiddle;
  return row;
}

std::string Join(const std::vector<Word>& words, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end; ++i) {
    if (!out.empty()) out.push_back(' ');
    out += words[i].text;
  }
  return out;
}

// Byte offsets of the starts of the non-empty lines of `text`.
std::vector<size_t> LineStarts(std::string_view text) {
  std::vector<size_t> starts;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    if (end > pos) starts.push_back(pos);
    pos = end + 1;
  }
  return starts;
}

// The rows [begin, end) as two blocks, `first` side first, each block's
// lines in order and a blank line after each block.
std::string Blocks(const std::vector<OcrLine>& lines, const std::vector<Row>& rows, size_t begin,
                   size_t end, Side first) {
  std::vector<std::string> left, right;
  for (size_t i = begin; i < end; ++i) {
    const std::vector<Word>& words = lines[i].words;
    if (rows[i].side == Side::kBoth) {
      left.push_back(Join(words, 0, rows[i].split));
      right.push_back(Join(words, rows[i].split, words.size()));
    } else {
      (rows[i].side == Side::kLeft ? left : right).push_back(Join(words, 0, words.size()));
    }
  }
  std::string out;
  for (const auto* block :
       first == Side::kLeft ? std::vector{&left, &right} : std::vector{&right, &left}) {
    if (block->empty()) continue;
    for (const std::string& l : *block) out += l + "\n";
    out += "\n";
  }
  return out;
}

}  // namespace

std::string ReorderBlocks(std::string_view text, const std::vector<OcrLine>& lines,
                          int page_width) {
  const std::vector<size_t> starts = LineStarts(text);
  if (starts.size() != lines.size() || lines.empty()) return std::string(text);
  std::vector<Row> rows;
  for (const OcrLine& line : lines) rows.push_back(Classify(line, page_width));
  const auto any_both = [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      if (rows[i].side == Side::kBoth) return true;
    }
    return false;
  };
  // The header: rows from the top until one spans the middle.
  size_t header_end = 0;
  while (header_end < rows.size() && rows[header_end].side != Side::kMiddle) ++header_end;
  if (header_end < 2 || !any_both(0, header_end)) header_end = 0;
  // The signature block beside "Nơi nhận": rows from the bottom up until one
  // spans the middle, starting at the first row that holds both blocks (a
  // short last line of the body above it stays in the body).
  size_t footer_begin = rows.size();
  while (footer_begin > header_end && rows[footer_begin - 1].side != Side::kMiddle) --footer_begin;
  while (footer_begin < rows.size() && rows[footer_begin].side != Side::kBoth) ++footer_begin;
  if (rows.size() - footer_begin < 2) footer_begin = rows.size();
  if (header_end == 0 && footer_begin == rows.size()) return std::string(text);

  std::string out;
  if (header_end > 0) out += Blocks(lines, rows, 0, header_end, Side::kLeft);
  const size_t body_begin = header_end < starts.size() ? starts[header_end] : text.size();
  const size_t body_end = footer_begin < starts.size() ? starts[footer_begin] : text.size();
  out += text.substr(body_begin, body_end - body_begin);
  if (footer_begin < rows.size()) {
    if (!out.empty() && out.back() != '\n') out += "\n";
    if (out.size() >= 2 && out[out.size() - 2] != '\n') out += "\n";
    out += Blocks(lines, rows, footer_begin, rows.size(), Side::kRight);
  }
  // Blocks end in a blank line; the page ends as Tesseract's text did.
  while (!out.empty() && out.back() == '\n') out.pop_back();
  if (!text.empty() && text.back() == '\n') out += "\n";
  return out;
}

}  // namespace sohoa
