// A corpus of legacy-encoded files made from the project's own Vietnamese
// text (corpus/extract/heldout/*/*_clean.txt), for the encoding test and
// benchmark: each document saved in every legacy encoding and through every
// misread, as a whole, as one line, and as a table of numbers with a few
// Vietnamese words.
#ifndef SOHOA_TESTS_ENCODING_LEGACY_CORPUS_H_
#define SOHOA_TESTS_ENCODING_LEGACY_CORPUS_H_

#include <string>
#include <vector>

#include "pipeline/ingest/text_encoding.h"

namespace sohoa::legacy_corpus {

// What a file holds: the whole document, one line of it, or a table.
enum class Shape { kWhole, kLine, kTable };
const char* ShapeName(Shape shape);

struct File {
  std::string name;      // "p01_binhduong_cchc whole tcvn3-as-cp1252"
  std::string original;  // the UTF-8 text the bytes were made from
  std::string bytes;     // as the legacy program saved it
  TextEncoding encoding;
  // The other name the bytes answer to: a misread through Latin-1 that never
  // met a byte 0x80-0x9F is the same file as one through Windows-1252.
  TextEncoding same_bytes_as;
  Shape shape = Shape::kWhole;
};

// The project's documents under `source_dir` (the repository root), with
// characters no legacy charset holds (“ ” – …) replaced by ASCII. Empty when
// the folder is missing.
std::vector<std::pair<std::string, std::string>> Documents(const std::string& source_dir);

// Every legacy encoding and misread path the files are made in.
std::vector<TextEncoding> Paths();

// The corpus: every document in every path and shape.
std::vector<File> MakeFiles(const std::vector<std::pair<std::string, std::string>>& documents);

// A one-page PDF showing `lines` (raw bytes, one string per line) in
// Helvetica with /WinAnsiEncoding, as a .VnTime document printed to PDF
// without a Unicode map comes out: its text layer extracts as Windows-1252.
std::string MakeWinAnsiPdf(const std::vector<std::string>& lines);

// Characters of `expected` that `actual` gets wrong (edit distance, after the
// common prefix and suffix).
size_t CharErrors(const std::string& expected, const std::string& actual);
size_t CodePoints(const std::string& text);

}  // namespace sohoa::legacy_corpus

#endif  // SOHOA_TESTS_ENCODING_LEGACY_CORPUS_H_
