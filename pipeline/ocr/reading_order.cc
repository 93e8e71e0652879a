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
  row.side = centre < kLeftCentre ? Side::kLeft : centre > kRightCentre ? Side::kRight : Side::kMiddle;
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

}  // namespace

std::string ReorderHeaderBlocks(std::string_view text, const std::vector<OcrLine>& lines,
                                int page_width) {
  const std::vector<size_t> starts = LineStarts(text);
  if (starts.size() != lines.size()) return std::string(text);
  std::vector<std::string> left, right;
  size_t header_rows = 0;
  bool two_blocks = false;
  for (; header_rows < lines.size(); ++header_rows) {
    const OcrLine& line = lines[header_rows];
    const Row row = Classify(line, page_width);
    if (row.side == Side::kMiddle) break;
    if (row.side == Side::kBoth) {
      two_blocks = true;
      left.push_back(Join(line.words, 0, row.split));
      right.push_back(Join(line.words, row.split, line.words.size()));
    } else {
      (row.side == Side::kLeft ? left : right).push_back(Join(line.words, 0, line.words.size()));
    }
  }
  if (!two_blocks || header_rows < 2) return std::string(text);
  std::string out;
  for (const auto* block : {&left, &right}) {
    if (block->empty()) continue;
    for (const std::string& l : *block) out += l + "\n";
    out += "\n";
  }
  if (header_rows < starts.size()) {
    out += text.substr(starts[header_rows]);
  } else {
    while (out.size() >= 2 && out.back() == '\n' && out[out.size() - 2] == '\n') out.pop_back();
    if (!text.empty() && text.back() != '\n') out.pop_back();
  }
  return out;
}

}  // namespace sohoa
