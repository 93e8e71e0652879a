#include "tests/support/signed_pdf.h"

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>

#include "tests/support/pdf_objects.h"

namespace sohoa::testing_files {
namespace {

// --- the raster ---

struct Glyph {
  char c;
  uint8_t rows[7];
};
constexpr Glyph kFont[] = {
    {'A', {14, 17, 17, 31, 17, 17, 17}}, {'B', {30, 17, 17, 30, 17, 17, 30}},
    {'C', {14, 17, 16, 16, 16, 17, 14}}, {'D', {30, 17, 17, 17, 17, 17, 30}},
    {'E', {31, 16, 16, 30, 16, 16, 31}}, {'F', {31, 16, 16, 30, 16, 16, 16}},
    {'G', {14, 17, 16, 23, 17, 17, 15}}, {'H', {17, 17, 17, 31, 17, 17, 17}},
    {'I', {14, 4, 4, 4, 4, 4, 14}},      {'J', {7, 2, 2, 2, 2, 18, 12}},
    {'K', {17, 18, 20, 24, 20, 18, 17}}, {'L', {16, 16, 16, 16, 16, 16, 31}},
    {'M', {17, 27, 21, 21, 17, 17, 17}}, {'N', {17, 17, 25, 21, 19, 17, 17}},
    {'O', {14, 17, 17, 17, 17, 17, 14}}, {'P', {30, 17, 17, 30, 16, 16, 16}},
    {'Q', {14, 17, 17, 17, 21, 18, 13}}, {'R', {30, 17, 17, 30, 20, 18, 17}},
    {'S', {15, 16, 16, 14, 1, 1, 30}},   {'T', {31, 4, 4, 4, 4, 4, 4}},
    {'U', {17, 17, 17, 17, 17, 17, 14}}, {'V', {17, 17, 17, 17, 17, 10, 4}},
    {'W', {17, 17, 17, 21, 21, 21, 10}}, {'X', {17, 17, 10, 4, 10, 17, 17}},
    {'Y', {17, 17, 17, 10, 4, 4, 4}},    {'Z', {31, 1, 2, 4, 8, 16, 31}},
    {'0', {14, 17, 19, 21, 25, 17, 14}}, {'1', {4, 12, 4, 4, 4, 4, 14}},
    {'2', {14, 17, 1, 2, 4, 8, 31}},     {'3', {31, 2, 4, 2, 1, 17, 14}},
    {'4', {2, 6, 10, 18, 31, 2, 2}},     {'5', {31, 16, 30, 1, 1, 17, 14}},
    {'6', {6, 8, 16, 30, 17, 17, 14}},   {'7', {31, 1, 2, 4, 8, 8, 8}},
    {'8', {14, 17, 17, 14, 17, 17, 14}}, {'9', {14, 17, 17, 15, 1, 2, 12}},
    {'.', {0, 0, 0, 0, 0, 12, 12}},      {':', {0, 12, 12, 0, 12, 12, 0}},
    {'/', {1, 1, 2, 4, 8, 16, 16}},      {'-', {0, 0, 0, 31, 0, 0, 0}},
};

const Glyph* FindGlyph(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  for (const Glyph& g : kFont) {
    if (g.c == c) return &g;
  }
  return nullptr;
}

void DrawText(const std::string& text, int left, int top, int scale, GrayRaster* r) {
  for (size_t i = 0; i < text.size(); ++i) {
    const Glyph* g = FindGlyph(text[i]);
    if (g == nullptr) continue;
    for (int row = 0; row < 7; ++row) {
      for (int col = 0; col < 5; ++col) {
        if (!(g->rows[row] & (16 >> col))) continue;
        for (int dy = 0; dy < scale; ++dy) {
          for (int dx = 0; dx < scale; ++dx) {
            int x = left + (static_cast<int>(i) * 6 + col) * scale + dx;
            int y = top + row * scale + dy;
            if (x < r->width && y < r->height)
              r->pixels[static_cast<size_t>(y) * r->width + x] = 20;
          }
        }
      }
    }
  }
}

// --- OpenSSL ---

template <typename T, auto F>
struct Freer {
  void operator()(T* p) const { F(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Freer<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Freer<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Freer<BIO, BIO_free_all>>;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, Freer<CMS_ContentInfo, CMS_ContentInfo_free>>;

void Check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("MakeSignedScanPdf: OpenSSL cannot ") + what);
}

struct Identity {
  KeyPtr key;
  CertPtr cert;
};

Identity MakeIdentity(const PdfSigner& signer) {
  Identity id;
  id.key.reset(EVP_EC_gen("P-256"));
  Check(id.key != nullptr, "make a key");
  id.cert.reset(X509_new());
  X509* cert = id.cert.get();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  std::time_t when = signer.signing_time ? signer.signing_time : std::time(nullptr);
  X509_time_adj_ex(X509_getm_notBefore(cert), -30, 0, &when);
  if (signer.certificate_not_after != 0) {
    std::time_t not_after = signer.certificate_not_after;
    X509_time_adj_ex(X509_getm_notAfter(cert), 0, 0, &not_after);
  } else {
    X509_time_adj_ex(X509_getm_notAfter(cert), 365, 0, &when);
  }
  X509_NAME* name = X509_get_subject_name(cert);
  auto add = [name](const char* field, const std::string& value) {
    if (value.empty()) return;
    Check(X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                     0) == 1,
          "name the certificate");
  };
  add("C", "VN");
  add("O", signer.organization);
  add("CN", signer.common_name);
  X509_set_issuer_name(cert, name);
  X509_set_pubkey(cert, id.key.get());
  Check(X509_sign(cert, id.key.get(), EVP_sha256()) > 0, "sign the certificate");
  return id;
}

std::string Pem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), cert);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

// The CMS over `data`, signed by `id`, DER: detached, or for adbe.pkcs7.sha1
// holding the SHA-1 digest of `data` as its content.
std::string SignCms(const std::string& data, const Identity& id, const PdfSigner& signer,
                    std::time_t when) {
  unsigned int flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;
  if (signer.sub_filter == "ETSI.CAdES.detached") flags |= CMS_CADES;
  std::string content = data;
  if (signer.sub_filter == "adbe.pkcs7.sha1") {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_Digest(data.data(), data.size(), digest, &n, EVP_sha1(), nullptr);
    content.assign(reinterpret_cast<char*>(digest), n);
    flags &= ~CMS_DETACHED;
  }
  CmsPtr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, flags));
  Check(cms != nullptr, "start a CMS");
  const EVP_MD* md = EVP_get_digestbyname(signer.digest.c_str());
  Check(md != nullptr, "find the digest");
  CMS_SignerInfo* si = CMS_add1_signer(cms.get(), id.cert.get(), id.key.get(), md, flags);
  Check(si != nullptr, "add the signer");
  ASN1_TIME* t = ASN1_TIME_set(nullptr, when);
  Check(CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, t->type, t, -1) == 1,
        "add the signing time");
  ASN1_TIME_free(t);
  BioPtr in(BIO_new_mem_buf(content.data(), static_cast<int>(content.size())));
  Check(CMS_final(cms.get(), in.get(), nullptr, flags) == 1, "sign");
  unsigned char* der = nullptr;
  int n = i2d_CMS_ContentInfo(cms.get(), &der);
  Check(n > 0, "encode the CMS");
  std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(n));
  OPENSSL_free(der);
  return out;
}

// --- the PDF ---

constexpr size_t kSignatureBytes = 8192;  // room in /Contents
constexpr char kRangePlaceholder[] = "[0 0000000000 0000000000 0000000000]";

std::string Hex(const std::string& bytes) {
  static const char digits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

// UTF-8 to code points (the test text is valid UTF-8 in the BMP).
std::vector<uint32_t> CodePoints(const std::string& s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = n == 1 ? c : c & (0x3F >> (n - 1));
    for (int k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

std::string Utf16Hex(const std::string& s) {
  std::string out;
  char buf[8];
  for (uint32_t cp : CodePoints(s)) {
    std::snprintf(buf, sizeof(buf), "%04X", cp & 0xFFFF);
    out += buf;
  }
  return out;
}

std::string DefaultBoxText(const PdfSigner& signer, std::time_t when) {
  char buf[64];
  std::strftime(buf, sizeof(buf), "%d/%m/%Y %H:%M:%S", std::gmtime(&when));
  return "Ký bởi: " + signer.common_name + "\nThời gian ký: " + buf;
}

std::string PdfDate(std::time_t when) {
  char buf[32];
  std::strftime(buf, sizeof(buf), "D:%Y%m%d%H%M%SZ", std::gmtime(&when));
  return buf;
}

// A PDF written object by object, revision by revision.
class PdfWriter {
 public:
  void Object(int num, const std::string& body) {
    offsets_[num] = pdf_.size();
    pdf_ += std::to_string(num) + " 0 obj\n" + body + "\nendobj\n";
  }
  void Stream(int num, const std::string& dict_inner, const std::string& data) {
    offsets_[num] = pdf_.size();
    pdf_ += std::to_string(num) + " 0 obj\n<< " + dict_inner + " /Length " +
            std::to_string(data.size()) + " >>\nstream\n";
    stream_start_ = pdf_.size();
    pdf_ += data + "\nendstream\nendobj\n";
  }
  // Writes the xref section and trailer for the objects written since the
  // last call, ending the revision.
  void EndRevision(int size) {
    size_t xref = pdf_.size();
    pdf_ += "xref\n";
    if (prev_xref_ == 0) pdf_ += "0 1\n0000000000 65535 f \n";
    for (const auto& [num, offset] : offsets_) {
      char line[40];
      std::snprintf(line, sizeof(line), "%d 1\n%010zu 00000 n \n", num, offset);
      pdf_ += line;
    }
    pdf_ += "trailer\n<< /Size " + std::to_string(size) + " /Root 1 0 R";
    if (prev_xref_ != 0) pdf_ += " /Prev " + std::to_string(prev_xref_);
    pdf_ += " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    prev_xref_ = xref;
    offsets_.clear();
  }
  std::string& pdf() { return pdf_; }
  size_t stream_start() const { return stream_start_; }

 private:
  std::string pdf_ = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
  std::map<int, size_t> offsets_;
  size_t prev_xref_ = 0;
  size_t stream_start_ = 0;
};

// Fills the last /ByteRange placeholder and /Contents hole of `pdf` with a
// signature over everything but the hole.
void Sign(std::string* pdf, const Identity& id, const PdfSigner& signer, std::time_t when) {
  size_t range = pdf->rfind(kRangePlaceholder);
  size_t hole = pdf->find("/Contents <", range) + 10;
  size_t hole_end = pdf->find('>', hole) + 1;
  char ranges[96];
  std::snprintf(ranges, sizeof(ranges), "[0 %010zu %010zu %010zu]", hole, hole_end,
                pdf->size() - hole_end);
  pdf->replace(range, sizeof(kRangePlaceholder) - 1, ranges);
  std::string data = pdf->substr(0, hole) + pdf->substr(hole_end);
  std::string hex = Hex(SignCms(data, id, signer, when));
  if (hex.size() > 2 * kSignatureBytes) throw std::runtime_error("signature too large");
  pdf->replace(hole + 1, hex.size(), hex);
}

}  // namespace

GrayRaster MakeTextRaster(const std::vector<std::string>& lines, int width, int height, int scale) {
  GrayRaster r{width, height, std::vector<uint8_t>(static_cast<size_t>(width) * height, 245)};
  uint32_t seed = 12345;
  for (uint8_t& p : r.pixels) {  // paper speckle
    seed = seed * 1103515245u + 12345u;
    if ((seed >> 16) % 97 == 0) p = 200;
  }
  int margin = width / 12;
  for (size_t i = 0; i < lines.size(); ++i) {
    DrawText(lines[i], margin, margin + static_cast<int>(i) * 12 * scale, scale, &r);
  }
  return r;
}

SignedScanPdf MakeSignedScanPdf(const SignedScanPdfSpec& spec) {
  GrayRaster page = spec.page.pixels.empty()
                        ? MakeTextRaster({"UY BAN NHAN DAN", "KE HOACH SO 12/KH-UBND",
                                          "NGAY 05/01/2021", "TRIEN KHAI CHUYEN DOI SO"},
                                         1240, 1754)
                        : spec.page;
  const double pw = page.width * 72.0 / spec.dpi, ph = page.height * 72.0 / spec.dpi;
  char size[64];
  std::snprintf(size, sizeof(size), "%.2f 0 0 %.2f 0 0", pw, ph);

  // Characters of every box, for the font's ToUnicode map (CID = code point).
  std::vector<std::time_t> times;
  std::vector<std::string> boxes;
  std::set<uint32_t> used;
  for (const PdfSigner& s : spec.signers) {
    times.push_back(s.signing_time ? s.signing_time : std::time(nullptr));
    boxes.push_back(s.box_text.empty() ? DefaultBoxText(s, times.back()) : s.box_text);
    for (uint32_t cp : CodePoints(boxes.back())) used.insert(cp);
  }
  std::string cmap =
      "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Sohoa-UCS def "
      "/CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange\n";
  cmap += std::to_string(used.size()) + " beginbfchar\n";
  for (uint32_t cp : used) {
    char line[32];
    std::snprintf(line, sizeof(line), "<%04X> <%04X>\n", cp, cp);
    cmap += line;
  }
  cmap += "endbfchar endcmap CMapName currentdict /CMap defineresource pop end end";

  SignedScanPdf out;
  PdfWriter w;
  std::string raw(page.pixels.begin(), page.pixels.end());
  // Objects: 1 catalog, 2 pages, 3 page, 4 content, 5 image, 6-9 font;
  // signer k: 10+3k field/widget, 11+3k appearance, 12+3k signature.
  auto catalog = [](size_t signers) {
    std::string fields;
    for (size_t k = 0; k < signers; ++k) fields += std::to_string(10 + 3 * k) + " 0 R ";
    return "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [" + fields + "] /SigFlags 3 >> >>";
  };
  auto page_object = [&](size_t signers) {
    char box[80];
    std::snprintf(box, sizeof(box), "[0 0 %.2f %.2f]", pw, ph);
    std::string annots;
    for (size_t k = 0; k < signers; ++k) annots += std::to_string(10 + 3 * k) + " 0 R ";
    return std::string("<< /Type /Page /Parent 2 0 R /MediaBox ") + box +
           " /Contents 4 0 R /Resources << /XObject << /Im0 5 0 R >> >> /Annots [" + annots +
           "] >>";
  };
  for (size_t k = 0; k < spec.signers.size(); ++k) {
    const PdfSigner& signer = spec.signers[k];
    if (k == 0) {
      w.Object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
      w.Stream(4, "", std::string("q ") + size + " cm /Im0 Do Q");
      const std::string image = ZlibStored(raw);
      w.Stream(5,
               "/Type /XObject /Subtype /Image /Width " + std::to_string(page.width) + " /Height " +
                   std::to_string(page.height) +
                   " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
               image);
      out.image_offset = w.stream_start();
      out.image_size = image.size();
      w.Object(6,
               "<< /Type /Font /Subtype /Type0 /BaseFont /ArialMT /Encoding /Identity-H "
               "/DescendantFonts [7 0 R] /ToUnicode 8 0 R >>");
      w.Object(7,
               "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ArialMT /CIDSystemInfo "
               "<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
               "/FontDescriptor 9 0 R /DW 500 >>");
      w.Stream(8, "", cmap);
      w.Object(9,
               "<< /Type /FontDescriptor /FontName /ArialMT /Flags 32 /FontBBox "
               "[-665 -325 2000 1040] /ItalicAngle 0 /Ascent 905 /Descent -212 "
               "/CapHeight 716 /StemV 80 >>");
    }
    w.Object(1, catalog(k + 1));
    w.Object(3, page_object(k + 1));
    double b[4] = {signer.box[0], signer.box[1], signer.box[2], signer.box[3]};
    if (k > 0 && std::equal(b, b + 4, PdfSigner{}.box)) b[1] += 50.0 * k;  // no overlap
    std::string text = "BT /F1 8 Tf 0 0 0.6 rg 4 " + std::to_string(b[3] - 12) + " Td 10 TL";
    std::string rest = boxes[k];
    for (size_t nl; !rest.empty(); rest = nl == std::string::npos ? "" : rest.substr(nl + 1)) {
      nl = rest.find('\n');
      text += " <" + Utf16Hex(rest.substr(0, nl)) + "> Tj T*";
    }
    text += " ET";
    char rect[96];
    std::snprintf(rect, sizeof(rect), "[%.2f %.2f %.2f %.2f]", b[0], b[1], b[0] + b[2],
                  b[1] + b[3]);
    int base = 10 + 3 * static_cast<int>(k);
    w.Object(base, "<< /FT /Sig /T (Signature" + std::to_string(k + 1) + ") /V " +
                       std::to_string(base + 2) + " 0 R /Type /Annot /Subtype /Widget /Rect " +
                       rect + " /F 132 /P 3 0 R /AP << /N " + std::to_string(base + 1) +
                       " 0 R >> >>");
    char bbox[64];
    std::snprintf(bbox, sizeof(bbox), "[0 0 %.2f %.2f]", b[2], b[3]);
    w.Stream(base + 1,
             std::string("/Type /XObject /Subtype /Form /BBox ") + bbox +
                 " /Resources << /Font << /F1 6 0 R >> >>",
             text);
    w.Object(base + 2, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /" + signer.sub_filter +
                           " /ByteRange " + kRangePlaceholder + " /Contents <" +
                           std::string(2 * kSignatureBytes, '0') + "> /M (" + PdfDate(times[k]) +
                           ") >>");
    w.EndRevision(base + 3);
    Identity id = MakeIdentity(signer);
    Sign(&w.pdf(), id, signer, times[k]);
    out.certificates_pem.push_back(Pem(id.cert.get()));
  }
  out.pdf = w.pdf();
  return out;
}

}  // namespace sohoa::testing_files
