// The bytes of PDFs (and their streams) written at test time.
#ifndef SOHOA_TESTS_SUPPORT_PDF_OBJECTS_H_
#define SOHOA_TESTS_SUPPORT_PDF_OBJECTS_H_

#include <string>
#include <vector>

namespace sohoa::testing_files {

// A PDF 1.4 file whose object N (from 1) is objects[N-1], with its
// cross-reference table and a trailer whose /Root is object 1.
// `trailer_extra` goes into the trailer dictionary ("/Encrypt 6 0 R ...").
std::string AssemblePdf(const std::vector<std::string>& objects,
                        const std::string& trailer_extra = "");

// A zlib stream (RFC 1950) of `raw` in stored, uncompressed deflate blocks:
// what a PDF's /FlateDecode and a PNG's IDAT read, made without zlib.
std::string ZlibStored(const std::string& raw);

}  // namespace sohoa::testing_files

#endif  // SOHOA_TESTS_SUPPORT_PDF_OBJECTS_H_
