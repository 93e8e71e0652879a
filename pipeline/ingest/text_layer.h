// Deciding what a PDF page's text layer is worth.
//
// A layer is the page's text only if it covers the page. Portals publish
// scans with a digital signature whose visible box ("Ký bởi: Ủy ban nhân dân
// tỉnh …", "Thời gian ký: …", or a publishing centre's name, e-mail and
// time) is a small text layer over the scanned image. Read as the page's
// text, it hides the page. So a layer is taken apart: blocks that read as a
// signature box are overlays wherever they are; what remains must hold most
// of the page's ink, and read as Vietnamese, before it replaces OCR.
//
// Everything here is a pure function or an immutable object, safe to share
// between threads.
#ifndef SOHOA_PIPELINE_INGEST_TEXT_LAYER_H_
#define SOHOA_PIPELINE_INGEST_TEXT_LAYER_H_

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/base/status.h"
#include "pipeline/ingest/ingest.h"

namespace sohoa {

// The wording of signature boxes, from a data file (rules/signature_box.txt):
// one phrase a line, `#` starts a comment. A block whose line starts with one
// of the phrases (compared folded: no case, no diacritics) is a signature
// box; so is a block holding an e-mail address and a time of day to the
// second, the shape of a publishing centre's stamp.
inline constexpr char kSignatureBoxFile[] = "signature_box.txt";  // in the rules folder
class SignatureBoxWording {
 public:
  // No phrases: only the e-mail-and-time shape is told.
  SignatureBoxWording() = default;
  static StatusOr<SignatureBoxWording> Load(const std::string& path);
  // From the file's text; `origin` names it in errors.
  static StatusOr<SignatureBoxWording> Parse(std::string_view text, const std::string& origin);

  // True when `lines` (one block's lines, as written) read as a signature box.
  bool IsSignatureBox(const std::vector<std::string>& lines) const;

 private:
  std::vector<std::string> phrases_;  // folded
};

// Words of a layer grouped into lines, and lines into blocks: runs of lines
// that overlap horizontally and follow each other closely.
struct LayerBlock {
  std::vector<int> words;          // indexes into the layer's words
  std::vector<std::string> lines;  // the block's lines as written
  PdfRect box;                     // the union of its words' boxes
};
std::vector<LayerBlock> GroupLayerBlocks(const std::vector<LayerWord>& words);

// The text of `words` (those whose index is in `keep`), a line per line.
std::string LayerText(const std::vector<LayerWord>& words, const std::vector<bool>& keep);

// The layer's signature boxes and what is left of it.
struct LayerSplit {
  std::vector<PdfRect> overlay_boxes;      // every word of every signature box
  std::vector<std::string> overlay_texts;  // each box's text on one line
  std::vector<bool> keep;                  // per word: not in a signature box
  std::vector<PdfRect> kept_boxes;         // boxes of the kept words
  int kept_words = 0;
};
// A signature box is a block that reads as one (`wording`) and is small: at
// most kMaxOverlayShare of the page's area (a paragraph that merely mentions
// "ký bởi" is no box).
inline constexpr double kMaxOverlayShare = 0.10;
LayerSplit SplitSignatureBoxes(const std::vector<LayerWord>& words, double page_area,
                               const SignatureBoxWording& wording);

// Share of the page's dark ink that the layer's kept words cover, at and
// above which the layer may stand for the page. Below it the layer is an
// overlay on a scan, or the page mixes born-digital text with scanned parts:
// either way OCR reads the page.
inline constexpr double kMinInkCoverage = 0.8;

// Pages with no text. A scanned sheet's blank back, a page that holds only
// a seal, or bleed-through from the other side: OCR reads nothing or a few
// symbols, and the page would be silent empty text.

// True when `text` holds at least kMinTextWords words of two or more letters
// that are Vietnamese syllables (English words of the same shape count too:
// "Ban", "to"); stray symbols OCR reads off a seal or a smudge do not.
inline constexpr int kMinTextWords = 3;
bool HasText(std::string_view text);

// The page note for a page without text, from where its ink lies:
// "blank page", "blank page: seal only", "blank page: bleed-through only",
// or "no text read: marks without print" when there is dark ink that OCR
// could not read (handwriting, a drawing).
std::string BlankPageNote(const InkCensus& ink);

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_INGEST_TEXT_LAYER_H_
