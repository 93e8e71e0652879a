// Reading and writing whole files, with errors that name the file.
#ifndef SOHOA_PIPELINE_BASE_FILE_H_
#define SOHOA_PIPELINE_BASE_FILE_H_

#include <cstdint>
#include <string>

#include "pipeline/base/status.h"

namespace sohoa {

// Reads the whole file. Fails with NotFound, PermissionDenied, InvalidArgument
// (a directory), or ResourceExhausted when the file is larger than max_bytes.
StatusOr<std::string> ReadFile(const std::string& path,
                               uint64_t max_bytes = UINT64_MAX);

// Writes `contents` to a temporary file beside `path`, then renames it over
// `path`, so a reader never sees a half-written file.
Status WriteFileAtomically(const std::string& path, const std::string& contents);

// Translates errno after a failed open/read of `path` into a Status.
Status ErrnoToStatus(int err, const std::string& path, std::string_view action);

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_BASE_FILE_H_
