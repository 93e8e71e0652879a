#include "pipeline/ingest/text_layer.h"

#include <algorithm>
#include <cctype>

#include "pipeline/base/file.h"
#include "pipeline/base/vietnamese.h"

namespace sohoa {
namespace {

double Height(const PdfRect& r) { return r.bottom - r.top; }

PdfRect Union(const PdfRect& a, const PdfRect& b) {
  return {std::min(a.left, b.left), std::min(a.top, b.top), std::max(a.right, b.right),
          std::max(a.bottom, b.bottom)};
}

// A word continues a line when its middle lies within the line's height.
bool OnLine(const PdfRect& line, const PdfRect& word) {
  const double middle = (word.top + word.bottom) / 2;
  return middle >= line.top && middle <= line.bottom;
}

// The line number of each word, in reading order.
std::vector<int> LineOfEachWord(const std::vector<LayerWord>& words) {
  std::vector<int> line_of(words.size());
  PdfRect line;
  int line_id = -1;
  for (size_t i = 0; i < words.size(); ++i) {
    if (line_id < 0 || !OnLine(line, words[i].box)) {
      ++line_id;
      line = words[i].box;
    } else {
      line = Union(line, words[i].box);
    }
    line_of[i] = line_id;
  }
  return line_of;
}

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// True when `folded` starts with `phrase` followed by no letter or digit,
// after leading spaces and punctuation.
bool StartsWithPhrase(std::string_view folded, std::string_view phrase) {
  size_t start = 0;
  while (start < folded.size() && !IsWordChar(folded[start]) &&
         static_cast<unsigned char>(folded[start]) < 0x80) {
    ++start;
  }
  folded.remove_prefix(start);
  return folded.substr(0, phrase.size()) == phrase &&
         (folded.size() == phrase.size() || !IsWordChar(folded[phrase.size()]));
}

bool HasEmail(std::string_view line) {
  const size_t at = line.find('@');
  if (at == std::string_view::npos || at == 0 || !IsWordChar(line[at - 1])) return false;
  const size_t dot = line.find('.', at);
  return dot != std::string_view::npos && dot > at + 1 && dot + 1 < line.size() &&
         IsWordChar(line[dot + 1]);
}

// "08:15:24": a time of day to the second, as signing software prints it.
bool HasTimeToSecond(std::string_view line) {
  for (size_t i = 0; i + 8 <= line.size(); ++i) {
    const std::string_view t = line.substr(i, 8);
    const bool shape = std::isdigit(static_cast<unsigned char>(t[0])) &&
                       std::isdigit(static_cast<unsigned char>(t[1])) && t[2] == ':' &&
                       std::isdigit(static_cast<unsigned char>(t[3])) &&
                       std::isdigit(static_cast<unsigned char>(t[4])) && t[5] == ':' &&
                       std::isdigit(static_cast<unsigned char>(t[6])) &&
                       std::isdigit(static_cast<unsigned char>(t[7]));
    if (shape && (i == 0 || !std::isdigit(static_cast<unsigned char>(line[i - 1])))) return true;
  }
  return false;
}

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

StatusOr<SignatureBoxWording> SignatureBoxWording::Load(const std::string& path) {
  SOHOA_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return Parse(text, path);
}

StatusOr<SignatureBoxWording> SignatureBoxWording::Parse(std::string_view text,
                                                         const std::string& origin) {
  SignatureBoxWording wording;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string line = Trim(text.substr(start, end - start));
    start = end + 1;
    if (line.empty() || line[0] == '#') continue;
    wording.phrases_.push_back(vi::Fold(line));
  }
  if (wording.phrases_.empty()) {
    return InvalidArgumentError(origin + ": no signature-box phrases (one phrase a line)");
  }
  return wording;
}

bool SignatureBoxWording::IsSignatureBox(const std::vector<std::string>& lines) const {
  bool email = false, time = false;
  for (const std::string& line : lines) {
    const std::string folded = vi::Fold(line);
    for (const std::string& phrase : phrases_) {
      if (StartsWithPhrase(folded, phrase)) return true;
    }
    email = email || HasEmail(folded);
    time = time || HasTimeToSecond(folded);
  }
  return email && time;
}

std::vector<LayerBlock> GroupLayerBlocks(const std::vector<LayerWord>& words) {
  const std::vector<int> line_of = LineOfEachWord(words);
  std::vector<LayerBlock> blocks;
  std::vector<int> block_of_line;
  for (size_t i = 0; i < words.size(); ++i) {
    const int line = line_of[i];
    if (line == static_cast<int>(block_of_line.size())) {
      // A new line joins the block it overlaps horizontally and follows
      // within about a line's height; else it starts a block.
      const PdfRect& box = words[i].box;
      int joined = -1;
      for (int b = static_cast<int>(blocks.size()) - 1; b >= 0 && joined < 0; --b) {
        const PdfRect& area = blocks[b].box;
        const double gap = box.top - area.bottom;
        const bool overlaps = box.left < area.right && box.right > area.left;
        if (overlaps && gap < 1.2 * Height(box) && gap > -Height(box)) joined = b;
      }
      if (joined < 0) {
        joined = static_cast<int>(blocks.size());
        blocks.push_back({{}, {}, box});
      }
      block_of_line.push_back(joined);
      blocks[joined].lines.emplace_back();
    }
    // A line's words come one after another, so its block's last line is it.
    LayerBlock& block = blocks[block_of_line[line]];
    std::string& text = block.lines.back();
    if (!text.empty() && words[block.words.back()].space_after) text.push_back(' ');
    text += words[i].text;
    block.words.push_back(static_cast<int>(i));
    block.box = Union(block.box, words[i].box);
  }
  return blocks;
}

std::string LayerText(const std::vector<LayerWord>& words, const std::vector<bool>& keep) {
  const std::vector<int> line_of = LineOfEachWord(words);
  std::string text;
  int last = -1;
  for (size_t i = 0; i < words.size(); ++i) {
    if (!keep[i]) continue;
    if (last >= 0) {
      if (line_of[i] != line_of[last]) {
        text.push_back('\n');
      } else if (words[last].space_after) {
        text.push_back(' ');
      }
    }
    text += words[i].text;
    last = static_cast<int>(i);
  }
  if (!text.empty()) text.push_back('\n');
  return text;
}

LayerSplit SplitSignatureBoxes(const std::vector<LayerWord>& words, double page_area,
                               const SignatureBoxWording& wording) {
  LayerSplit split;
  split.keep.assign(words.size(), true);
  for (const LayerBlock& block : GroupLayerBlocks(words)) {
    if (block.box.area() > kMaxOverlayShare * page_area) continue;
    if (!wording.IsSignatureBox(block.lines)) continue;
    std::string joined;
    for (const std::string& line : block.lines) joined += (joined.empty() ? "" : " ") + line;
    split.overlay_texts.push_back(std::move(joined));
    for (int w : block.words) {
      split.keep[w] = false;
      split.overlay_boxes.push_back(words[w].box);
    }
  }
  for (size_t i = 0; i < words.size(); ++i) {
    if (!split.keep[i]) continue;
    ++split.kept_words;
    split.kept_boxes.push_back(words[i].box);
  }
  return split;
}

std::string BlankPageNote(const InkCensus& ink) {
  // Shares of the page at 50 dpi: a line of print darkens about 0.3% of an
  // A4 page; a seal colours 0.5-2%, its faint print through the sheet or a
  // half-inked impression 0.02-0.1% (seen on real scans).
  const double pixels = std::max<int64_t>(ink.pixels, 1);
  const double dark = ink.dark / pixels, coloured = ink.coloured / pixels,
               faint = ink.faint / pixels;
  constexpr double kSomeInk = 0.002, kSeal = 0.0002, kBleed = 0.01;
  if (coloured >= kSeal && ink.coloured >= ink.dark) return "blank page: seal only";
  if (dark < kSomeInk) return faint >= kBleed ? "blank page: bleed-through only" : "blank page";
  return "no text read: marks without print";
}

}  // namespace sohoa
