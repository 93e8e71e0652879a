// Finding, reading and identifying input files.
#include "pipeline/ingest/ingest.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "pipeline/base/file.h"
#include "pipeline/base/sha256.h"
#include "pipeline/base/utf8.h"
#include "pipeline/ingest/legacy_charsets.h"

namespace sohoa {
namespace {

namespace fs = std::filesystem;

bool IsHidden(const fs::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name[0] == '.';
}

Failure ListingFailure(const std::string& path, const std::string& reason) {
  Failure failure;
  failure.path = path;
  failure.stage = "ingest";
  failure.message = path + ": " + reason;
  return failure;
}

void WalkFolder(const fs::path& root, InputList* out) {
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
  if (ec) {
    out->failures.push_back(ListingFailure(root.string(), "cannot list folder: " + ec.message()));
    return;
  }
  for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
    if (ec) {
      out->failures.push_back(
          ListingFailure(it->path().string(), "cannot list folder: " + ec.message()));
      ec.clear();
      continue;
    }
    if (IsHidden(it->path())) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec)) out->files.push_back(it->path().string());
  }
}

bool StartsWith(std::string_view bytes, std::string_view prefix) {
  return bytes.substr(0, prefix.size()) == prefix;
}

bool LooksLikePnm(std::string_view bytes) {
  return bytes.size() >= 3 && bytes[0] == 'P' && bytes[1] >= '1' && bytes[1] <= '6' &&
         (bytes[2] == ' ' || bytes[2] == '\n' || bytes[2] == '\r' || bytes[2] == '\t');
}

// Legacy OCR text: no NUL bytes and almost no control characters (TCVN3 and
// VISCII keep some capital letters below 0x20; those are not controls).
bool LooksLikeText(std::string_view bytes) {
  size_t controls = 0;
  for (unsigned char c : bytes) {
    if (c == 0) return false;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' &&
        !legacy::IsLegacyLetterControl(c)) {
      ++controls;
    }
  }
  return controls * 100 <= bytes.size();
}

}  // namespace

InputList ListInputs(const std::vector<std::string>& paths) {
  InputList out;
  for (const std::string& path : paths) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      out.failures.push_back(ListingFailure(path, "no such file or folder"));
    } else if (fs::is_directory(status)) {
      WalkFolder(path, &out);
    } else {
      out.files.push_back(path);
    }
  }
  std::sort(out.files.begin(), out.files.end());
  out.files.erase(std::unique(out.files.begin(), out.files.end()), out.files.end());
  return out;
}

InputFormat SniffFormat(std::string_view bytes) {
  using std::string_view_literals::operator""sv;
  if (StartsWith(bytes, "II*\0"sv) || StartsWith(bytes, "MM\0*"sv)) return InputFormat::kTiff;
  if (StartsWith(bytes, "\x89PNG\r\n\x1a\n"sv)) return InputFormat::kPng;
  if (StartsWith(bytes, "\xFF\xD8\xFF"sv)) return InputFormat::kJpeg;
  // PDF readers accept the header anywhere in the first kilobyte.
  if (bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos) return InputFormat::kPdf;
  if (StartsWith(bytes, "GIF87a") || StartsWith(bytes, "GIF89a")) return InputFormat::kGif;
  if (bytes.size() >= 12 && StartsWith(bytes, "RIFF") && bytes.substr(8, 4) == "WEBP") {
    return InputFormat::kWebp;
  }
  if (bytes.size() >= 26 && StartsWith(bytes, "BM")) return InputFormat::kBmp;
  if (LooksLikePnm(bytes)) return InputFormat::kPnm;
  // UTF-16 and UTF-32 text is full of NUL bytes: its byte-order mark tells it.
  for (std::string_view bom : {"\xFF\xFE"sv, "\xFE\xFF"sv, "\0\0\xFE\xFF"sv}) {
    if (StartsWith(bytes, bom)) return InputFormat::kText;
  }
  if (LooksLikeText(bytes)) return InputFormat::kText;
  return InputFormat::kUnknown;
}

StatusOr<LoadedFile> LoadFile(const std::string& path, const IngestLimits& limits) {
  StatusOr<std::string> bytes = ReadFile(path, limits.max_file_bytes);
  if (!bytes.ok()) return bytes.status();
  if (bytes->empty()) return InvalidArgumentError(path + ": file is empty (0 bytes)");
  LoadedFile loaded;
  loaded.document.format = SniffFormat(*bytes);
  if (loaded.document.format == InputFormat::kUnknown) {
    return UnimplementedError(path +
                              ": not a format sohoa reads (expected TIFF, PNG, JPEG, PDF, "
                              "BMP, PNM, WebP, GIF or text)");
  }
  loaded.document.id = Sha256Hex(*bytes);
  loaded.document.path = path;
  loaded.document.size_bytes = bytes->size();
  loaded.bytes = std::move(bytes).value();
  return loaded;
}

std::vector<std::string> SplitTextPages(std::string_view bytes) {
  if (StartsWith(bytes, "\xEF\xBB\xBF")) bytes.remove_prefix(3);  // UTF-8 BOM
  std::string text;
  text.reserve(bytes.size());
  for (char c : SanitizeUtf8(bytes)) {
    if (c != '\r') text.push_back(c);
  }
  std::vector<std::string> pages;
  size_t start = 0;
  for (size_t ff; (ff = text.find('\f', start)) != std::string::npos; start = ff + 1) {
    pages.push_back(text.substr(start, ff - start));
  }
  // A final form feed ends the last page rather than starting an empty one.
  if (start < text.size() || pages.empty()) pages.push_back(text.substr(start));
  return pages;
}

}  // namespace sohoa
