// Whether a file's name and its bytes agree on what it is. Internal to the
// driver: ingest identifies a file by its bytes alone (SniffFormat); the
// driver decides what a name that says otherwise means.
#ifndef SOHOA_PIPELINE_DRIVER_INPUT_NAME_H_
#define SOHOA_PIPELINE_DRIVER_INPUT_NAME_H_

#include <string>

#include "pipeline/base/status.h"
#include "pipeline/document/document.h"

namespace sohoa {

// Checks `format` (from the bytes) against the name of `path`:
//  - a name that promises an image or PDF (.png, .jpg, .tif, .pdf...) over
//    bytes of another image format: read as what it is; returns a warning;
//  - such a name over text or unknown bytes: fails "not an image";
//  - only a text name (.txt, .md) or no extension is read as text; text
//    under any other name fails;
//  - image bytes under a text name or an unknown one: read, with a warning.
// Returns "" when name and bytes agree, else the warning line (naming the
// file); fails with InvalidArgument naming the file.
StatusOr<std::string> CheckInputName(const std::string& path, InputFormat format);

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_DRIVER_INPUT_NAME_H_
