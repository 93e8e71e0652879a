// Fuzz target for reading PDF signatures: qpdf's parse of the signature
// fields and OpenSSL's of the CMS in /Contents, over any bytes. The seed is a
// tiny signed PDF (16x16 page, one signature by a throwaway self-signed
// certificate, made with tests/support/signed_pdf.h; no key is kept).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pipeline/ingest/pdf_signatures.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* verifier = sohoa::SignatureVerifier::Create("").value().release();
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const sohoa::Signature& s : verifier->Read(bytes, "fuzz.pdf")) {
    (void)s.ByteRangesJson();
  }
  return 0;
}
