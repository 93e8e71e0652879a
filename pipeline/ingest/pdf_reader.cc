// PdfReader on poppler-cpp. Poppler's own error output is silenced: every
// problem reaches the caller as a Status naming the file and page.
#include <climits>
#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include "pipeline/base/utf8.h"
#include "pipeline/ingest/ingest.h"

namespace sohoa {
namespace {

void IgnorePopplerMessage(const std::string&, void*) {}

void SilencePoppler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(IgnorePopplerMessage, nullptr); });
}

class PopplerReader : public PdfReader {
 public:
  PopplerReader(std::unique_ptr<poppler::document> doc, std::string path)
      : doc_(std::move(doc)), path_(std::move(path)) {}

  int page_count() const override { return doc_->pages(); }

  StatusOr<std::string> TextLayer(int page) const override {
    StatusOr<std::unique_ptr<poppler::page>> p = OpenPage(page);
    if (!p.ok()) return p.status();
    const poppler::byte_array utf8 = (*p)->text().to_utf8();
    return SanitizeUtf8(std::string_view(utf8.data(), utf8.size()));
  }

  StatusOr<Image> Render(int page, int dpi, int64_t max_pixels) const override {
    StatusOr<std::unique_ptr<poppler::page>> p = OpenPage(page);
    if (!p.ok()) return p.status();
    const poppler::rectf box = (*p)->page_rect();
    const double pixels = box.width() * dpi / 72.0 * box.height() * dpi / 72.0;
    if (!(pixels <= static_cast<double>(max_pixels))) {
      return ResourceExhaustedError(Where(page) + ": rendering at " + std::to_string(dpi) +
                                    " dpi gives " + std::to_string(std::llround(pixels)) +
                                    " pixels, above the limit of " + std::to_string(max_pixels));
    }
    poppler::page_renderer renderer;
    renderer.set_image_format(poppler::image::format_gray8);
    renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
    renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
    const poppler::image rendered = renderer.render_page(p->get(), dpi, dpi);
    if (!rendered.is_valid() || rendered.format() != poppler::image::format_gray8) {
      return DataLossError(Where(page) + ": cannot render the page (corrupt PDF?)");
    }
    return ToImage(rendered, dpi);
  }

 private:
  std::string Where(int page) const { return path_ + " page " + std::to_string(page + 1); }

  StatusOr<std::unique_ptr<poppler::page>> OpenPage(int page) const {
    if (page < 0 || page >= doc_->pages()) {
      return NotFoundError(Where(page) + ": no such page (the PDF has " +
                           std::to_string(doc_->pages()) + ")");
    }
    std::unique_ptr<poppler::page> p(doc_->create_page(page));
    if (p == nullptr) return DataLossError(Where(page) + ": cannot read the page (corrupt PDF?)");
    return p;
  }

  static Image ToImage(const poppler::image& rendered, int dpi) {
    Image image;
    image.width = rendered.width();
    image.height = rendered.height();
    image.dpi = dpi;
    image.pixels.resize(static_cast<size_t>(image.width) * image.height);
    for (int y = 0; y < image.height; ++y) {
      std::memcpy(&image.pixels[static_cast<size_t>(y) * image.width],
                  rendered.const_data() + static_cast<size_t>(y) * rendered.bytes_per_row(),
                  image.width);
    }
    return image;
  }

  std::unique_ptr<poppler::document> doc_;
  std::string path_;
};

}  // namespace

StatusOr<std::unique_ptr<PdfReader>> PdfReader::Open(std::string_view bytes,
                                                     const std::string& path) {
  SilencePoppler();
  if (bytes.empty()) return InvalidArgumentError(path + ": PDF is empty (0 bytes)");
  if (bytes.size() > INT_MAX) {
    return ResourceExhaustedError(path + ": PDF is larger than 2 GiB, which Poppler cannot read");
  }
  // load_from_data takes the bytes over; load_from_raw_data would keep a
  // pointer into the caller's buffer, which may not outlive the reader.
  poppler::byte_array data(bytes.begin(), bytes.end());
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_data(&data));
  if (doc == nullptr) {
    return DataLossError(path + ": corrupt PDF (Poppler cannot parse it)");
  }
  if (doc->is_locked()) {
    return PermissionDeniedError(path +
                                 ": PDF is encrypted with a password; decrypt it first "
                                 "(e.g. qpdf --decrypt --password=... in.pdf out.pdf)");
  }
  if (doc->pages() <= 0) return DataLossError(path + ": PDF has no pages (corrupt PDF?)");
  return std::unique_ptr<PdfReader>(new PopplerReader(std::move(doc), path));
}

}  // namespace sohoa
