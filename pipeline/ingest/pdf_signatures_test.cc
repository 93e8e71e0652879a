#include "pipeline/ingest/pdf_signatures.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/badinput/pdf_maker.h"
#include "tests/support/signed_pdf.h"
#include "tests/support/test_files.h"

namespace sohoa {
namespace {

using namespace testing_files;

std::unique_ptr<SignatureVerifier> Verifier(const std::string& trust_store = "") {
  auto v = SignatureVerifier::Create(trust_store);
  EXPECT_TRUE(v.ok()) << v.status().ToString();
  return v.ok() ? std::move(v).value() : nullptr;
}

SignedScanPdfSpec TwoSigners() {
  SignedScanPdfSpec spec;
  PdfSigner issuer;
  issuer.sub_filter = "ETSI.CAdES.detached";
  issuer.digest = "SHA1";
  issuer.signing_time = 1609834524;  // 2021-01-05T08:15:24Z
  PdfSigner centre;
  centre.common_name = "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC";
  centre.organization = "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI";
  centre.signing_time = 1609836000;
  spec.signers = {issuer, centre};
  return spec;
}

TEST(PdfSignaturesTest, RecordsEverySignatureInSigningOrder) {
  SignedScanPdf made = MakeSignedScanPdf(TwoSigners());
  std::vector<Signature> sigs = Verifier()->Read(made.pdf, "signed.pdf");
  ASSERT_EQ(sigs.size(), 2u);
  const Signature& a = sigs[0];
  EXPECT_EQ(a.field_name, "Signature1");
  EXPECT_EQ(a.signer, "Ủy ban nhân dân tỉnh Quảng Ngãi");
  EXPECT_EQ(a.signer_dn, "CN=Ủy ban nhân dân tỉnh Quảng Ngãi,O=Tỉnh Quảng Ngãi,C=VN");
  EXPECT_EQ(a.signed_at, "2021-01-05T08:15:24Z");
  EXPECT_EQ(a.hash_algorithm, "SHA-1");
  EXPECT_EQ(a.sub_filter, "ETSI.CAdES.detached");
  EXPECT_FALSE(a.covers_whole_file);  // the second signer's update follows it
  EXPECT_TRUE(a.valid()) << a.problem;
  EXPECT_EQ(a.chain, ChainStatus::kUnknownIssuer) << a.chain_detail;
  const Signature& b = sigs[1];
  EXPECT_EQ(b.signer, "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC");
  EXPECT_EQ(b.hash_algorithm, "SHA-256");
  EXPECT_EQ(b.sub_filter, "adbe.pkcs7.detached");
  EXPECT_TRUE(b.covers_whole_file);
  EXPECT_TRUE(b.valid()) << b.problem;
  ASSERT_EQ(b.byte_ranges.size(), 2u);
  EXPECT_EQ(b.byte_ranges[0].first, 0u);
  EXPECT_EQ(b.byte_ranges[1].first + b.byte_ranges[1].second, made.pdf.size());
}

TEST(PdfSignaturesTest, TrustStoreMakesTheChainTrusted) {
  SignedScanPdf made = MakeSignedScanPdf(TwoSigners());
  std::string dir = MakeTempDir("trust");
  WriteFile(dir + "/issuer.pem", made.certificates_pem[0]);
  // A file naming one root; a folder of PEM files works the same.
  for (const std::string& store : {dir + "/issuer.pem", dir}) {
    std::vector<Signature> sigs = Verifier(store)->Read(made.pdf, "signed.pdf");
    ASSERT_EQ(sigs.size(), 2u);
    EXPECT_EQ(sigs[0].chain, ChainStatus::kTrusted) << sigs[0].chain_detail;
    EXPECT_EQ(sigs[1].chain, ChainStatus::kUnknownIssuer);  // not in the store
  }
  std::filesystem::remove_all(dir);
}

TEST(PdfSignaturesTest, BadTrustStoreIsAnInvalidArgument) {
  auto missing = SignatureVerifier::Create("/nonexistent/roots.pem");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("/nonexistent/roots.pem"), std::string::npos);
  std::string dir = MakeTempDir("badtrust");
  WriteFile(dir + "/x.pem", "not a certificate");
  auto empty = SignatureVerifier::Create(dir + "/x.pem");
  EXPECT_FALSE(empty.ok());
  std::filesystem::remove_all(dir);
}

TEST(PdfSignaturesTest, OneChangedByteIsFlagged) {
  SignedScanPdf made = MakeSignedScanPdf(TwoSigners());
  made.pdf[made.image_offset + made.image_size / 2] ^= 0x01;
  std::vector<Signature> sigs = Verifier()->Read(made.pdf, "signed.pdf");
  ASSERT_EQ(sigs.size(), 2u);
  for (const Signature& s : sigs) {
    EXPECT_EQ(s.status, SignatureStatus::kModified) << s.problem;
    EXPECT_FALSE(s.problem.empty());
    EXPECT_EQ(s.signer.empty(), false);  // still says who signed
  }
}

TEST(PdfSignaturesTest, CertificateExpiredSinceSigningKeepsItsChain) {
  SignedScanPdfSpec spec;
  spec.signers[0].signing_time = 1609834524;
  SignedScanPdf made = MakeSignedScanPdf(spec);
  // The certificate was valid for a year around 2021 and has expired since:
  // the chain is checked at the signing time, so it is still trusted.
  std::string dir = MakeTempDir("expired");
  WriteFile(dir + "/root.pem", made.certificates_pem[0]);
  std::vector<Signature> sigs = Verifier(dir + "/root.pem")->Read(made.pdf, "signed.pdf");
  ASSERT_EQ(sigs.size(), 1u);
  EXPECT_EQ(sigs[0].chain, ChainStatus::kTrusted) << sigs[0].chain_detail;
  EXPECT_EQ(sigs[0].certificate_not_after.substr(0, 4), "2022");
  std::filesystem::remove_all(dir);
}

TEST(PdfSignaturesTest, SignedWithAnExpiredCertificateIsExpired) {
  SignedScanPdfSpec spec;
  spec.signers[0].signing_time = 1609834524;
  spec.signers[0].certificate_not_after = 1609834524 - 86400;
  SignedScanPdf made = MakeSignedScanPdf(spec);
  std::string dir = MakeTempDir("expired");
  WriteFile(dir + "/root.pem", made.certificates_pem[0]);
  for (const std::string& store : {std::string(), dir + "/root.pem"}) {
    std::vector<Signature> sigs = Verifier(store)->Read(made.pdf, "signed.pdf");
    ASSERT_EQ(sigs.size(), 1u);
    EXPECT_TRUE(sigs[0].valid()) << sigs[0].problem;  // integrity is another matter
    EXPECT_EQ(sigs[0].chain, ChainStatus::kExpired) << sigs[0].chain_detail;
  }
  std::filesystem::remove_all(dir);
}

TEST(PdfSignaturesTest, Pkcs7Sha1SignsTheDigestOfTheRanges) {
  SignedScanPdfSpec spec;
  spec.signers[0].sub_filter = "adbe.pkcs7.sha1";
  SignedScanPdf made = MakeSignedScanPdf(spec);
  std::vector<Signature> sigs = Verifier()->Read(made.pdf, "sha1.pdf");
  ASSERT_EQ(sigs.size(), 1u);
  EXPECT_EQ(sigs[0].sub_filter, "adbe.pkcs7.sha1");
  EXPECT_TRUE(sigs[0].valid()) << sigs[0].problem;
  made.pdf[made.image_offset + 7] ^= 0x01;
  sigs = Verifier()->Read(made.pdf, "sha1.pdf");
  ASSERT_EQ(sigs.size(), 1u);
  EXPECT_EQ(sigs[0].status, SignatureStatus::kModified) << sigs[0].problem;
}

TEST(PdfSignaturesTest, NamesItsLibraries) {
  std::string v = SignatureLibrariesVersion();
  EXPECT_EQ(v.rfind("qpdf ", 0), 0u) << v;
  EXPECT_NE(v.find(", OpenSSL "), std::string::npos) << v;
}

TEST(PdfSignaturesTest, UnsignedAndBrokenPdfs) {
  auto v = Verifier();
  EXPECT_TRUE(v->Read(MakeTextPdf("Hello"), "plain.pdf").empty());
  EXPECT_TRUE(v->Read("not a pdf at all", "junk.pdf").empty());
  // A signature whose /Contents is garbage: recorded as unreadable.
  SignedScanPdf made = MakeSignedScanPdf(SignedScanPdfSpec{});
  size_t hole = made.pdf.find("/Contents <") + 11;
  made.pdf.replace(hole, 8, "DEADBEEF");
  std::vector<Signature> sigs = v->Read(made.pdf, "garbled.pdf");
  ASSERT_EQ(sigs.size(), 1u);
  EXPECT_EQ(sigs[0].status, SignatureStatus::kUnreadable);
  EXPECT_FALSE(sigs[0].problem.empty());
  // A file cut in half that still says /ByteRange: one unreadable entry.
  std::string cut = made.pdf.substr(0, made.pdf.find("/ByteRange") + 40);
  std::vector<Signature> cut_sigs = v->Read(cut, "cut.pdf");
  for (const Signature& s : cut_sigs) EXPECT_NE(s.status, SignatureStatus::kValid);
}

}  // namespace
}  // namespace sohoa
