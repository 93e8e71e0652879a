#include "pipeline/driver/input_name.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <utility>

namespace sohoa {
namespace {

constexpr std::pair<const char*, InputFormat> kImageNames[] = {
    {".png", InputFormat::kPng},   {".jpg", InputFormat::kJpeg}, {".jpeg", InputFormat::kJpeg},
    {".tif", InputFormat::kTiff},  {".tiff", InputFormat::kTiff}, {".pdf", InputFormat::kPdf},
    {".bmp", InputFormat::kBmp},   {".gif", InputFormat::kGif},  {".webp", InputFormat::kWebp},
    {".pnm", InputFormat::kPnm},   {".pbm", InputFormat::kPnm},  {".pgm", InputFormat::kPnm},
    {".ppm", InputFormat::kPnm},
};

std::string LowerExtension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

}  // namespace

StatusOr<std::string> CheckInputName(const std::string& path, InputFormat format) {
  const std::string ext = LowerExtension(path);
  const bool text_name = ext.empty() || ext == ".txt" || ext == ".md";
  const bool is_text = format == InputFormat::kText;
  const bool is_image = !is_text && format != InputFormat::kUnknown;
  const InputFormat* promised = nullptr;
  for (const auto& [name, f] : kImageNames) {
    if (ext == name) promised = &f;
  }
  if (promised != nullptr) {
    if (!is_image) {
      return InvalidArgumentError(path + ": not an image: the file is named " + ext + " but its bytes are " +
                                  (is_text ? "text" : "of no format sohoa reads"));
    }
    if (*promised == format) return std::string();
    return path + ": named " + ext + " but is " + Upper(InputFormatName(format)) + "; read as " +
           Upper(InputFormatName(format));
  }
  if (is_text) {
    if (text_name) return std::string();
    return InvalidArgumentError(path + ": not an image, and " + ext +
                                " files are not read as text (only .txt, .md or no extension)");
  }
  if (!is_image) return InvalidArgumentError(path + ": not an image: bytes of no format sohoa reads");
  if (ext.empty()) return std::string();
  return path + ": named " + ext + " but is " + Upper(InputFormatName(format)) + "; read as " +
         Upper(InputFormatName(format));
}

}  // namespace sohoa
