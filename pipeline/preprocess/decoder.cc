// ImageDecoder on Leptonica: the header is read and checked against the pixel
// limit before any pixel buffer is allocated.
#include <array>
#include <cstdint>
#include <cstdio>
#include <string>

#include "pipeline/preprocess/jpeg_decoder.h"
#include "pipeline/preprocess/pix.h"
#include "pipeline/preprocess/preprocess.h"

namespace sohoa {
namespace {

struct FileCloser {
  void operator()(FILE* f) const { fclose(f); }
};

const l_uint8* Data(std::string_view bytes) {
  return reinterpret_cast<const l_uint8*>(bytes.data());
}

std::string Where(const std::string& path, int page) {
  return path + " page " + std::to_string(page + 1);
}

struct Header {
  int width = 0, height = 0;
};

StatusOr<Header> ReadHeader(std::string_view bytes, InputFormat format, int page,
                            const std::string& path) {
  Header h;
  l_int32 bps = 0, spp = 0, res = 0, cmap = 0, iff = 0;
  const l_ok rc = format == InputFormat::kTiff
                      ? readHeaderMemTiff(Data(bytes), bytes.size(), page, &h.width, &h.height,
                                          &bps, &spp, &res, &cmap, &iff)
                      : pixReadHeaderMem(Data(bytes), bytes.size(), &iff, &h.width, &h.height,
                                         &bps, &spp, &cmap);
  if (rc != 0 || h.width <= 0 || h.height <= 0) {
    return DataLossError(Where(path, page) + ": cannot read the " + InputFormatName(format) +
                         " header (truncated or corrupt file)");
  }
  return h;
}

Status CheckPixelLimit(const Header& h, int64_t max_pixels, const std::string& where) {
  const int64_t pixels = static_cast<int64_t>(h.width) * h.height;
  if (pixels <= max_pixels) return Status::Ok();
  return ResourceExhaustedError(where + ": image is " + std::to_string(h.width) + "x" +
                                std::to_string(h.height) + " pixels, above the limit of " +
                                std::to_string(max_pixels) + "; raise the pixel limit to read it");
}

// libjpeg reports a truncated file as a warning on stderr and returns a page
// padded with gray. The main image's last scan (after the last SOS marker)
// must end with EOI; marker bytes cannot occur inside entropy-coded data.
bool JpegLooksComplete(std::string_view bytes) {
  const size_t last_scan = bytes.rfind("\xFF\xDA");
  return last_scan != std::string_view::npos &&
         bytes.find("\xFF\xD9", last_scan) != std::string_view::npos;
}

uint32_t Crc32(std::string_view bytes) {
  static const auto table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t n = 0; n < 256; ++n) {
      uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char b : bytes) crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

uint32_t ReadBigEndian32(std::string_view bytes, size_t pos) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + pos);
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

// libpng prints its errors on stderr; a PNG whose chunks do not run intact
// (whole, with matching CRCs) up to IEND is refused before libpng sees it.
bool PngLooksComplete(std::string_view bytes) {
  if (bytes.substr(0, 8) != std::string_view("\x89PNG\r\n\x1a\n", 8)) return false;
  for (size_t pos = 8; pos + 12 <= bytes.size();) {
    const uint64_t length = ReadBigEndian32(bytes, pos);
    if (pos + 12 + length > bytes.size()) return false;
    if (Crc32(bytes.substr(pos + 4, 4 + length)) != ReadBigEndian32(bytes, pos + 8 + length)) {
      return false;
    }
    if (bytes.substr(pos + 4, 4) == "IEND") return true;
    pos += 12 + length;
  }
  return false;
}

// Checks what would otherwise make the codec libraries print on stderr.
Status CheckComplete(std::string_view bytes, InputFormat format, const std::string& where) {
  if (format == InputFormat::kJpeg && !JpegLooksComplete(bytes)) {
    return DataLossError(where + ": truncated or corrupt JPEG (no complete image data)");
  }
  if (format == InputFormat::kPng && !PngLooksComplete(bytes)) {
    return DataLossError(where + ": truncated or corrupt PNG (a chunk is cut short or fails its CRC)");
  }
  return Status::Ok();
}

PIX* DecodePix(std::string_view bytes, InputFormat format, int page) {
  switch (format) {
    case InputFormat::kTiff:
      return pixReadMemTiff(Data(bytes), bytes.size(), page);
    case InputFormat::kJpeg: {
      l_int32 warnings = 0;  // corrupt data fails rather than returning gray
      return pixReadMemJpeg(Data(bytes), bytes.size(), 0, 1, &warnings, 0);
    }
    default:
      return pixReadMem(Data(bytes), bytes.size());
  }
}

bool IsRaster(InputFormat format) {
  return format != InputFormat::kPdf && format != InputFormat::kText &&
         format != InputFormat::kUnknown;
}

}  // namespace

StatusOr<int> ImageDecoder::CountPages(std::string_view bytes, InputFormat format,
                                       const std::string& path) {
  SilenceLeptonica();
  if (!IsRaster(format)) {
    return InvalidArgumentError(path + ": " + InputFormatName(format) + " is not a raster image");
  }
  if (format != InputFormat::kTiff) return 1;
  std::unique_ptr<FILE, FileCloser> file(fopenReadFromMemory(Data(bytes), bytes.size()));
  l_int32 pages = 0;
  if (file == nullptr || tiffGetCount(file.get(), &pages) != 0 || pages <= 0) {
    return DataLossError(path + ": cannot read the TIFF directory (truncated or corrupt file)");
  }
  return pages;
}

StatusOr<Image> ImageDecoder::DecodePage(std::string_view bytes, InputFormat format, int page,
                                         int64_t max_pixels, const std::string& path) {
  SilenceLeptonica();
  if (!IsRaster(format)) {
    return InvalidArgumentError(path + ": " + InputFormatName(format) + " is not a raster image");
  }
  if (page < 0 || (format != InputFormat::kTiff && page > 0)) {
    return NotFoundError(Where(path, page) + ": no such page");
  }
  SOHOA_RETURN_IF_ERROR(CheckComplete(bytes, format, Where(path, page)));
  if (format == InputFormat::kJpeg) {
    StatusOr<Image> jpeg = DecodeJpeg(bytes, max_pixels, Where(path, page));
    if (jpeg.ok() || jpeg.status().code() != StatusCode::kUnimplemented) return jpeg;
  }
  SOHOA_ASSIGN_OR_RETURN(const Header header, ReadHeader(bytes, format, page, path));
  SOHOA_RETURN_IF_ERROR(CheckPixelLimit(header, max_pixels, Where(path, page)));
  PixPtr pix(DecodePix(bytes, format, page));
  if (pix == nullptr) {
    return DataLossError(Where(path, page) + ": cannot decode the " + InputFormatName(format) +
                         " data (truncated or corrupt file)");
  }
  Image image = ImageFromPix(pix.get());
  if (image.empty()) {
    return DataLossError(Where(path, page) + ": cannot convert the image to grayscale");
  }
  return image;
}

std::string LeptonicaVersion() {
  char* version = getLeptonicaVersion();
  std::string result = version != nullptr ? version : "leptonica (unknown version)";
  lept_free(version);
  return result;
}

}  // namespace sohoa
