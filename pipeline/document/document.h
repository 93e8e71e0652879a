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
  // Sets field `name`, in its place when the record has it, else last.
  void Set(const std::string& name, FieldValue value);
  // A field as text: a string as it is, an integer in decimal; "" for any
  // other value and for a field the record does not have.
  std::string FieldText(const std::string& name) const;
  // One JSON object: kind, text, start, end, line, rule, then the fields.
  std::string ToJson() const;
  // The fields alone, as one JSON object.
  std::string FieldsJson() const;
};

// Whether a PDF signature's signed bytes are intact.
enum class SignatureStatus {
  kValid,       // the CMS verifies over the signed byte ranges
  kModified,    // it does not: the signed bytes were changed after signing
  kUnreadable,  // the signature or its PDF structure cannot be parsed
  kUnsupported  // a kind of signature sohoa does not verify (e.g. ETSI.RFC3161)
};
const char* SignatureStatusName(SignatureStatus status);  // "valid", "modified", ...

// Whether the signer's certificate chains to a trusted root, checked at the
// signing time the signature states (else now).
enum class ChainStatus {
  kTrusted,        // chains to a certificate in the trust store
  kUnknownIssuer,  // no trust store, or the chain ends outside it
  kExpired,        // a certificate was outside its validity at that time
  kInvalid         // anything else: bad certificate signature, malformed, ...
};
const char* ChainStatusName(ChainStatus status);  // "trusted", "unknown_issuer", ...

// One digital signature of a PDF, in signing order (order in the file).
struct Signature {
  std::string field_name;      // the signature field's /T, "Signature1"
  std::string signer;          // subject common name of the signer's certificate
  std::string signer_dn;       // subject distinguished name, RFC 2253 order, UTF-8
  std::string issuer_dn;       // the certificate's issuer, same form
  std::string signed_at;       // ISO 8601 UTC: signingTime attribute, else the /M entry
  std::string hash_algorithm;  // "SHA-1", "SHA-256", ...
  std::string sub_filter;      // "adbe.pkcs7.detached", "ETSI.CAdES.detached", ...
  std::vector<std::pair<uint64_t, uint64_t>> byte_ranges;  // (offset, length)
  bool covers_whole_file = false;  // the ranges run to the end of the file
  SignatureStatus status = SignatureStatus::kUnreadable;
  ChainStatus chain = ChainStatus::kUnknownIssuer;
  std::string chain_detail;    // what the chain check found, "" when trusted
  std::string certificate_not_before, certificate_not_after;  // ISO 8601
  std::string problem;         // why the status is not valid, "" when it is

  bool valid() const { return status == SignatureStatus::kValid; }
  // The byte ranges as JSON: [[offset,length],...].
  std::string ByteRangesJson() const;
};

struct Document {
  std::string id;    // lowercase hex SHA-256 of the input bytes
  std::string path;  // as given on the command line or found in a folder
  InputFormat format = InputFormat::kUnknown;
  uint64_t size_bytes = 0;
  std::vector<Page> pages;
  std::vector<Record> records;
  std::vector<Signature> signatures;  // PDFs only, in signing order
  // From the issuing body's signature (the first in signing order); empty
  // when the document is not signed.
  std::string signed_by;  // that signature's signer
  std::string signed_at;  // its signing time, ISO 8601

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
