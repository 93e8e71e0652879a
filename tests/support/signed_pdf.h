// Digitally signed, scanned-looking PDFs made at test time, as Vietnamese
// government portals publish them: one page that is a raster image, and per
// signer a signature field whose widget draws a small text box ("Ký bởi: ...
// / Thời gian ký: ...") over the page. Each signature is a real CMS over the
// file's byte ranges, made with a throwaway key and a self-signed certificate
// generated on the spot (nothing secret is committed). The second and later
// signers sign incremental updates, so only the last signature covers the
// whole file, as in the real publications.
//
// Usage:
//   SignedScanPdfSpec spec;
//   spec.page = MakeTextRaster({"KE HOACH SO 12/KH-UBND", "..."}, 1240, 1754);
//   spec.signers = {PdfSigner{}, PdfSigner{.common_name = "TRUNG TÂM ..."}};
//   SignedScanPdf made = MakeSignedScanPdf(spec);
//   made.pdf[made.image_offset + 100] ^= 1;  // tamper inside the signed bytes
//
// Throws std::runtime_error when OpenSSL fails (a broken test set-up).
#ifndef SOHOA_TESTS_SUPPORT_SIGNED_PDF_H_
#define SOHOA_TESTS_SUPPORT_SIGNED_PDF_H_

#include <cstddef>
#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

namespace sohoa::testing_files {

// An 8-bit grayscale raster, row-major, 0 = black.
struct GrayRaster {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;
};

// White paper with faint speckle and `lines` printed in black block capitals
// (a 5x7 dot font scaled by `scale`; A-Z, 0-9, space and . : / - only; lower
// case is printed as capitals), starting at the top-left margin. Plain to the
// eye, not to Tesseract (it reads some A as H): where a test needs OCR to
// read the page, pass a real scan's pixels instead, e.g.
// corpus/scans/pages/cong_van_den_trang.png through ImageDecoder::DecodePage.
GrayRaster MakeTextRaster(const std::vector<std::string>& lines, int width, int height,
                          int scale = 4);

struct PdfSigner {
  std::string common_name = "Ủy ban nhân dân tỉnh Quảng Ngãi";  // certificate subject CN
  std::string organization = "Tỉnh Quảng Ngãi";                 // subject O; "" for none
  // "adbe.pkcs7.detached", "ETSI.CAdES.detached" or "adbe.pkcs7.sha1".
  std::string sub_filter = "adbe.pkcs7.detached";
  std::string digest = "SHA256";  // OpenSSL digest name: "SHA1", "SHA256"
  std::time_t signing_time = 0;   // 0: now. Goes into signingTime and /M (UTC)
  // The certificate is valid from 30 days before signing until this time; 0:
  // a year after signing. Before signing_time: signed with an expired one.
  std::time_t certificate_not_after = 0;
  // The visible box's text, lines split at '\n'. Empty: "Ký bởi: <CN>\n
  // Thời gian ký: dd/mm/yyyy hh:mm:ss" in UTC.
  std::string box_text;
  // The box in PDF points from the page's lower-left corner: x, y, width,
  // height. A later signer left at the default is drawn 50 points higher
  // per signer before it, so boxes do not overlap.
  double box[4] = {300, 40, 250, 40};
};

struct SignedScanPdfSpec {
  GrayRaster page;  // empty: a raster with a few printed lines
  int dpi = 150;    // sets the page size: pixels / dpi inches
  std::vector<PdfSigner> signers = {PdfSigner{}};
};

struct SignedScanPdf {
  std::string pdf;
  std::vector<std::string> certificates_pem;  // each signer's certificate, in order
  // Where the page raster's bytes lie in `pdf` (inside every signature's
  // signed ranges): changing one of them breaks every signature and nothing
  // else.
  size_t image_offset = 0;
  size_t image_size = 0;
};

SignedScanPdf MakeSignedScanPdf(const SignedScanPdfSpec& spec);

}  // namespace sohoa::testing_files

#endif  // SOHOA_TESTS_SUPPORT_SIGNED_PDF_H_
