// SignatureVerifier on qpdf (the signature fields and their dictionaries)
// and OpenSSL (cms_check.cc). qpdf's warnings are silenced and its
// exceptions caught here: every problem becomes a Signature's `problem`.
#include "pipeline/ingest/pdf_signatures.h"

// qpdf 11 asks its users to say they are past its PointerHolder transition.
#define POINTERHOLDER_TRANSITION 4

#include <algorithm>
#include <ctime>
#include <exception>
#include <limits>
#include <optional>

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFAcroFormDocumentHelper.hh>
#include <qpdf/QPDFFormFieldObjectHelper.hh>
#include <qpdf/QPDFLogger.hh>
#include <qpdf/QPDFObjectHandle.hh>

#include "pipeline/ingest/cms_check.h"

namespace sohoa {
namespace {

// A PDF date "D:YYYYMMDDHHmmSSOHH'mm'" (everything after the year optional;
// no offset means UTC) as seconds since the epoch and as ISO 8601 in UTC, so
// that times from /M and from signingTime sort and compare as text.
struct PdfDate {
  std::string iso;
  std::time_t seconds = 0;
};

std::optional<PdfDate> ParsePdfDate(std::string_view s) {
  if (s.substr(0, 2) == "D:") s.remove_prefix(2);
  auto number = [&s](size_t pos, size_t len, int fallback) {
    if (s.size() < pos + len) return fallback;
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  int year = number(0, 4, -1), month = number(4, 2, 1), day = number(6, 2, 1);
  int hour = number(8, 2, 0), minute = number(10, 2, 0), second = number(12, 2, 0);
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 ||
      minute < 0 || minute > 59 || second < 0 || second > 60) {
    return std::nullopt;
  }
  int offset_minutes = 0;
  if (s.size() > 14 && (s[14] == '+' || s[14] == '-')) {
    int oh = number(15, 2, 0), om = s.size() >= 20 ? number(18, 2, 0) : 0;
    if (oh < 0 || om < 0) return std::nullopt;
    offset_minutes = (oh * 60 + om) * (s[14] == '-' ? -1 : 1);
  }
  struct tm t = {};
  t.tm_year = year - 1900;
  t.tm_mon = month - 1;
  t.tm_mday = day;
  t.tm_hour = hour;
  t.tm_min = minute;
  t.tm_sec = second;
  PdfDate date;
  date.seconds = timegm(&t) - offset_minutes * 60;
  struct tm utc = {};
  char buf[32];
  if (gmtime_r(&date.seconds, &utc) == nullptr) return std::nullopt;
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &utc);
  date.iso = buf;
  return date;
}

Signature Unreadable(std::string field_name, std::string problem) {
  Signature sig;
  sig.field_name = std::move(field_name);
  sig.status = SignatureStatus::kUnreadable;
  sig.problem = std::move(problem);
  return sig;
}

// The /ByteRange as (offset, length) pairs, checked against the file size.
bool ReadByteRanges(QPDFObjectHandle array, uint64_t file_size, Signature* sig) {
  if (!array.isArray() || array.getArrayNItems() < 2 || array.getArrayNItems() % 2 != 0) {
    sig->problem = "the /ByteRange is not an array of offset and length pairs";
    return false;
  }
  uint64_t end = 0;
  for (int i = 0; i < array.getArrayNItems(); i += 2) {
    QPDFObjectHandle off = array.getArrayItem(i), len = array.getArrayItem(i + 1);
    if (!off.isInteger() || !len.isInteger() || off.getIntValue() < 0 || len.getIntValue() < 0) {
      sig->problem = "the /ByteRange holds a value that is not a non-negative integer";
      return false;
    }
    uint64_t o = static_cast<uint64_t>(off.getIntValue());
    uint64_t n = static_cast<uint64_t>(len.getIntValue());
    if (o < end || o > file_size || n > file_size - o) {
      sig->problem = "the /ByteRange runs out of the file or out of order";
      return false;
    }
    sig->byte_ranges.emplace_back(o, n);
    end = o + n;
  }
  const auto& r = sig->byte_ranges;
  sig->covers_whole_file = r.size() == 2 && r[0].first == 0 && end == file_size;
  return true;
}

class QpdfSignatureVerifier : public SignatureVerifier {
 public:
  explicit QpdfSignatureVerifier(std::unique_ptr<CmsChecker> cms) : cms_(std::move(cms)) {}

  std::vector<Signature> Read(std::string_view bytes, const std::string& path) const override {
    try {
      return ReadFields(bytes, path);
    } catch (const std::exception& e) {
      if (bytes.find("/ByteRange") == std::string_view::npos) return {};
      return {Unreadable(
          "", path + ": the PDF has a signature but qpdf cannot parse the file: " + e.what())};
    }
  }

 private:
  std::vector<Signature> ReadFields(std::string_view bytes, const std::string& path) const {
    QPDF pdf;
    auto logger = QPDFLogger::create();
    logger->setWarn(logger->discard());
    logger->setError(logger->discard());
    logger->setInfo(logger->discard());
    pdf.setLogger(logger);
    pdf.setSuppressWarnings(true);
    pdf.processMemoryFile(path.c_str(), bytes.data(), bytes.size());
    QPDFAcroFormDocumentHelper forms(pdf);
    std::vector<Signature> signatures;
    for (QPDFFormFieldObjectHelper& field : forms.getFormFields()) {
      if (field.getFieldType() != "/Sig") continue;
      QPDFObjectHandle value = field.getValue();
      if (!value.isDictionary()) continue;  // a field nobody signed yet
      signatures.push_back(ReadOne(field.getFullyQualifiedName(), value, bytes));
    }
    // Signing order: each later signature's ranges end further into the file.
    auto end = [](const Signature& s) {
      return s.byte_ranges.empty() ? std::numeric_limits<uint64_t>::max()
                                   : s.byte_ranges.back().first + s.byte_ranges.back().second;
    };
    std::stable_sort(signatures.begin(), signatures.end(),
                     [&](const Signature& a, const Signature& b) { return end(a) < end(b); });
    return signatures;
  }

  Signature ReadOne(std::string field_name, QPDFObjectHandle dict, std::string_view bytes) const {
    Signature sig = Unreadable(std::move(field_name), "");
    QPDFObjectHandle sub_filter = dict.getKey("/SubFilter");
    if (sub_filter.isName()) sig.sub_filter = sub_filter.getName().substr(1);
    CmsInput in;
    in.sub_filter = sig.sub_filter;
    QPDFObjectHandle m = dict.getKey("/M");
    if (m.isString()) {
      if (auto date = ParsePdfDate(m.getUTF8Value())) {
        sig.signed_at = date->iso;
        in.dictionary_time = date->seconds;
      }
    }
    if (!ReadByteRanges(dict.getKey("/ByteRange"), bytes.size(), &sig)) return sig;
    QPDFObjectHandle contents = dict.getKey("/Contents");
    if (!contents.isString()) {
      sig.problem = "the signature has no /Contents string";
      return sig;
    }
    std::string cms = contents.getStringValue();
    std::string signed_data;
    for (const auto& [offset, length] : sig.byte_ranges)
      signed_data.append(bytes.substr(offset, length));
    in.cms_der = cms;
    in.signed_data = signed_data;
    cms_->Check(in, &sig);
    return sig;
  }

  std::unique_ptr<CmsChecker> cms_;
};

}  // namespace

std::string SignatureLibrariesVersion() {
  return "qpdf " + QPDF::QPDFVersion() + ", " + CmsChecker::LibraryVersion();
}

StatusOr<std::unique_ptr<SignatureVerifier>> SignatureVerifier::Create(
    const std::string& trust_store) {
  SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<CmsChecker> cms, CmsChecker::Create(trust_store));
  return std::unique_ptr<SignatureVerifier>(new QpdfSignatureVerifier(std::move(cms)));
}

}  // namespace sohoa
