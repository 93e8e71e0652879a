// Private to the preprocess stage: JPEG decoding straight on libjpeg, with
// an error manager that turns every libjpeg error and warning into a Status
// (Leptonica's JPEG reader lets libjpeg print warnings on stderr).
#ifndef SOHOA_PIPELINE_PREPROCESS_JPEG_DECODER_H_
#define SOHOA_PIPELINE_PREPROCESS_JPEG_DECODER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "pipeline/base/status.h"
#include "pipeline/document/document.h"

namespace sohoa {

// Decodes a JPEG to 8-bit gray. Reads the header first and refuses images
// above `max_pixels`; corrupt or truncated data gives DataLoss. `where` names
// the file and page in messages. Returns Unimplemented for CMYK JPEGs, which
// the caller hands to Leptonica.
StatusOr<Image> DecodeJpeg(std::string_view bytes, int64_t max_pixels, const std::string& where);

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_PREPROCESS_JPEG_DECODER_H_
