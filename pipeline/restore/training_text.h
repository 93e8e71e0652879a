// How the restoration tools read the training corpus: documents, the fixed
// train/development/test split, and a line's language-model keys. The
// trainer and the evaluator share it so they carve the same held-out
// documents. Pure functions, thread-safe.
#ifndef SOHOA_PIPELINE_RESTORE_TRAINING_TEXT_H_
#define SOHOA_PIPELINE_RESTORE_TRAINING_TEXT_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/base/status.h"

namespace sohoa::restore {

enum class Split { kTrain, kDev, kTest };

// Legal documents are held out by a hash of their first 512 bytes: about 3%
// for development, 3% for test. Other documents always train.
Split SplitOf(std::string_view document, bool legal);

// Calls `fn` with each document of a corpus file (UTF-8, one paragraph per
// line, documents separated by blank lines).
Status ForEachDocument(const std::string& path, const std::function<void(std::string_view)>& fn);

// The language-model keys of one line: normalized words, "<num>" for codes,
// punctuation keys; spaces dropped.
std::vector<std::string> LineKeys(std::string_view line);

// Calls `fn` with each line of `text` (without the line break).
void ForEachLine(std::string_view text, const std::function<void(std::string_view)>& fn);

}  // namespace sohoa::restore

#endif  // SOHOA_PIPELINE_RESTORE_TRAINING_TEXT_H_
