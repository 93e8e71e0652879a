// PDF signatures through the driver, with a fake OCR engine: every signature
// recorded and verified, signed_by / signed_at from the issuing body's, a
// document changed after signing still processed. Then the same over the real
// signed publications in ../shared/realscans (skipped when absent).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include "pipeline/driver/pipeline.h"
#include "tests/support/signed_pdf.h"
#include "tests/support/test_files.h"

namespace sohoa {
namespace {

using namespace testing_files;
namespace fs = std::filesystem;

class FakeEngine : public OcrEngine {
 public:
  StatusOr<OcrResult> Recognize(const Image&) override {
    OcrResult r;
    r.text = "Kế hoạch\n";
    r.mean_confidence = 90;
    return r;
  }
  std::string Version() const override { return "fake 1.0"; }
};

std::string SourceDir() {
  const char* dir = std::getenv("SOHOA_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

std::unique_ptr<Pipeline> MakePipeline(const std::string& trust_store = "") {
  PipelineOptions options;
  options.restore = false;
  options.extract = false;
  options.rules_dir = SourceDir() + "/rules";
  options.pdf_dpi = 50;  // the fake engine reads nothing; keep rendering cheap
  options.trust_store = trust_store;
  auto p = Pipeline::Create(options, []() -> StatusOr<std::unique_ptr<OcrEngine>> {
    return std::unique_ptr<OcrEngine>(new FakeEngine);
  });
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  return p.ok() ? std::move(p).value() : nullptr;
}

SignedScanPdfSpec IssuerThenCentre() {
  SignedScanPdfSpec spec;
  spec.signers[0].signing_time = 1609834524;  // 2021-01-05T08:15:24Z
  PdfSigner centre;
  centre.common_name = "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC";
  centre.signing_time = 1609859000;
  spec.signers.push_back(centre);
  return spec;
}

TEST(SignaturesTest, EverySignatureIsRecordedAndTheIssuerSignsTheDocument) {
  std::string dir = MakeTempDir("signed");
  SignedScanPdf made = MakeSignedScanPdf(IssuerThenCentre());
  WriteFile(dir + "/signed.pdf", made.pdf);
  ProcessResult r = MakePipeline()->ProcessFile(dir + "/signed.pdf");
  ASSERT_TRUE(r.has_document) << (r.failures.empty() ? "" : r.failures[0].message);
  EXPECT_TRUE(r.failures.empty());
  const Document& d = r.document;
  ASSERT_EQ(d.signatures.size(), 2u);
  for (const Signature& s : d.signatures) {
    EXPECT_TRUE(s.valid()) << s.problem;
    EXPECT_EQ(s.chain, ChainStatus::kUnknownIssuer);
  }
  EXPECT_EQ(d.signatures[1].signer, "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC");
  EXPECT_EQ(d.signed_by, "Ủy ban nhân dân tỉnh Quảng Ngãi");
  EXPECT_EQ(d.signed_at, "2021-01-05T08:15:24Z");
  // The boxes' text layer never stands for the page: the scan under it is OCR'd.
  ASSERT_EQ(d.pages.size(), 1u);
  EXPECT_EQ(d.pages[0].source, TextSource::kOcr);
  EXPECT_EQ(d.pages[0].raw_text, "Kế hoạch\n");
  int boxes = 0;
  for (const std::string& note : d.pages[0].notes) {
    boxes += note.rfind("signature box kept out of the text: \"Ký bởi:", 0) == 0;
  }
  EXPECT_EQ(boxes, 2) << ::testing::PrintToString(d.pages[0].notes);

  WriteFile(dir + "/issuer.pem", made.certificates_pem[0]);
  ProcessResult trusted = MakePipeline(dir + "/issuer.pem")->ProcessFile(dir + "/signed.pdf");
  ASSERT_EQ(trusted.document.signatures.size(), 2u);
  EXPECT_EQ(trusted.document.signatures[0].chain, ChainStatus::kTrusted);
  fs::remove_all(dir);
}

TEST(SignaturesTest, ADocumentChangedAfterSigningIsFlaggedAndStillProcessed) {
  std::string dir = MakeTempDir("tampered");
  SignedScanPdf made = MakeSignedScanPdf(IssuerThenCentre());
  made.pdf[made.image_offset + made.image_size / 3] ^= 0x10;
  WriteFile(dir + "/tampered.pdf", made.pdf);
  ProcessResult r = MakePipeline()->ProcessFile(dir + "/tampered.pdf");
  ASSERT_TRUE(r.has_document) << (r.failures.empty() ? "" : r.failures[0].message);
  EXPECT_TRUE(r.failures.empty());
  ASSERT_EQ(r.document.pages.size(), 1u);
  ASSERT_EQ(r.document.signatures.size(), 2u);
  for (const Signature& s : r.document.signatures) {
    EXPECT_EQ(s.status, SignatureStatus::kModified);
  }
  EXPECT_EQ(r.document.signed_by, "Ủy ban nhân dân tỉnh Quảng Ngãi");
  fs::remove_all(dir);
}

TEST(SignaturesTest, ABadTrustStoreStopsThePipelineFromStarting) {
  PipelineOptions options;
  options.restore = false;
  options.extract = false;
  options.trust_store = "/nonexistent/roots.pem";
  auto p = Pipeline::Create(options);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(p.status().message().find("/nonexistent/roots.pem"), std::string::npos);
}

// What pdfsig (poppler) reports for the real publications, checked by hand:
// the signers in signing order and the first one's signing time in UTC (the
// Ủy ban's signatures carry it in /M as local time, +07'00'). H14 (a 1999
// decision of Cao Bằng) is unsigned.
struct RealScan {
  std::vector<std::string> signers;
  std::string signed_at;
};

const std::map<std::string, RealScan>& RealScans() {
  static const auto* m = [] {
    const std::string ubnd = "Ủy ban nhân dân tỉnh Quảng Ngãi";
    const std::string centre = "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC";
    const std::string centre_2018 = "Trung tâm Công báo và Tin học";
    return new std::map<std::string, RealScan>{
        {"01 TTr.signed_20250513_144607.pdf", {{ubnd, centre}, "2025-01-07T03:09:57Z"}},
        {"01CT_20250509_154257.pdf", {{ubnd}, "2021-01-05T08:15:32Z"}},
        {"11CT_20250510_124908.pdf", {{ubnd}, "2021-05-11T11:26:49Z"}},
        {"2352 ( 07-CT-UBND).signed_20250221_092046.pdf", {{centre_2018}, "2018-03-21T16:41:00Z"}},
        {"24 TTR.signed_20250510_124908.pdf", {{ubnd, centre}, "2025-02-07T07:59:55Z"}},
        {"2770 (08-CT-UBND)..signed_20250220_102437.pdf", {{centre_2018}, "2018-04-04T14:21:15Z"}},
        {"280 BC.signed_20250219_164611.pdf", {{ubnd, centre}, "2024-11-26T03:40:48Z"}},
        {"46 TB.signed_20250510_123557.pdf", {{ubnd, centre}, "2025-01-26T04:12:09Z"}},
        {"47 QĐ UB.signed (1)_20250510_124908.pdf", {{ubnd, centre}, "2025-01-17T10:06:30Z"}},
        {"574 UB.signed_20250510_124908.pdf", {{ubnd, centre}, "2025-02-04T09:42:36Z"}},
        {"575 UB.signed_20250510_124908.pdf", {{centre}, "2025-02-05T15:35:18Z"}},
        {"89 QĐ CT.signed_20250513_163504.pdf", {{ubnd, centre}, "2025-01-17T06:43:53Z"}},
        {"H14.1999.1180.ND.001.020_20250517_050647.pdf", {{}, ""}},
    };
  }();
  return *m;
}

TEST(RealScanSignaturesTest, EverySignedPublicationHasItsSignaturesVerified) {
  const fs::path dir = fs::path(SourceDir()) / ".." / "shared" / "realscans";
  if (!fs::is_directory(dir)) {
    GTEST_SKIP() << dir << " is absent: the real signed scans live outside the repository";
  }
  auto pipeline = MakePipeline();
  int files = 0;
  for (const auto& [name, expected] : RealScans()) {
    SCOPED_TRACE(name);
    fs::path path = dir / name;
    ASSERT_TRUE(fs::exists(path));
    ++files;
    ProcessResult r = pipeline->ProcessFile(path.string());
    ASSERT_TRUE(r.has_document) << (r.failures.empty() ? "" : r.failures[0].message);
    const Document& d = r.document;
    const std::vector<std::string>& signers = expected.signers;
    ASSERT_EQ(d.signatures.size(), signers.size());
    for (size_t i = 0; i < signers.size(); ++i) {
      const Signature& s = d.signatures[i];
      EXPECT_EQ(s.signer, signers[i]);
      EXPECT_EQ(s.signed_at.size(), 20u) << s.signed_at;  // 2025-01-07T03:09:57Z
      EXPECT_TRUE(s.valid()) << s.problem;
      EXPECT_EQ(s.chain, ChainStatus::kUnknownIssuer) << s.chain_detail;  // no trust store
      EXPECT_FALSE(s.hash_algorithm.empty());
      EXPECT_EQ(s.covers_whole_file, i + 1 == signers.size());  // later updates follow
    }
    EXPECT_EQ(d.signed_by, signers.empty() ? "" : signers[0]);
    EXPECT_EQ(d.signed_at, expected.signed_at);
  }
  EXPECT_EQ(files, 13);
}

}  // namespace
}  // namespace sohoa
