// Running another program for an evaluation: the command under test or the
// bare-Tesseract yardstick, whose standard output is the page's text.
#ifndef SOHOA_TOOLS_EVAL_OCR_RUN_COMMAND_H_
#define SOHOA_TOOLS_EVAL_OCR_RUN_COMMAND_H_

#include <string>

#include "pipeline/base/status.h"

namespace sohoa {

// `s` as one word for /bin/sh, in single quotes.
std::string ShellQuote(const std::string& s);

// Runs `command` through /bin/sh with its standard error discarded and
// returns its standard output. Fails naming the command when it cannot be
// started or exits with a status other than 0.
StatusOr<std::string> RunForOutput(const std::string& command);

}  // namespace sohoa

#endif  // SOHOA_TOOLS_EVAL_OCR_RUN_COMMAND_H_
