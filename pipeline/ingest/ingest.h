// Ingest: finds input files, reads and identifies them, and opens PDFs.
//
// Everything here is thread-safe: free functions with no shared state, and a
// PdfReader owned by one thread at a time.
#ifndef SOHOA_PIPELINE_INGEST_INGEST_H_
#define SOHOA_PIPELINE_INGEST_INGEST_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/base/status.h"
#include "pipeline/document/document.h"

namespace sohoa {

struct IngestLimits {
  uint64_t max_file_bytes = uint64_t{1} << 31;  // 2 GiB
  int64_t max_pixels = 200'000'000;             // per page, before decoding
};

// Input files found under the given paths: files as given, folders walked
// recursively (hidden entries skipped), sorted by path. Paths that do not
// exist or cannot be listed become failures; the rest still come back.
struct InputList {
  std::vector<std::string> files;
  std::vector<Failure> failures;
};
InputList ListInputs(const std::vector<std::string>& paths);

// Identifies a file by its leading bytes (never by its name alone: a text
// file named .png is text). Falls back to kText for text (a UTF-16/32
// byte-order mark, or no NUL bytes and almost no control characters: which
// encoding is DecodeText's question) and to kUnknown for anything else.
InputFormat SniffFormat(std::string_view bytes);

// A file read whole, hashed and identified: `document` has id, path, format
// and size set and no pages yet.
struct LoadedFile {
  Document document;
  std::string bytes;
};
// Fails (naming the file) when it cannot be read, is empty, is over the size
// limit, or is of no format sohoa reads.
StatusOr<LoadedFile> LoadFile(const std::string& path, const IngestLimits& limits);

// Splits text (decoded by DecodeText, text_encoding.h) into pages at form
// feeds, dropping carriage returns and a UTF-8 byte-order mark; invalid UTF-8
// becomes U+FFFD.
std::vector<std::string> SplitTextPages(std::string_view bytes);

// Share (0..1) of word tokens in `text` that are well-formed Vietnamese
// syllables carrying the diacritics real Vietnamese has. Used to decide
// whether a PDF's embedded text layer can be trusted instead of OCR.
double TextLayerQuality(std::string_view text);

// A rectangle on a PDF page in points (1/72 inch), origin at the top left of
// the page as displayed (after its /Rotate).
struct PdfRect {
  double left = 0, top = 0, right = 0, bottom = 0;
  double area() const { return right > left && bottom > top ? (right - left) * (bottom - top) : 0; }
};

// A word of a page's text layer, in reading order.
struct LayerWord {
  std::string text;  // UTF-8
  PdfRect box;
  bool space_after = false;
};

// Where a page's ink lies, counted on a render at low resolution.
struct InkCensus {
  int64_t pixels = 0;    // every pixel of the render
  int64_t dark = 0;      // darker than mid-grey: print, handwriting, stamps
  int64_t covered = 0;   // dark pixels inside one of the `cover` rectangles
  int64_t coloured = 0;  // dark or mid pixels of a clear red or blue: seals, signatures
  int64_t faint = 0;     // light grey, not coloured: bleed-through, paper texture
};

// How a PDF page is rendered for OCR.
struct RenderRequest {
  int dpi = 300;
  int64_t max_pixels = 200'000'000;
  std::vector<PdfRect> hidden;   // painted white: a signature box drawn over a scan
  // Paint white the pixels of clearly red or blue ink: seals, signatures and
  // stamps, which print is never in. Print under them stays: where black ink
  // and a seal overlap, the pixel is dark, not coloured.
  bool drop_colour_ink = false;
};

// The census of a decoded grey page (nothing is counted as coloured).
InkCensus CountInk(const Image& image);

// A PDF opened from memory (Poppler). Not thread-safe: one per thread.
class PdfReader {
 public:
  virtual ~PdfReader() = default;
  // Fails with a clear message for encrypted, corrupt or empty PDFs.
  static StatusOr<std::unique_ptr<PdfReader>> Open(std::string_view bytes,
                                                   const std::string& path);
  virtual int page_count() const = 0;
  // The page's embedded text (empty when it has none).
  virtual StatusOr<std::string> TextLayer(int page) const = 0;
  // The page's box as displayed: left and top are 0, right and bottom its
  // size in points.
  virtual StatusOr<PdfRect> PageBox(int page) const = 0;
  // The words of the page's embedded text with their boxes (empty when none).
  virtual StatusOr<std::vector<LayerWord>> TextLayerWords(int page) const = 0;
  // Renders the page as grayscale for OCR; refuses pages above
  // request.max_pixels. Counts in `colour_ink` (may be null) the pixels
  // dropped as coloured ink.
  virtual StatusOr<Image> Render(int page, const RenderRequest& request,
                                 int64_t* colour_ink) const = 0;
  StatusOr<Image> Render(int page, int dpi, int64_t max_pixels) const {
    return Render(page, RenderRequest{dpi, max_pixels, {}, false}, nullptr);
  }
  // Renders the page in colour at `dpi` (meant to be low: 50) with `hidden`
  // painted white, and counts where its ink lies.
  virtual StatusOr<InkCensus> CountInk(int page, int dpi, const std::vector<PdfRect>& hidden,
                                       const std::vector<PdfRect>& cover) const = 0;
};

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_INGEST_INGEST_H_
