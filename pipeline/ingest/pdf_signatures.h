// Digital signatures of PDFs: found with qpdf, verified with OpenSSL.
//
// For each signature field of a PDF the verifier reads the signature
// dictionary (/ByteRange, /Contents, /SubFilter, /M), checks the CMS over the
// signed byte ranges (integrity), and checks the signer's certificate chain
// against a trust store at the signing time the signature states (a
// certificate that expired after the document was signed does not make the
// signature's chain expired; the certificate's validity is recorded beside).
// Without a trust store every chain is "unknown issuer": that is the honest
// answer offline.
//
// A SignatureVerifier is immutable after Create and safe to use from several
// threads at once.
#ifndef SOHOA_PIPELINE_INGEST_PDF_SIGNATURES_H_
#define SOHOA_PIPELINE_INGEST_PDF_SIGNATURES_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/base/status.h"
#include "pipeline/document/document.h"

namespace sohoa {

class SignatureVerifier {
 public:
  // `trust_store` is a file of PEM certificates, a folder of such files, or
  // empty for none. Fails (InvalidArgument, naming the path) when it cannot
  // be read or holds no certificate.
  static StatusOr<std::unique_ptr<SignatureVerifier>> Create(const std::string& trust_store);
  virtual ~SignatureVerifier() = default;

  // The signatures of the PDF `bytes`, in signing order; empty for an
  // unsigned PDF. Never fails: a signature that cannot be parsed comes back
  // with status kUnreadable and the reason in `problem`, and so does a PDF
  // that mentions a /ByteRange but that qpdf cannot parse at all. `path`
  // only names the file in messages.
  virtual std::vector<Signature> Read(std::string_view bytes, const std::string& path) const = 0;
};

// The libraries behind the signature checks, "qpdf 11.3.0, OpenSSL 3.0.19",
// recorded with every run.
std::string SignatureLibrariesVersion();

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_INGEST_PDF_SIGNATURES_H_
