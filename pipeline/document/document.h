// The data the stages hand each other: a Document with its Pages, each page's
// image while it is being processed, its text at every step, and the records
// extracted from the final text.
//
// Plain structs with value semantics, no third-party types: any stage can be
// swapped without touching this file. A Document is owned by one worker at a
// time; nothing here is synchronized.
#ifndef SOHOA_PIPELINE_DOCUMENT_DOCUMENT_H_
#define SOHOA_PIPELINE_DOCUMENT_DOCUMENT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace sohoa {

// An 8-bit grayscale raster, row-major, `width` bytes a row, 0 = black.
// Colour and bilevel inputs are converted to this on decode.
struct Image {
  int width = 0;
  int height = 0;
  int dpi = 0;  // 0 when the file does not say
  std::vector<uint8_t> pixels;

  bool empty() const { return width <= 0 || height <= 0; }
  uint8_t at(int x, int y) const { return pixels[static_cast<size_t>(y) * width + x]; }
};

enum class InputFormat { kUnknown, kTiff, kPng, kJpeg, kPdf, kText, kBmp, kPnm, kWebp, kGif };
const char* InputFormatName(InputFormat format);

// A box in page pixels (after preprocessing).
struct Box {
  int left = 0, top = 0, width = 0, height = 0;
};

struct Word {
  std::string text;
  Box box;
  float confidence = 0;  // 0..100, as Tesseract reports it
};

// Where a page's raw text came from.
enum class TextSource { kOcr, kTextLayer, kPlainText };
const char* TextSourceName(TextSource source);

struct Page {
  int index = 0;  // 0-based
  TextSource source = TextSource::kOcr;
  Image image;  // decoded page; cleared once OCR is done
  std::string raw_text;         // as OCR, the text layer or the file gave it
  std::vector<Word> words;      // OCR only
  float mean_confidence = -1;   // OCR only; -1 when not applicable
  std::string normalized_text;  // after the normalize stage
  std::string text;             // final text: after restoration (if enabled)
  std::vector<std::string> notes;  // what preprocessing did ("deskew 3.1°")
};

// A value of an extracted field.
using FieldValue =
    std::variant<std::monostate, std::string, int64_t, double, bool, std::vector<std::string>>;

// One extracted record. `start`/`end` are byte offsets into Document::FullText().
struct Record {
  std::string kind;  // "document", "legal_ref", "agency", "deadline", "quota"
  std::string text;  // the span as written
  size_t start = 0, end = 0;
  int line = 0;      // 1-based line of `start` in FullText()
  std::string rule;  // "legal_ref.so_hieu@3"
  std::vector<std::pair<std::string, FieldValue>> fields;

  const FieldValue* Field(const std::string& name) const;
  // A field as text: a string as it is, an integer in decimal; "" for any
  // other value and for a field the record does not have.
  std::string FieldText(const std::string& name) const;
  // One JSON object: kind, text, start, end, line, rule, then the fields.
  std::string ToJson() const;
  // The fields alone, as one JSON object.
  std::string FieldsJson() const;
};

struct Document {
  std::string id;    // lowercase hex SHA-256 of the input bytes
  std::string path;  // as given on the command line or found in a folder
  InputFormat format = InputFormat::kUnknown;
  uint64_t size_bytes = 0;
  std::vector<Page> pages;
  std::vector<Record> records;

  // The final text of all pages, separated by form feed ("\f"). This is what
  // `sohoa text` prints and what record offsets point into.
  std::string FullText() const;
  // The same for raw and normalized text.
  std::string FullRawText() const;
};

// A document or page that could not be processed. The batch goes on.
struct Failure {
  std::string path;
  std::string document_id;  // empty when the file could not be read
  std::string stage;        // "ingest", "preprocess", "ocr", ...
  int page = -1;            // -1 for the whole document
  std::string message;      // one line naming the file and the reason
};

// What produced a run's output, recorded with it.
struct RunInfo {
  std::string run_id;  // unique per run
  std::string started_at;  // ISO 8601 UTC
  std::string command_line;
  std::vector<std::pair<std::string, std::string>> versions;  // component -> version
};

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_DOCUMENT_DOCUMENT_H_
