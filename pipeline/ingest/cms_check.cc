#include "pipeline/ingest/cms_check.h"

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <vector>

namespace sohoa {
namespace {

template <typename T, auto F>
struct Freer {
  void operator()(T* p) const { F(p); }
};
using CmsPtr = std::unique_ptr<CMS_ContentInfo, Freer<CMS_ContentInfo, CMS_ContentInfo_free>>;
using BioPtr = std::unique_ptr<BIO, Freer<BIO, BIO_free_all>>;
using StorePtr = std::unique_ptr<X509_STORE, Freer<X509_STORE, X509_STORE_free>>;
using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, Freer<X509_STORE_CTX, X509_STORE_CTX_free>>;
struct CertsFreer {
  void operator()(STACK_OF(X509) * certs) const { sk_X509_pop_free(certs, X509_free); }
};
using CertsPtr = std::unique_ptr<STACK_OF(X509), CertsFreer>;

// OpenSSL's error queue as one message; empties the queue.
std::string TakeOpensslErrors() {
  std::string out;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof(buf));
    out += (out.empty() ? "" : "; ") + std::string(buf);
  }
  return out.empty() ? "no detail from OpenSSL" : out;
}

std::string Iso(const struct tm& t) {
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &t);
  return buf;
}

// An ASN.1 time as ISO 8601 UTC and as time_t.
bool ReadTime(const ASN1_TIME* time, std::string* iso, std::time_t* seconds) {
  struct tm t = {};
  if (time == nullptr || ASN1_TIME_to_tm(time, &t) != 1) return false;
  *iso = Iso(t);
  if (seconds != nullptr) *seconds = timegm(&t);
  return true;
}

std::string NameToString(const X509_NAME* name) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  // RFC 2253 order (CN first), UTF-8 kept as it is rather than escaped.
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return n > 0 ? std::string(data, static_cast<size_t>(n)) : "";
}

std::string CommonName(const X509_NAME* name) {
  int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (i < 0) return "";
  unsigned char* utf8 = nullptr;
  int n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)));
  std::string out = n > 0 ? std::string(reinterpret_cast<char*>(utf8), n) : "";
  OPENSSL_free(utf8);
  return out;
}

std::string HashName(const X509_ALGOR* algorithm) {
  if (algorithm == nullptr) return "";
  int nid = OBJ_obj2nid(algorithm->algorithm);
  switch (nid) {
    case NID_md5: return "MD5";
    case NID_sha1: return "SHA-1";
    case NID_sha224: return "SHA-224";
    case NID_sha256: return "SHA-256";
    case NID_sha384: return "SHA-384";
    case NID_sha512: return "SHA-512";
    default: break;
  }
  const char* name = OBJ_nid2sn(nid);
  return name != nullptr ? name : "unknown";
}

void ReadSigner(X509* cert, Signature* sig) {
  sig->signer = CommonName(X509_get_subject_name(cert));
  sig->signer_dn = NameToString(X509_get_subject_name(cert));
  sig->issuer_dn = NameToString(X509_get_issuer_name(cert));
  ReadTime(X509_get0_notBefore(cert), &sig->certificate_not_before, nullptr);
  ReadTime(X509_get0_notAfter(cert), &sig->certificate_not_after, nullptr);
}

// The signingTime signed attribute, when the signer put one.
std::optional<std::time_t> SigningTime(CMS_SignerInfo* si, Signature* sig) {
  int i = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
  if (i < 0) return std::nullopt;
  ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, i), 0);
  if (value == nullptr ||
      (value->type != V_ASN1_UTCTIME && value->type != V_ASN1_GENERALIZEDTIME)) {
    return std::nullopt;
  }
  std::time_t seconds = 0;
  std::string iso;
  if (!ReadTime(reinterpret_cast<const ASN1_TIME*>(value->value.asn1_string), &iso, &seconds)) {
    return std::nullopt;
  }
  sig->signed_at = iso;
  return seconds;
}

// True when OpenSSL's error queue says the signature or digest did not match
// (as opposed to a CMS it could not process at all).
bool QueueSaysMismatch() {
  bool mismatch = false;
  for (unsigned long e; (e = ERR_peek_error()) != 0; ERR_get_error()) {
    if (ERR_GET_LIB(e) != ERR_LIB_CMS) continue;
    int reason = ERR_GET_REASON(e);
    mismatch |= reason == CMS_R_VERIFICATION_FAILURE || reason == CMS_R_CONTENT_VERIFY_ERROR;
  }
  return mismatch;
}

// Integrity: the CMS's signature verifies and binds the signed bytes.
void CheckIntegrity(CMS_ContentInfo* cms, const CmsInput& in, Signature* sig) {
  const unsigned int flags = CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY;
  if (in.sub_filter == "ETSI.RFC3161") {
    sig->status = SignatureStatus::kUnsupported;
    sig->problem = "document timestamps (ETSI.RFC3161) are not verified";
    return;
  }
  bool embedded = in.sub_filter == "adbe.pkcs7.sha1";
  BioPtr content(
      embedded ? nullptr
               : BIO_new_mem_buf(in.signed_data.data(), static_cast<int>(in.signed_data.size())));
  BioPtr out(BIO_new(BIO_s_mem()));
  ERR_clear_error();
  if (CMS_verify(cms, nullptr, nullptr, content.get(), out.get(), flags) != 1) {
    bool mismatch = QueueSaysMismatch();
    sig->status = mismatch ? SignatureStatus::kModified : SignatureStatus::kUnreadable;
    sig->problem = mismatch ? "the signed bytes were changed after signing (the CMS does not "
                              "verify over them)"
                            : "OpenSSL cannot verify the signature: " + TakeOpensslErrors();
    ERR_clear_error();
    return;
  }
  if (embedded) {  // the signed content is the SHA-1 of the byte ranges
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_Digest(in.signed_data.data(), in.signed_data.size(), digest, &n, EVP_sha1(), nullptr);
    char* data = nullptr;
    long got = BIO_get_mem_data(out.get(), &data);
    if (got != static_cast<long>(n) || std::memcmp(data, digest, n) != 0) {
      sig->status = SignatureStatus::kModified;
      sig->problem =
          "the signed SHA-1 digest does not match the signed bytes: they were "
          "changed after signing";
      return;
    }
  }
  sig->status = SignatureStatus::kValid;
}

// Errors the chain check met, collected by the verify callback (which lets
// the check go on so that every problem is seen, not the first one only).
thread_local std::vector<int>* chain_errors = nullptr;

int CollectError(int ok, X509_STORE_CTX* ctx) {
  if (!ok && chain_errors != nullptr) chain_errors->push_back(X509_STORE_CTX_get_error(ctx));
  return 1;
}

bool IsUnknownIssuer(int e) {
  return e == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
         e == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
         e == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT || e == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN ||
         e == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE || e == X509_V_ERR_CERT_UNTRUSTED;
}

bool IsExpiry(int e) {
  return e == X509_V_ERR_CERT_HAS_EXPIRED || e == X509_V_ERR_CERT_NOT_YET_VALID;
}

// The signer's chain against `store`, at `when` (else now).
void CheckChain(X509_STORE* store, X509* signer, STACK_OF(X509) * certs,
                std::optional<std::time_t> when, Signature* sig) {
  StoreCtxPtr ctx(X509_STORE_CTX_new());
  std::vector<int> errors;
  if (!ctx || X509_STORE_CTX_init(ctx.get(), store, signer, certs) != 1) {
    sig->chain = ChainStatus::kInvalid;
    sig->chain_detail = "OpenSSL cannot start the chain check: " + TakeOpensslErrors();
    return;
  }
  if (when) X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx.get()), *when);
  X509_STORE_CTX_set_verify_cb(ctx.get(), CollectError);
  chain_errors = &errors;
  int ok = X509_verify_cert(ctx.get());
  chain_errors = nullptr;
  ERR_clear_error();
  if (ok != 1 && errors.empty()) errors.push_back(X509_STORE_CTX_get_error(ctx.get()));
  bool invalid = false, expired = false, unknown = false;
  std::vector<int> seen;
  for (int e : errors) {
    if (std::find(seen.begin(), seen.end(), e) != seen.end()) continue;
    seen.push_back(e);
    unknown |= IsUnknownIssuer(e);
    expired |= IsExpiry(e);
    invalid |= !IsUnknownIssuer(e) && !IsExpiry(e);
    sig->chain_detail +=
        (sig->chain_detail.empty() ? "" : "; ") + std::string(X509_verify_cert_error_string(e));
  }
  sig->chain = invalid   ? ChainStatus::kInvalid
               : expired ? ChainStatus::kExpired
               : unknown ? ChainStatus::kUnknownIssuer
                         : ChainStatus::kTrusted;
}

}  // namespace

struct CmsChecker::Store {
  StorePtr store;
};

CmsChecker::CmsChecker(std::unique_ptr<Store> store) : store_(std::move(store)) {}
CmsChecker::~CmsChecker() = default;

StatusOr<std::unique_ptr<CmsChecker>> CmsChecker::Create(const std::string& trust_store) {
  auto store = std::make_unique<Store>();
  store->store.reset(X509_STORE_new());
  if (!store->store) return InternalError("OpenSSL cannot make a certificate store");
  if (!trust_store.empty()) {
    namespace fs = std::filesystem;
    std::error_code ec;
    std::vector<std::string> files;
    if (fs::is_directory(trust_store, ec)) {
      for (const auto& entry : fs::directory_iterator(trust_store, ec)) {
        if (entry.is_regular_file(ec)) files.push_back(entry.path().string());
      }
      std::sort(files.begin(), files.end());
    } else if (fs::is_regular_file(trust_store, ec)) {
      files.push_back(trust_store);
    } else {
      return InvalidArgumentError(trust_store +
                                  ": trust store not found (give a file of PEM "
                                  "certificates or a folder of them)");
    }
    int loaded = 0;
    for (const std::string& file : files) {
      ERR_clear_error();
      if (X509_STORE_load_file(store->store.get(), file.c_str()) == 1) ++loaded;
      ERR_clear_error();
    }
    if (loaded == 0) {
      return InvalidArgumentError(trust_store +
                                  ": no PEM certificate could be read from the "
                                  "trust store");
    }
  }
  return std::unique_ptr<CmsChecker>(new CmsChecker(std::move(store)));
}

std::string CmsChecker::LibraryVersion() {
  return std::string("OpenSSL ") + OpenSSL_version(OPENSSL_VERSION_STRING);
}

void CmsChecker::Check(const CmsInput& in, Signature* sig) const {
  ERR_clear_error();
  const unsigned char* p = reinterpret_cast<const unsigned char*>(in.cms_der.data());
  CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(in.cms_der.size())));
  if (!cms) {
    sig->status = SignatureStatus::kUnreadable;
    sig->problem = "the /Contents is not a CMS signature: " + TakeOpensslErrors();
    return;
  }
  STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
  if (infos == nullptr || sk_CMS_SignerInfo_num(infos) < 1) {
    sig->status = SignatureStatus::kUnreadable;
    sig->problem = "the CMS has no signer";
    return;
  }
  CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);
  CertsPtr certs(CMS_get1_certs(cms.get()));
  X509* signer = nullptr;
  for (int i = 0; certs && i < sk_X509_num(certs.get()); ++i) {
    if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs.get(), i)) == 0) {
      signer = sk_X509_value(certs.get(), i);
    }
  }
  X509_ALGOR* digest = nullptr;
  CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &digest, nullptr);
  sig->hash_algorithm = HashName(digest);
  std::optional<std::time_t> when = SigningTime(si, sig);
  if (!when) when = in.dictionary_time;
  if (signer == nullptr) {
    sig->status = SignatureStatus::kUnreadable;
    sig->problem = "the signer's certificate is not in the signature";
    return;
  }
  ReadSigner(signer, sig);
  CheckIntegrity(cms.get(), in, sig);
  CheckChain(store_->store.get(), signer, certs.get(), when, sig);
}

}  // namespace sohoa
