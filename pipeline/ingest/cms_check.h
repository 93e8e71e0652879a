// Checks one PDF signature's CMS with OpenSSL: integrity over the signed
// bytes, and the signer's certificate chain against a trust store. Internal
// to the ingest stage (pdf_signatures.cc is its only user).
#ifndef SOHOA_PIPELINE_INGEST_CMS_CHECK_H_
#define SOHOA_PIPELINE_INGEST_CMS_CHECK_H_

#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "pipeline/base/status.h"
#include "pipeline/document/document.h"

namespace sohoa {

struct CmsInput {
  std::string_view cms_der;      // the /Contents bytes (trailing zero padding is fine)
  std::string_view signed_data;  // the byte ranges, concatenated
  std::string sub_filter;        // decides how the content is bound to the CMS
  std::optional<std::time_t> dictionary_time;  // the /M entry, when readable
};

// Immutable after Create; safe to share between threads.
class CmsChecker {
 public:
  // `trust_store`: a PEM file, a folder of PEM files, or empty for none.
  static StatusOr<std::unique_ptr<CmsChecker>> Create(const std::string& trust_store);
  ~CmsChecker();

  // Fills the signer, hash algorithm, signing time (when the CMS has a
  // signingTime attribute), status, chain status and certificate validity of
  // `signature`. Leaves fields it cannot read as they are.
  void Check(const CmsInput& input, Signature* signature) const;

  // "OpenSSL 3.0.19".
  static std::string LibraryVersion();

 private:
  struct Store;
  explicit CmsChecker(std::unique_ptr<Store> store);
  std::unique_ptr<Store> store_;
};

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_INGEST_CMS_CHECK_H_
