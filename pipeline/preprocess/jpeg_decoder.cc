#include "pipeline/preprocess/jpeg_decoder.h"

#include <csetjmp>
#include <cstdio>

#include <jpeglib.h>

namespace sohoa {
namespace {

struct ErrorManager {
  jpeg_error_mgr base;  // first, so libjpeg's pointer is ours too
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX] = {0};
};

[[noreturn]] void OnError(j_common_ptr cinfo) {
  auto* errors = reinterpret_cast<ErrorManager*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, errors->message);
  std::longjmp(errors->jump, 1);
}

// Level -1 is a warning about corrupt data: treated as an error, as a page
// padded with gray would OCR as garbage. Trace messages (level >= 0) are dropped.
void OnMessage(j_common_ptr cinfo, int level) {
  if (level < 0) OnError(cinfo);
}

int DotsPerInch(const jpeg_decompress_struct& cinfo) {
  if (cinfo.density_unit == 1) return cinfo.X_density;
  if (cinfo.density_unit == 2) return static_cast<int>(cinfo.X_density * 2.54 + 0.5);
  return 0;
}

// Everything between setjmp and the end lives in `cinfo` or `image`, which
// have trivial or already-constructed state, so longjmp skips no destructor
// that matters.
bool Decode(jpeg_decompress_struct* cinfo, std::string_view bytes, int64_t max_pixels,
            Image* image, bool* too_big, bool* cmyk) {
  jpeg_mem_src(cinfo, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  jpeg_read_header(cinfo, TRUE);
  image->width = static_cast<int>(cinfo->image_width);
  image->height = static_cast<int>(cinfo->image_height);
  if (static_cast<int64_t>(image->width) * image->height > max_pixels) {
    *too_big = true;
    return false;
  }
  if (cinfo->jpeg_color_space == JCS_CMYK || cinfo->jpeg_color_space == JCS_YCCK) {
    *cmyk = true;
    return false;
  }
  cinfo->out_color_space = JCS_GRAYSCALE;
  jpeg_start_decompress(cinfo);
  image->dpi = DotsPerInch(*cinfo);
  image->pixels.resize(static_cast<size_t>(image->width) * image->height);
  while (cinfo->output_scanline < cinfo->output_height) {
    JSAMPROW row = &image->pixels[static_cast<size_t>(cinfo->output_scanline) * image->width];
    jpeg_read_scanlines(cinfo, &row, 1);
  }
  jpeg_finish_decompress(cinfo);
  return true;
}

}  // namespace

StatusOr<Image> DecodeJpeg(std::string_view bytes, int64_t max_pixels, const std::string& where) {
  jpeg_decompress_struct cinfo;
  ErrorManager errors;
  cinfo.err = jpeg_std_error(&errors.base);
  errors.base.error_exit = OnError;
  errors.base.emit_message = OnMessage;
  Image image;
  bool too_big = false, cmyk = false;
  jpeg_create_decompress(&cinfo);
  if (setjmp(errors.jump) != 0) {
    jpeg_destroy_decompress(&cinfo);
    return DataLossError(where + ": corrupt or truncated JPEG (" + errors.message + ")");
  }
  const bool ok = Decode(&cinfo, bytes, max_pixels, &image, &too_big, &cmyk);
  jpeg_destroy_decompress(&cinfo);
  if (too_big) {
    return ResourceExhaustedError(where + ": image is " + std::to_string(image.width) + "x" +
                                  std::to_string(image.height) + " pixels, above the limit of " +
                                  std::to_string(max_pixels) + "; raise the pixel limit to read it");
  }
  if (cmyk) return UnimplementedError(where + ": CMYK JPEG");
  if (!ok) return DataLossError(where + ": cannot decode the JPEG");
  return image;
}

}  // namespace sohoa
