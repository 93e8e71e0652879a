// Minimal PDFs written at test time: one page showing a line of text in a
// standard font, optionally with an /Encrypt dictionary whose user password is
// not empty, so readers must ask for one.
#ifndef SOHOA_TESTS_BADINPUT_PDF_MAKER_H_
#define SOHOA_TESTS_BADINPUT_PDF_MAKER_H_

#include <string>

namespace sohoa::testing_files {

// `text` must be printable ASCII without parentheses or backslashes.
std::string MakeTextPdf(const std::string& text, bool encrypted = false);

}  // namespace sohoa::testing_files

#endif  // SOHOA_TESTS_BADINPUT_PDF_MAKER_H_
