// PdfReader on poppler-cpp. Poppler's own error output is silenced: every
// problem reaches the caller as a Status naming the file and page.
#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include "pipeline/base/utf8.h"
#include "pipeline/ingest/ingest.h"

namespace sohoa {
namespace {

// Grey levels that split ink: below kDark print, handwriting and stamps;
// up to kFaint bleed-through and paper texture; above kPaper, paper.
constexpr int kDark = 128, kFaint = 215, kPaper = 240;

int Luma(int red, int green, int blue) { return (299 * red + 587 * green + 114 * blue) / 1000; }

// A seal's red and a signature's blue, down to the pale pink of a seal seen
// through the paper. Black print is dark in every channel, so it never
// passes, not even where a seal's red overlaps it.
bool IsColourInk(int red, int green, int blue) {
  constexpr int kChroma = 40;
  const bool reddish = red - std::max(green, blue) >= kChroma;
  const bool bluish = blue - std::max(red, green) >= kChroma / 2 && blue - red >= kChroma;
  return reddish || bluish;
}

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

  StatusOr<PdfRect> PageBox(int page) const override {
    StatusOr<std::unique_ptr<poppler::page>> p = OpenPage(page);
    if (!p.ok()) return p.status();
    poppler::rectf box = (*p)->page_rect();
    const poppler::page::orientation_enum turn = (*p)->orientation();
    const bool sideways =
        turn == poppler::page::landscape || turn == poppler::page::seascape;
    PdfRect r;
    r.right = sideways ? box.height() : box.width();
    r.bottom = sideways ? box.width() : box.height();
    return r;
  }

  StatusOr<std::vector<LayerWord>> TextLayerWords(int page) const override {
    StatusOr<std::unique_ptr<poppler::page>> p = OpenPage(page);
    if (!p.ok()) return p.status();
    std::vector<LayerWord> words;
    for (const poppler::text_box& box : (*p)->text_list()) {
      const poppler::byte_array utf8 = box.text().to_utf8();
      const poppler::rectf r = box.bbox();
      LayerWord word;
      word.text = SanitizeUtf8(std::string_view(utf8.data(), utf8.size()));
      word.box = {r.left(), r.top(), r.right(), r.bottom()};
      word.space_after = box.has_space_after();
      words.push_back(std::move(word));
    }
    return words;
  }

  StatusOr<Image> Render(int page, const RenderRequest& request,
                         int64_t* colour_ink) const override {
    Image image;
    if (request.drop_colour_ink) {
      SOHOA_ASSIGN_OR_RETURN(poppler::image rendered,
                             RenderAs(page, request.dpi, request.max_pixels,
                                      poppler::image::format_argb32));
      image = GreyWithoutColourInk(rendered, request.dpi, colour_ink);
    } else {
      SOHOA_ASSIGN_OR_RETURN(poppler::image rendered,
                             RenderAs(page, request.dpi, request.max_pixels,
                                      poppler::image::format_gray8));
      image = ToImage(rendered, request.dpi);
      if (colour_ink != nullptr) *colour_ink = 0;
    }
    for (const PdfRect& r : request.hidden) {
      ForEachPixel(r, request.dpi, image.width, image.height,
                   [&](int x, int y) { image.pixels[static_cast<size_t>(y) * image.width + x] = 255; });
    }
    return image;
  }

  StatusOr<InkCensus> CountInk(int page, int dpi, const std::vector<PdfRect>& hidden,
                               const std::vector<PdfRect>& cover) const override {
    SOHOA_ASSIGN_OR_RETURN(poppler::image rendered,
                           RenderAs(page, dpi, INT64_MAX, poppler::image::format_argb32));
    const int width = rendered.width(), height = rendered.height();
    // 0: counted, 1: hidden, 2: inside a cover rectangle.
    std::vector<uint8_t> mask(static_cast<size_t>(width) * height, 0);
    for (const PdfRect& r : cover) {
      ForEachPixel(r, dpi, width, height,
                   [&](int x, int y) { mask[static_cast<size_t>(y) * width + x] = 2; });
    }
    for (const PdfRect& r : hidden) {
      ForEachPixel(r, dpi, width, height,
                   [&](int x, int y) { mask[static_cast<size_t>(y) * width + x] = 1; });
    }
    InkCensus census;
    for (int y = 0; y < height; ++y) {
      // argb32 is host-endian 0xAARRGGBB: bytes B, G, R, A on little-endian.
      const auto* row =
          reinterpret_cast<const uint8_t*>(rendered.const_data()) + static_cast<size_t>(y) * rendered.bytes_per_row();
      for (int x = 0; x < width; ++x) {
        const uint8_t where = mask[static_cast<size_t>(y) * width + x];
        if (where == 1) continue;
        ++census.pixels;
        CountPixel(row[4 * x + 2], row[4 * x + 1], row[4 * x], where == 2, &census);
      }
    }
    return census;
  }

 private:
  std::string Where(int page) const { return path_ + " page " + std::to_string(page + 1); }

  StatusOr<poppler::image> RenderAs(int page, int dpi, int64_t max_pixels,
                                    poppler::image::format_enum format) const {
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
    renderer.set_image_format(format);
    renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
    renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
    poppler::image rendered = renderer.render_page(p->get(), dpi, dpi);
    if (!rendered.is_valid() || rendered.format() != format) {
      return DataLossError(Where(page) + ": cannot render the page (corrupt PDF?)");
    }
    return rendered;
  }

  // Calls fn(x, y) for each pixel of a `dpi` render inside `r` (points).
  template <typename Fn>
  static void ForEachPixel(const PdfRect& r, int dpi, int width, int height, Fn fn) {
    const double scale = dpi / 72.0;
    const int x0 = std::max(0, static_cast<int>(std::floor(r.left * scale)));
    const int y0 = std::max(0, static_cast<int>(std::floor(r.top * scale)));
    const int x1 = std::min(width, static_cast<int>(std::ceil(r.right * scale)));
    const int y1 = std::min(height, static_cast<int>(std::ceil(r.bottom * scale)));
    for (int y = y0; y < y1; ++y) {
      for (int x = x0; x < x1; ++x) fn(x, y);
    }
  }

  static void CountPixel(int red, int green, int blue, bool covered, InkCensus* census) {
    const int luma = Luma(red, green, blue);
    if (IsColourInk(red, green, blue) && luma < kPaper) {
      ++census->coloured;
    } else if (luma >= kDark && luma < kFaint) {
      ++census->faint;
    }
    if (luma < kDark) {
      ++census->dark;
      if (covered) ++census->covered;
    }
  }

  StatusOr<std::unique_ptr<poppler::page>> OpenPage(int page) const {
    if (page < 0 || page >= doc_->pages()) {
      return NotFoundError(Where(page) + ": no such page (the PDF has " +
                           std::to_string(doc_->pages()) + ")");
    }
    std::unique_ptr<poppler::page> p(doc_->create_page(page));
    if (p == nullptr) return DataLossError(Where(page) + ": cannot read the page (corrupt PDF?)");
    return p;
  }

  // Grey as Poppler's own conversion weighs the channels, with colour ink
  // made paper.
  static Image GreyWithoutColourInk(const poppler::image& rendered, int dpi, int64_t* dropped) {
    Image image;
    image.width = rendered.width();
    image.height = rendered.height();
    image.dpi = dpi;
    image.pixels.resize(static_cast<size_t>(image.width) * image.height);
    int64_t count = 0;
    for (int y = 0; y < image.height; ++y) {
      const auto* row = reinterpret_cast<const uint8_t*>(rendered.const_data()) +
                        static_cast<size_t>(y) * rendered.bytes_per_row();
      uint8_t* out = &image.pixels[static_cast<size_t>(y) * image.width];
      for (int x = 0; x < image.width; ++x) {
        const int blue = row[4 * x], green = row[4 * x + 1], red = row[4 * x + 2];
        const bool ink = IsColourInk(red, green, blue);
        count += ink;
        out[x] = ink ? 255 : static_cast<uint8_t>(Luma(red, green, blue));
      }
    }
    if (dropped != nullptr) *dropped = count;
    return image;
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

InkCensus CountInk(const Image& image) {
  InkCensus census;
  census.pixels = static_cast<int64_t>(image.pixels.size());
  for (uint8_t v : image.pixels) {
    if (v < kDark) {
      ++census.dark;
    } else if (v < kFaint) {
      ++census.faint;
    }
  }
  return census;
}

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
