// Preprocessor on Leptonica. Each step is a small function; Process() runs the
// enabled ones in order and notes what each did. Which steps are on by
// default is decided by measured CER (tools/eval_ocr, see notes in the
// header).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

#include "pipeline/preprocess/pix.h"
#include "pipeline/preprocess/preprocess.h"

namespace sohoa {
namespace {

constexpr float kPi = 3.14159265f;

// Smaller factors (200 dpi scans need about 1.3x) did not lower CER on the dev
// set and cost OCR time in proportion to the page area.
constexpr double kMinUpscale = 1.5;

// The median letter (connected component) of 6 pt print, the smallest an
// administrative document uses (footnotes), is about 3 pt tall.
constexpr double kMinLetterPoints = 3.0;

std::string Format(const char* fmt, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), fmt, value);
  return buffer;
}

void Note(std::vector<std::string>* notes, std::string note) {
  if (notes != nullptr) notes->push_back(std::move(note));
}

// Text black (1), background white (0), robust to uneven lighting.
PixPtr Binarize(PIX* gray) {
  l_int32 threshold = 0;
  PixPtr bin(pixOtsuThreshOnBackgroundNorm(gray, nullptr, 10, 15, 100, 50, 255, 2, 2, 0.1f,
                                           &threshold));
  if (bin == nullptr) bin.reset(pixConvertTo1(gray, 128));
  return bin;
}

struct Component {
  int x, y, w, h;
};

// True when `b`, to the right of `a`, could be the next letter of a's line:
// close, of a like height, and mostly level with it.
bool NextInLine(const Component& a, const Component& b) {
  if (b.x - (a.x + a.w) > 2 * a.h) return false;
  if (2 * b.h < a.h || b.h > 2 * a.h) return false;
  const int overlap = std::min(a.y + a.h, b.y + b.h) - std::max(a.y, b.y);
  return 2 * overlap >= std::min(a.h, b.h);
}

// The bounding boxes of the connected components of a binary page.
std::vector<Component> Components(PIX* bin) {
  std::vector<Component> components;
  BoxaPtr boxes(pixConnComp(bin, nullptr, 8));
  if (boxes == nullptr) return components;
  components.resize(boxaGetCount(boxes.get()));
  for (size_t i = 0; i < components.size(); ++i) {
    Component& c = components[i];
    boxaGetBoxGeometry(boxes.get(), static_cast<int>(i), &c.x, &c.y, &c.w, &c.h);
  }
  return components;
}

std::vector<Component> Transposed(std::vector<Component> components) {
  for (Component& c : components) c = {c.y, c.x, c.h, c.w};
  return components;
}

// Median height of the connected components that stand in a line of text:
// letter-sized, with a neighbour of like height level with them. Specks,
// the dots of a seal's ring, a signature's strokes and the fragments of a
// faint typewritten page stand alone and are not counted, so they never
// decide the scale. 0 when fewer than kMinLetters are found. For lines that
// run down the page (a page turned by 90 degrees), pass Transposed(components).
constexpr int kMinLetters = 20;

double MedianTextHeight(const std::vector<Component>& components, int page_height) {
  std::vector<Component> letters;
  for (const Component& c : components) {
    if (c.h >= 4 && c.h <= page_height / 8 && c.w <= 4 * c.h) letters.push_back(c);
  }
  std::sort(letters.begin(), letters.end(),
            [](const Component& a, const Component& b) { return a.x < b.x; });
  std::vector<bool> in_line(letters.size(), false);
  for (size_t i = 0; i < letters.size(); ++i) {
    const Component& a = letters[i];
    for (size_t j = i + 1; j < letters.size() && letters[j].x <= a.x + a.w + 2 * a.h; ++j) {
      if (NextInLine(a, letters[j])) in_line[i] = in_line[j] = true;
    }
  }
  std::vector<int> heights;
  for (size_t i = 0; i < letters.size(); ++i) {
    if (in_line[i]) heights.push_back(letters[i].h);
  }
  if (heights.size() < static_cast<size_t>(kMinLetters)) return 0;
  std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
  return heights[heights.size() / 2];
}

// A pixel that differs from all eight neighbours by more than kSpeckContrast
// is a speck of impulse noise: no stroke of a letter is one pixel in every
// direction. Replaces each speck by the median of its neighbours and returns
// how many there were. Strokes, even one pixel wide, are left alone, which a
// plain median filter would erase on 150 dpi bilevel scans.
//
// On heavily speckled pages (kHeavySpeckShare of pixels) noise pixels touch
// each other; a second pass then also takes pixels with one similar
// neighbour. Not on clean pages: it would eat the one-pixel diacritics of a
// 600 px phone photo.
constexpr int kSpeckContrast = 96;
constexpr double kHeavySpeckShare = 0.001;

int64_t RemoveSpecks(PIX* gray, int max_similar_neighbours) {
  const int w = pixGetWidth(gray), h = pixGetHeight(gray), wpl = pixGetWpl(gray);
  PixPtr copy(pixCopy(nullptr, gray));
  if (copy == nullptr) return 0;
  const l_uint32* src = pixGetData(copy.get());
  l_uint32* dst = pixGetData(gray);
  int64_t specks = 0;
  int around[8];
  for (int y = 1; y + 1 < h; ++y) {
    const l_uint32* rows[3] = {src + (y - 1) * wpl, src + y * wpl, src + (y + 1) * wpl};
    for (int x = 1; x + 1 < w; ++x) {
      const int center = GET_DATA_BYTE(rows[1], x);
      int n = 0, similar = 0;
      for (int dy = 0; dy < 3 && similar <= max_similar_neighbours; ++dy) {
        for (int dx = -1; dx <= 1; ++dx) {
          if (dy == 1 && dx == 0) continue;
          const int v = GET_DATA_BYTE(rows[dy], x + dx);
          if (std::abs(v - center) <= kSpeckContrast) ++similar;
          around[n++] = v;
        }
      }
      const bool isolated = similar <= max_similar_neighbours;
      if (!isolated) continue;
      std::nth_element(around, around + 4, around + 8);
      SET_DATA_BYTE(dst + y * wpl, x, around[4]);
      ++specks;
    }
  }
  return specks;
}

}  // namespace

class PreprocessSteps {
 public:
  PreprocessSteps(const PreprocessOptions& options, std::vector<std::string>* notes)
      : options_(options), notes_(notes) {}

  PixPtr RemoveImpulseNoise(PixPtr gray) {
    int64_t specks = RemoveSpecks(gray.get(), 0);
    const double pixels = static_cast<double>(pixGetWidth(gray.get())) * pixGetHeight(gray.get());
    if (specks > kHeavySpeckShare * pixels) specks += RemoveSpecks(gray.get(), 1);
    if (specks > 0) Note(notes_, "remove " + std::to_string(specks) + " specks");
    return gray;
  }

  // Whether the page holds lines of print: letters of a size print is set
  // in, standing in lines across the page or, on a page turned by 90
  // degrees, down it. Measured once, on the page as it came in.
  bool HasPrint(PIX* gray, int dpi) {
    if (!text_height_) {
      PIX* bin = Binary(gray);
      const std::vector<Component> components =
          bin != nullptr ? Components(bin) : std::vector<Component>();
      text_height_ = MedianTextHeight(components, pixGetHeight(gray));
      too_small_for_print_ = TooSmallForPrint(*text_height_, dpi);
      if (*text_height_ == 0 || too_small_for_print_) {
        const double down = MedianTextHeight(Transposed(components), pixGetWidth(gray));
        lines_down_the_page_ = down > 0 && !TooSmallForPrint(down, dpi);
      }
    }
    return (*text_height_ > 0 && !too_small_for_print_) || lines_down_the_page_;
  }

  static bool TooSmallForPrint(double height, int dpi) {
    return height > 0 && dpi > 0 && height < kMinLetterPoints * dpi / 72.0;
  }

  PixPtr Upscale(PixPtr gray, int dpi) {
    double factor = 1;
    PIX* bin = Binary(gray.get());
    HasPrint(gray.get(), dpi);
    const double height = *text_height_;
    if (too_small_for_print_) {
      // At a known resolution, letters this small are no print a document
      // is set in: specks or the fragments of faint type. Scaling by them
      // only multiplies the pixels OCR must read.
      Note(notes_, Format("no upscale: %.0f px marks are too small for print", height));
      return gray;
    }
    if (height > 0) {
      factor = options_.target_text_height / height;
    } else if (dpi > 0 && dpi < options_.min_dpi) {
      factor = static_cast<double>(options_.min_dpi) / dpi;
    }
    if (factor < kMinUpscale) return gray;
    factor = std::min(factor, 4.0);
    PixPtr scaled(pixScaleGrayLI(gray.get(), factor, factor));
    if (scaled == nullptr) return gray;
    Note(notes_, Format("upscale %.2fx", factor));
    scale_ = factor;
    // Scaling the binary is far cheaper than thresholding the scaled page
    // again, and is all orientation and skew detection need.
    binary_.reset(pixScaleBinary(bin, static_cast<float>(factor), static_cast<float>(factor)));
    return scaled;
  }

  PixPtr FixOrientation(PixPtr gray) {
    PIX* bin = Binary(gray.get());
    l_float32 upconf = 0, leftconf = 0;
    l_int32 orient = 0;
    if (bin == nullptr || pixOrientDetect(bin, &upconf, &leftconf, 0, 0) != 0 ||
        makeOrientDecision(upconf, leftconf, 0, 0, &orient, 0) != 0) {
      return gray;
    }
    const int quads = orient == L_TEXT_ORIENT_LEFT    ? 1
                      : orient == L_TEXT_ORIENT_DOWN  ? 2
                      : orient == L_TEXT_ORIENT_RIGHT ? 3
                                                      : 0;
    if (quads == 0) return gray;
    PixPtr rotated(pixRotateOrth(gray.get(), quads));
    if (rotated == nullptr) return gray;
    binary_.reset(pixRotateOrth(bin, quads));
    Note(notes_, "rotate " + std::to_string(quads * 90) + " deg");
    return rotated;
  }

  PixPtr Deskew(PixPtr gray) {
    PIX* bin = Binary(gray.get());
    l_float32 angle = 0, conf = 0;
    if (bin == nullptr || pixFindSkewSweepAndSearch(bin, &angle, &conf, 4, 2,
                                                    options_.max_skew_degrees, 1.0f,
                                                    0.01f) != 0) {
      return gray;
    }
    if (conf < 2.0f || std::fabs(angle) < 0.1f) return gray;
    PixPtr rotated(pixRotate(gray.get(), angle * kPi / 180.0f, L_ROTATE_AREA_MAP,
                             L_BRING_IN_WHITE, 0, 0));
    if (rotated == nullptr) return gray;
    binary_.reset();
    Note(notes_, Format("deskew %.2f deg", angle));
    return rotated;
  }

  PixPtr NormalizeBackground(PixPtr gray) {
    binary_.reset();
    PixPtr normalized(pixBackgroundNormSimple(gray.get(), nullptr, nullptr));
    if (normalized == nullptr) return gray;
    Note(notes_, "normalize background");
    return normalized;
  }

  PixPtr BinarizeForOcr(PixPtr gray) {
    PixPtr bin = Binarize(gray.get());
    if (bin == nullptr) return gray;
    PixPtr back(pixConvertTo8(bin.get(), 0));
    if (back == nullptr) return gray;
    Note(notes_, "binarize (Otsu on normalized background)");
    return back;
  }

  // Orientation and skew are read from lines of print, and the background
  // is evened out for them; on a page without any (blank, a seal,
  // bleed-through, specks) the first two would be read from noise, and each
  // costs passes over the whole page.
  bool NoPrint(PIX* gray, int dpi) {
    if (HasPrint(gray, dpi)) return false;
    Note(notes_, "no lines of print: not turned, deskewed or normalized");
    return true;
  }

  double scale() const { return scale_; }

 private:
  // The page binarized, shared by the steps that only look (text height,
  // orientation, skew). Steps that change the geometry reset or update it;
  // background normalization and noise removal run outside its lifetime.
  PIX* Binary(PIX* gray) {
    if (binary_ == nullptr) binary_ = Binarize(gray);
    return binary_.get();
  }

  PixPtr binary_;
  std::optional<double> text_height_;  // MedianTextHeight before any scaling
  bool too_small_for_print_ = false;
  bool lines_down_the_page_ = false;
  const PreprocessOptions& options_;
  std::vector<std::string>* notes_;
  double scale_ = 1;
};

StatusOr<Image> Preprocessor::Process(const Image& page, std::vector<std::string>* notes) const {
  SilenceLeptonica();
  if (page.empty() || page.pixels.size() != static_cast<size_t>(page.width) * page.height) {
    return InvalidArgumentError("preprocess: empty or malformed page image");
  }
  PixPtr gray = PixFromImage(page);
  if (gray == nullptr) return ResourceExhaustedError("preprocess: cannot allocate the page image");
  PreprocessSteps steps(options_, notes);
  if (options_.remove_noise) gray = steps.RemoveImpulseNoise(std::move(gray));
  if (options_.upscale) gray = steps.Upscale(std::move(gray), page.dpi);
  const bool print =
      !(options_.fix_orientation || options_.deskew || options_.normalize_background) ||
      !steps.NoPrint(gray.get(), page.dpi);
  if (print && options_.fix_orientation) gray = steps.FixOrientation(std::move(gray));
  if (print && options_.deskew) gray = steps.Deskew(std::move(gray));
  if (print && options_.normalize_background) gray = steps.NormalizeBackground(std::move(gray));
  if (options_.binarize) gray = steps.BinarizeForOcr(std::move(gray));
  const int dpi = page.dpi > 0 ? static_cast<int>(std::lround(page.dpi * steps.scale())) : 0;
  Image out = ImageFromPix(gray.get(), dpi);
  if (out.empty()) return InternalError("preprocess: Leptonica returned an empty page");
  if (page.dpi <= 0) out.dpi = 0;
  return out;
}

}  // namespace sohoa
