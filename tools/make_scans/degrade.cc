// degrade: turns a clean rendered page (text2image output, 300 dpi) into a
// realistic bad scan: skew, uneven lighting, blur, lower resolution, sensor
// noise, impulse noise, bilevel thresholding, JPEG, a quarter turn. Every
// random choice comes from --seed, so a recipe always gives the same file.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>

#include <boost/program_options.hpp>
#include <leptonica/allheaders.h>
#include "tools/common/flags.h"

namespace {

namespace po = boost::program_options;

struct Recipe {
  std::string in, out;
  unsigned seed = 1;
  double soften = 0.7;  // antialias the bilevel rendering, as ink on paper
  double skew = 0, blur = 0, gauss = 0, impulse = 0, shade = 0;
  int dpi = 300, width = 0, quads = 0, jpeg_quality = 75;
  bool bilevel = false, append = false;
};

using Pixel = PIX*;

Pixel Replace(Pixel old_pix, Pixel new_pix) {
  if (new_pix == nullptr) {
    std::cerr << "degrade: a Leptonica step failed\n";
    std::exit(1);
  }
  if (new_pix != old_pix) pixDestroy(&old_pix);
  return new_pix;
}

Pixel GaussianBlur(Pixel pix, double sigma) {
  const int half = static_cast<int>(std::ceil(sigma * 3));
  L_KERNEL* kernel = makeGaussianKernel(half, half, static_cast<float>(sigma), 1.0f);
  kernelNormalize(kernel, 1.0f);
  Pixel out = pixConvolve(pix, kernel, 8, 1);
  kernelDestroy(&kernel);
  return out;
}

// Darkens the page towards one corner, as a phone photo or a worn sheet.
void Shade(Pixel pix, double strength) {
  const int w = pixGetWidth(pix), h = pixGetHeight(pix);
  for (int y = 0; y < h; ++y) {
    l_uint32* line = pixGetData(pix) + y * pixGetWpl(pix);
    for (int x = 0; x < w; ++x) {
      const double f = 1.0 - strength * (0.5 * x / w + 0.5 * y / h);
      SET_DATA_BYTE(line, x, static_cast<int>(GET_DATA_BYTE(line, x) * f));
    }
  }
}

void AddGaussianNoise(Pixel pix, double stdev, std::mt19937* rng) {
  std::normal_distribution<double> noise(0, stdev);
  const int w = pixGetWidth(pix), h = pixGetHeight(pix);
  for (int y = 0; y < h; ++y) {
    l_uint32* line = pixGetData(pix) + y * pixGetWpl(pix);
    for (int x = 0; x < w; ++x) {
      const long v = std::lround(GET_DATA_BYTE(line, x) + noise(*rng));
      SET_DATA_BYTE(line, x, static_cast<int>(std::clamp(v, 0L, 255L)));
    }
  }
}

void AddImpulseNoise(Pixel pix, double fraction, std::mt19937* rng) {
  std::uniform_real_distribution<double> uniform(0, 1);
  const int w = pixGetWidth(pix), h = pixGetHeight(pix), depth = pixGetDepth(pix);
  for (int y = 0; y < h; ++y) {
    l_uint32* line = pixGetData(pix) + y * pixGetWpl(pix);
    for (int x = 0; x < w; ++x) {
      if (uniform(*rng) >= fraction) continue;
      const bool dark = uniform(*rng) < 0.5;
      if (depth == 1) {
        dark ? SET_DATA_BIT(line, x) : CLEAR_DATA_BIT(line, x);
      } else {
        SET_DATA_BYTE(line, x, dark ? 0 : 255);
      }
    }
  }
}

Pixel Degrade(Pixel pix, const Recipe& r) {
  std::mt19937 rng(r.seed);
  pix = Replace(pix, pixConvertTo8(pix, 0));
  if (r.soften > 0) pix = Replace(pix, GaussianBlur(pix, r.soften));
  if (r.skew != 0) {
    pix = Replace(pix, pixRotate(pix, static_cast<float>(r.skew * M_PI / 180), L_ROTATE_AREA_MAP,
                                 L_BRING_IN_WHITE, 0, 0));
  }
  if (r.shade > 0) Shade(pix, r.shade);
  if (r.blur > 0) pix = Replace(pix, GaussianBlur(pix, r.blur));
  double scale = r.width > 0 ? static_cast<double>(r.width) / pixGetWidth(pix) : r.dpi / 300.0;
  if (std::fabs(scale - 1) > 1e-3) {
    pix = Replace(pix, pixScale(pix, static_cast<float>(scale), static_cast<float>(scale)));
  }
  const int dpi = r.width > 0 ? 72 : r.dpi;
  if (r.gauss > 0) AddGaussianNoise(pix, r.gauss, &rng);
  if (r.bilevel) pix = Replace(pix, pixThresholdToBinary(pix, 140));
  if (r.impulse > 0) AddImpulseNoise(pix, r.impulse, &rng);
  if (r.quads != 0) pix = Replace(pix, pixRotateOrth(pix, r.quads));
  pixSetResolution(pix, dpi, dpi);
  return pix;
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

int Write(Pixel pix, const Recipe& r) {
  if (EndsWith(r.out, ".jpg")) return pixWriteJpeg(r.out.c_str(), pix, r.jpeg_quality, 0);
  if (EndsWith(r.out, ".tif")) {
    const int comp = pixGetDepth(pix) == 1 ? IFF_TIFF_G4 : IFF_TIFF_ZIP;
    return pixWriteTiff(r.out.c_str(), pix, comp, r.append ? "a" : "w");
  }
  if (EndsWith(r.out, ".pdf")) {
    l_uint8* data = nullptr;
    size_t size = 0;
    if (pixWriteMemPdf(&data, &size, pix, pixGetXRes(pix), "scan") != 0) return 1;
    FILE* f = std::fopen(r.out.c_str(), "wb");
    const bool ok = f != nullptr && std::fwrite(data, 1, size, f) == size;
    if (f != nullptr) std::fclose(f);
    lept_free(data);
    return ok ? 0 : 1;
  }
  return pixWrite(r.out.c_str(), pix, IFF_PNG);
}

}  // namespace

int main(int argc, char** argv) {
  Recipe r;
  po::options_description desc("degrade --in CLEAN --out SCAN.{png,jpg,tif,pdf} [steps]");
  desc.add_options()
      ("help", "show this help")
      ("in", po::value(&r.in)->required(), "clean page, 300 dpi")
      ("out", po::value(&r.out)->required(), "degraded page; format from the extension")
      ("seed", po::value(&r.seed), "random seed")
      ("soften", po::value(&r.soften), "Gaussian sigma (px) antialiasing the clean page")
      ("skew", po::value(&r.skew), "rotation in degrees")
      ("shade", po::value(&r.shade), "0..1 darkening towards the bottom-right corner")
      ("blur", po::value(&r.blur), "Gaussian blur sigma in pixels at 300 dpi")
      ("dpi", po::value(&r.dpi), "output resolution (input is 300 dpi)")
      ("width", po::value(&r.width), "output width in pixels (a phone photo); dpi 72")
      ("gauss", po::value(&r.gauss), "Gaussian noise stdev in gray levels")
      ("impulse", po::value(&r.impulse), "share of pixels set to black or white")
      ("bilevel", po::bool_switch(&r.bilevel), "threshold to 1 bit")
      ("jpeg-quality", po::value(&r.jpeg_quality), "JPEG quality for .jpg output")
      ("quads", po::value(&r.quads), "quarter turns clockwise")
      ("append", po::bool_switch(&r.append), "append as a page to an existing .tif");
  po::variables_map vm;
  if (int rc = sohoa::tools::ParseFlags(argc, argv, "degrade", desc, &vm); rc >= 0) return rc;
  setMsgSeverity(L_SEVERITY_NONE);
  Pixel pix = pixRead(r.in.c_str());
  if (pix == nullptr) {
    std::cerr << "degrade: cannot read " << r.in << "\n";
    return 1;
  }
  pix = Degrade(pix, r);
  const int rc = Write(pix, r);
  pixDestroy(&pix);
  if (rc != 0) {
    std::cerr << "degrade: cannot write " << r.out << "\n";
    return 1;
  }
  return 0;
}
