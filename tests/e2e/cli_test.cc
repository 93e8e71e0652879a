// The command-line contract, end to end through the real binary: the forms
// README documents, exit codes, and every kind of bad input in a batch.
#include <filesystem>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"
#include "pipeline/normalize/normalizer.h"
#include "tools/eval_ocr/cer.h"
#include "tests/support/command_run.h"
#include "tests/support/signed_pdf.h"
#include "tests/support/test_files.h"

namespace sohoa {
namespace {

using namespace testing_files;
namespace fs = std::filesystem;

// Runs `sohoa ARGS` (shell words, already quoted where needed) with optional stdin.
CommandResult Sohoa(const std::string& args, const std::string& stdin_file = "") {
  return RunCommand(SOHOA_BINARY, args, "cli", stdin_file);
}

std::string Source(const std::string& relative) {
  return std::string(SOHOA_SOURCE_DIR) + "/" + relative;
}

const char kLegacy[] = "corpus/samples/ke_hoach_chuyen_doi_so_khong_dau.txt";

TEST(CliTest, VersionNamesEveryComponent) {
  CommandResult r = Sohoa("--version");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* name : {"sohoa", "tesseract", "leptonica", "icu", "ocr_model", "restore_model"}) {
    EXPECT_NE(r.out.find(std::string(name) + " "), std::string::npos) << name << "\n" << r.out;
  }
}

TEST(CliTest, UsageErrorsExitWithTwo) {
  EXPECT_EQ(Sohoa("").exit_code, 2);
  EXPECT_EQ(Sohoa("frobnicate").exit_code, 2);
  EXPECT_EQ(Sohoa("run").exit_code, 2);
  EXPECT_EQ(Sohoa("run --jobs 0 x").exit_code, 2);
  EXPECT_EQ(Sohoa("text --no-such-flag x").exit_code, 2);
  for (const char* command : {"run", "text", "restore", "extract"}) {
    CommandResult r = Sohoa(std::string(command) + " --help");
    EXPECT_EQ(r.exit_code, 0) << command;
    EXPECT_NE(r.out.find("usage: sohoa"), std::string::npos) << command;
  }
}

TEST(CliTest, TextOfLegacyFileWithoutRestorationIsTheNormalizedInput) {
  CommandResult r = Sohoa("text --no-restore " + Source(kLegacy));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, ReadFileOrDie(Source(kLegacy)));  // ASCII input: normalization is identity
}

TEST(CliTest, TextOfMissingFileNamesIt) {
  CommandResult r = Sohoa("text --no-restore /nonexistent/scan.png");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/nonexistent/scan.png"), std::string::npos) << r.err;
}

TEST(CliTest, LegacyEncodingsAreConvertedOrFailClearly) {
  const std::string dir = MakeTempDir("cli_encoding");
  const std::string plan = "Kế hoạch số 184/KH-UBND ngày 08/4/2022\n";
  // TCVN3 bytes, and the same read once as Windows-1252 and saved as UTF-8.
  WriteFile(dir + "/tcvn3.txt", "K\xD5 ho\xB9" "ch s\xE8 184/KH-UBND ng\xB5y 08/4/2022\n");
  WriteFile(dir + "/mojibake.txt", "KÕ ho¹ch sè 184/KH-UBND ngµy 08/4/2022\n");
  for (const char* name : {"/tcvn3.txt", "/mojibake.txt"}) {
    CommandResult r = Sohoa("text --no-restore " + dir + name);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, plan) << name;
  }
  CommandResult forced = Sohoa("text --no-restore --encoding viscii " + dir + "/tcvn3.txt");
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NE(forced.out, plan);
  EXPECT_EQ(Sohoa("text --encoding koi8-r " + dir + "/tcvn3.txt").exit_code, 2);
  EXPECT_EQ(Sohoa("run --encoding koi8-r --db " + dir + "/x.db " + dir).exit_code, 2);
  std::string noise;
  for (int i = 0; i < 3000; ++i) noise.push_back(static_cast<char>(0x20 + (i * 7919) % 0xE0));
  WriteFile(dir + "/noise.txt", noise);
  CommandResult r = Sohoa("text --no-restore " + dir + "/noise.txt");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("noise.txt: cannot tell the text's encoding"), std::string::npos) << r.err;
  fs::remove_all(dir);
}

// A folder with one good input and every kind of bad one.
std::string MakeBadBatch() {
  std::string dir = MakeTempDir("bad_batch");
  WriteFile(dir + "/good.txt", ReadFileOrDie(Source(kLegacy)));
  WriteFile(dir + "/empty.png", "");
  WriteFile(dir + "/text_named.png", "Day la van ban, khong phai anh.\n");
  std::string png = MakePng(64, 64, 255);
  WriteFile(dir + "/truncated.png", png.substr(0, png.size() / 2));
  WriteFile(dir + "/huge_header.png", MakePngHeaderOnly(60000, 60000));
  WriteFile(dir + "/corrupt.pdf", "%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage\n");
  WriteFile(dir + "/random.bin", std::string("\x00\x01\x02\xff\xfe", 5));
  return dir;
}

TEST(CliTest, BadInputsAreReportedOneLineEachAndTheBatchGoesOn) {
  std::string dir = MakeBadBatch();
  std::string db = dir + "/../bad_batch.db";
  fs::remove(db);
  CommandResult r = Sohoa("run " + dir + " --db " + db + " --no-restore --no-extract --jobs 2");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  for (const char* name : {"empty.png", "text_named.png", "truncated.png", "huge_header.png",
                           "corrupt.pdf", "random.bin"}) {
    EXPECT_NE(r.err.find(name), std::string::npos) << name << " not reported:\n" << r.err;
    EXPECT_EQ(QueryInt(db, std::string("SELECT count(*) FROM failures WHERE path LIKE '%") + name +
                            "'"), 1) << name;
  }
  // A text file named .png is not an image: only .txt, .md or no extension are read as text.
  EXPECT_NE(r.err.find("text_named.png: not an image"), std::string::npos) << r.err;
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM documents"), 1);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM documents WHERE format = 'text'"), 1);
  EXPECT_NE(r.err.find("60000"), std::string::npos) << r.err;
}

TEST(CliTest, LaterRunsKeepEarlierWorkAndSkipDoneDocuments) {
  std::string dir = MakeTempDir("rerun");
  // Not byte-identical to the bad batch's good.txt: a different document.
  WriteFile(dir + "/a.txt", ReadFileOrDie(Source(kLegacy)) + "Ban sao A\n");
  std::string db = dir + "/out.db";
  std::string flags = " --db " + db + " --no-restore --no-extract";
  ASSERT_EQ(Sohoa("run " + dir + "/a.txt" + flags).exit_code, 0);
  std::string bad = MakeBadBatch();
  EXPECT_EQ(Sohoa("run " + bad + flags).exit_code, 1);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM runs"), 2);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM pages WHERE length(text) > 1000"), 2);
  CommandResult again = Sohoa("run " + dir + "/a.txt --skip-done --verbose" + flags);
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.err.find("skipped"), std::string::npos) << again.err;
  EXPECT_EQ(QueryInt(db, "SELECT documents_skipped FROM runs ORDER BY started_at DESC, rowid DESC"), 1);
}

TEST(CliTest, FolderWithThousandsOfFiles) {
  std::string dir = MakeTempDir("many");
  for (int i = 0; i < 1500; ++i) {
    fs::create_directories(dir + "/d" + std::to_string(i % 7));
    WriteFile(dir + "/d" + std::to_string(i % 7) + "/f" + std::to_string(i) + ".txt",
              "Van ban so " + std::to_string(i) + "\n");
  }
  std::string db = dir + "/../many.db";
  fs::remove(db);
  CommandResult r = Sohoa("run " + dir + " --db " + db + " --no-restore --no-extract --jobs 2");
  ASSERT_EQ(r.exit_code, 0) << r.err.substr(0, 2000);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM documents"), 1500);
}

TEST(CliTest, UnopenableDatabaseIsFatalAndNamed) {
  CommandResult r = Sohoa("run " + Source(kLegacy) + " --db /nonexistent/dir/x.db --no-restore");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("/nonexistent/dir/x.db"), std::string::npos) << r.err;
}

TEST(CliTest, JsonLinesCarryDocumentsAndFailures) {
  std::string dir = MakeBadBatch();
  std::string jsonl = dir + "/../bad.jsonl";
  fs::remove(jsonl);
  Sohoa("run " + dir + " --jsonl " + jsonl + " --no-restore --no-extract");
  std::string out = ReadFileOrDie(jsonl);
  EXPECT_NE(out.find("{\"type\":\"run\""), std::string::npos);
  EXPECT_NE(out.find("\"type\":\"document\""), std::string::npos);
  EXPECT_NE(out.find("\"type\":\"failure\""), std::string::npos);
  EXPECT_NE(out.find("{\"type\":\"run_end\""), std::string::npos);
}

const char kTruth[] = "corpus/e2e/ke_hoach_chuyen_doi_so.txt";

// Shares of words (letter runs) equal at the same position of each line;
// lines must match one to one.
double WordAgreement(const std::string& a, const std::string& b) {
  auto words = [](const std::string& line) {
    std::vector<std::string> out;
    std::string cur;
    for (size_t pos = 0; pos <= line.size();) {
      size_t start = pos;
      char32_t c = pos < line.size() ? DecodeUtf8(line, &pos) : (++pos, U' ');
      vi::LetterParts parts;
      if (vi::Decompose(c, &parts)) {
        cur += line.substr(start, pos - start);
      } else if (!cur.empty()) {
        out.push_back(cur);
        cur.clear();
      }
    }
    return out;
  };
  std::istringstream sa(a), sb(b);
  std::string la, lb;
  int total = 0, same = 0;
  while (std::getline(sa, la) && std::getline(sb, lb)) {
    std::vector<std::string> wa = words(la), wb = words(lb);
    EXPECT_EQ(wa.size(), wb.size()) << la << " | " << lb;
    for (size_t i = 0; i < std::min(wa.size(), wb.size()); ++i) {
      ++total;
      same += wa[i] == wb[i];
    }
  }
  return total ? static_cast<double>(same) / total : 0;
}

// Restoration changes letters only: the same bytes at every non-letter.
std::string Skeleton(const std::string& text) { return vi::Fold(text); }

TEST(CliTest, RestoreKeepsLinesAndSpacingAndPutsBackDiacritics) {
  CommandResult r = Sohoa("restore", Source(kLegacy));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string input = ReadFileOrDie(Source(kLegacy));
  EXPECT_EQ(Skeleton(r.out), Skeleton(input));
  // 99.3% measured on 2026-11-23 (3 of 414 words: codes ND/QĐ kept as written, hằng).
  EXPECT_GE(WordAgreement(r.out, ReadFileOrDie(Source(kTruth))), 0.97);
}

TEST(CliTest, RestoreLeavesCorrectTextAlone) {
  CommandResult r = Sohoa("restore", Source(kTruth));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GE(WordAgreement(r.out, ReadFileOrDie(Source(kTruth))), 0.995);
}

TEST(CliTest, ExtractSpansPointIntoTheTextCommandOutput) {
  CommandResult text = Sohoa("text " + Source(kLegacy));
  CommandResult records = Sohoa("extract " + Source(kLegacy));
  ASSERT_EQ(records.exit_code, 0) << records.err;
  std::istringstream lines(records.out);
  std::string line;
  int checked = 0;
  bool found_decree = false;
  while (std::getline(lines, line)) {
    auto field = [&](const std::string& key) {
      size_t at = line.find("\"" + key + "\":");
      return at == std::string::npos ? std::string() : line.substr(at + key.size() + 3);
    };
    size_t start = std::stoul(field("start")), end = std::stoul(field("end"));
    ASSERT_LE(end, text.out.size());
    ASSERT_LT(start, end);
    std::string span = text.out.substr(start, end - start);
    std::string quoted = field("text");
    // The record's text is the span; compare where it has no JSON escapes.
    if (quoted.find('\\') == std::string::npos) {
      EXPECT_EQ(quoted.substr(1, span.size()), span) << line;
    }
    ++checked;
    found_decree |= line.find("\"ref\":\"61/2018/NĐ-CP\"") != std::string::npos;
  }
  EXPECT_GT(checked, 5);
  EXPECT_TRUE(found_decree) << records.out;
}

// A signed scan through `sohoa run`: its signature in the database and in
// JSON Lines, a trust store that makes the chain trusted, and one changed
// byte that is a warning naming the file, never a failure.
TEST(CliTest, SignaturesAreRecordedAndAChangedDocumentIsAWarning) {
  std::string dir = MakeTempDir("signed");
  SignedScanPdf made = MakeSignedScanPdf(SignedScanPdfSpec{});
  WriteFile(dir + "/signed.pdf", made.pdf);
  WriteFile(dir + "/root.pem", made.certificates_pem[0]);
  const std::string flags = " --no-restore --no-extract --dpi 100 --progress=line";
  const std::string db = dir + "/out.db";
  CommandResult r = Sohoa("run " + dir + "/signed.pdf --db " + db + flags);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM signatures WHERE valid = 1 AND status = 'valid'"
                      " AND chain_status = 'unknown_issuer' AND covers_whole_file = 1"),
            1);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM documents WHERE signed_by = "
                      "'Ủy ban nhân dân tỉnh Quảng Ngãi' AND signed_at LIKE '20__-__-__T%'"),
            1);

  const std::string trusted = dir + "/trusted.db";
  r = Sohoa("run " + dir + "/signed.pdf --db " + trusted + " --trust-store " + dir + "/root.pem" +
            flags);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(QueryInt(trusted, "SELECT count(*) FROM signatures WHERE chain_status = 'trusted'"), 1);
  EXPECT_EQ(Sohoa("run " + dir + "/signed.pdf --db " + trusted + " --trust-store " + dir +
                  "/missing.pem" + flags).exit_code,
            2);

  made.pdf[made.image_offset + made.image_size / 2] ^= 0x01;
  WriteFile(dir + "/changed.pdf", made.pdf);
  const std::string changed = dir + "/changed.db";
  r = Sohoa("run " + dir + "/changed.pdf --db " + changed + " --jsonl " + dir + "/changed.jsonl" +
            flags);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  size_t warning = r.err.find("warning: " + dir + "/changed.pdf: signature 1 of 1");
  ASSERT_NE(warning, std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("warning", warning + 1), std::string::npos) << r.err;  // one line
  EXPECT_EQ(QueryInt(changed, "SELECT count(*) FROM signatures WHERE valid = 0 AND status = 'modified'"),
            1);
  EXPECT_EQ(QueryInt(changed, "SELECT count(*) FROM pages"), 1);
  EXPECT_EQ(QueryInt(changed, "SELECT count(*) FROM failures"), 0);
  std::string jsonl = ReadFileOrDie(dir + "/changed.jsonl");
  EXPECT_NE(jsonl.find("{\"type\":\"signature\""), std::string::npos);
  EXPECT_NE(jsonl.find("\"status\":\"modified\""), std::string::npos);
  fs::remove_all(dir);
}

// The committed degraded scans (skewed JPEG, bilevel with specks, 2-page TIFF
// with an upside-down page, image-only PDF, low-resolution phone photo) through
// `sohoa text`: OCR plus every stage after it.
TEST(CliTest, DegradedScansReadWithLowCharacterErrorRate) {
  auto normalizer = Normalizer::Create().value();
  CerCount total;
  for (const auto& entry : fs::directory_iterator(Source("corpus/scans/pages"))) {
    std::string truth_path =
        Source("corpus/scans/truth/") + entry.path().stem().string() + ".txt";
    CommandResult r = Sohoa("text --no-restore " + entry.path().string());
    ASSERT_EQ(r.exit_code, 0) << entry.path() << ": " << r.err;
    CerCount page = CountCer(r.out, ReadFileOrDie(truth_path), normalizer.get());
    EXPECT_LT(page.rate(), 0.03) << entry.path();
    total.edits += page.edits;
    total.truth_chars += page.truth_chars;
  }
  ASSERT_GT(total.truth_chars, 1000);
  // Measured 0.21% (4 edits in 1,867 characters) on 2026-11-23.
  EXPECT_LT(total.rate(), 0.015) << total.edits << " edits in " << total.truth_chars;
}

}  // namespace
}  // namespace sohoa
