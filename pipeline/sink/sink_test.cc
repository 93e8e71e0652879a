#include "pipeline/sink/sink.h"

#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <thread>
#include <sstream>

#include <gtest/gtest.h>

#include "pipeline/base/file.h"
#include "pipeline/sink/sqlite_schema.h"
#include "tests/support/test_files.h"

namespace sohoa {
namespace {

RunInfo TestRun(const std::string& id) {
  RunInfo run;
  run.run_id = id;
  run.started_at = "2026-11-23T00:00:00Z";
  run.command_line = "sohoa run x";
  run.versions = {{"sohoa", "0.1.0"}, {"tesseract", "5.3.0"}};
  return run;
}

Document TestDocument(const std::string& text) {
  Document doc;
  doc.id = "ab12";
  doc.path = "scans/a.png";
  doc.format = InputFormat::kPng;
  doc.size_bytes = 10;
  Page page;
  page.raw_text = "Ke hoach";
  page.normalized_text = "Ke hoach";
  page.text = text;
  page.words.push_back({"Ke", {1, 2, 3, 4}, 91.5f});
  doc.pages.push_back(page);
  Record r;
  r.kind = "legal_ref";
  r.text = "61/2018/NĐ-CP";
  r.rule = "legal_ref.code@1";
  r.fields = {{"ref", std::string("61/2018/NĐ-CP")}, {"year", int64_t{2018}},
              {"date", std::string("2018-04-23")}};
  doc.records.push_back(r);
  return doc;
}

// A path for a database or JSON Lines file in a fresh folder of its own,
// removed with its -wal and -shm files when the test program exits.
std::string TempPath(const std::string& name) {
  return testing_files::MakeTempDir("sink" + name) + "/sink" + name;
}

int64_t Count(const std::string& path, const std::string& sql) {
  sqlite3* db;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* st;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
  int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

TEST(SqliteSinkTest, StoresDocumentAndReplacesOnRewrite) {
  std::string path = TempPath(".db");
  {
    auto sink = OpenSqliteSink(path);
    ASSERT_TRUE(sink.ok()) << sink.status().ToString();
    ASSERT_TRUE((*sink)->BeginRun(TestRun("r1")).ok());
    ASSERT_TRUE((*sink)->WriteDocument(TestDocument("Kế hoạch")).ok());
    ASSERT_TRUE((*sink)->WriteDocument(TestDocument("Kế hoạch mới")).ok());
    ASSERT_TRUE((*sink)->WriteFailure({"bad.png", "", "ingest", -1, "bad.png: empty"}).ok());
    ASSERT_TRUE((*sink)->EndRun({1, 1, 0, 1, 0.5}).ok());
    EXPECT_TRUE((*sink)->HasDocument("ab12", VersionsFingerprint(TestRun("r1"))));
    EXPECT_FALSE((*sink)->HasDocument("ab12", "sohoa=0.2.0"));
  }
  EXPECT_EQ(Count(path, "SELECT count(*) FROM documents"), 1);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM pages WHERE text = 'Kế hoạch mới'"), 1);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM words"), 1);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM records WHERE ref = '61/2018/NĐ-CP'"), 1);
  EXPECT_EQ(Count(path, "SELECT json_extract(fields, '$.year') FROM records"), 2018);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM records WHERE date = '2018-04-23'"), 1);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM failures"), 1);
  EXPECT_EQ(Count(path, "SELECT documents_ok FROM runs WHERE finished_at IS NOT NULL"), 1);
  EXPECT_EQ(Count(path, "PRAGMA user_version"), kSqliteSchemaVersion);
  // Reopening keeps what is there and records a second run.
  auto again = OpenSqliteSink(path);
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE((*again)->BeginRun(TestRun("r2")).ok());
  EXPECT_EQ(Count(path, "SELECT count(*) FROM runs"), 2);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM documents"), 1);
}

TEST(SqliteSinkTest, RefusesNewerSchemaAndNonDatabases) {
  std::string path = TempPath("_newer.db");
  sqlite3* db;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto sink = OpenSqliteSink(path);
  ASSERT_FALSE(sink.ok());
  EXPECT_EQ(sink.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(sink.status().message().find(path), std::string::npos);

  std::string text = TempPath("_text.db");
  ASSERT_TRUE(WriteFileAtomically(text, std::string(4096, 'x')).ok());
  auto bad = OpenSqliteSink(text);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find(text), std::string::npos);
}

TEST(JsonlSinkTest, WritesOneObjectPerLine) {
  std::string path = TempPath(".jsonl");
  {
    auto sink = OpenJsonlSink(path);
    ASSERT_TRUE(sink.ok());
    ASSERT_TRUE((*sink)->BeginRun(TestRun("r1")).ok());
    ASSERT_TRUE((*sink)->WriteDocument(TestDocument("Kế hoạch\nsố 2")).ok());
    ASSERT_TRUE((*sink)->WriteFailure({"bad.png", "", "ingest", -1, "bad.png: empty"}).ok());
    ASSERT_TRUE((*sink)->EndRun({1, 1, 0, 1, 0.5}).ok());
  }
  std::ifstream in(path);
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0].rfind("{\"type\":\"run\"", 0), 0u);
  EXPECT_NE(lines[1].find("\"text\":\"Kế hoạch\\nsố 2\""), std::string::npos);
  EXPECT_EQ(lines[2].rfind("{\"type\":\"record\",\"document_id\":\"ab12\",\"kind\":\"legal_ref\"", 0), 0u);
  EXPECT_NE(lines[2].find("\"fields\":{\"ref\":\"61/2018/NĐ-CP\",\"year\":2018"), std::string::npos);
  EXPECT_NE(lines[3].find("\"type\":\"failure\""), std::string::npos);
  EXPECT_NE(lines[4].find("\"type\":\"run_end\""), std::string::npos);
}

Document SignedDocument() {
  Document doc = TestDocument("Kế hoạch");
  Signature issuer;
  issuer.field_name = "Signature1";
  issuer.signer = "Ủy ban nhân dân tỉnh Quảng Ngãi";
  issuer.signer_dn = "CN=Ủy ban nhân dân tỉnh Quảng Ngãi,C=VN";
  issuer.signed_at = "2021-01-05T08:15:24Z";
  issuer.hash_algorithm = "SHA-1";
  issuer.sub_filter = "ETSI.CAdES.detached";
  issuer.byte_ranges = {{0, 100}, {200, 50}};
  issuer.status = SignatureStatus::kModified;
  issuer.problem = "the signature does not verify";
  issuer.chain = ChainStatus::kUnknownIssuer;
  Signature centre = issuer;
  centre.field_name = "Signature2";
  centre.signer = "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC";
  centre.byte_ranges = {{0, 300}, {400, 80}};
  centre.covers_whole_file = true;
  centre.status = SignatureStatus::kValid;
  centre.problem.clear();
  centre.chain = ChainStatus::kTrusted;
  doc.signatures = {issuer, centre};
  doc.signed_by = issuer.signer;
  doc.signed_at = issuer.signed_at;
  return doc;
}

TEST(SqliteSinkTest, StoresSignaturesAndTheirFlags) {
  std::string path = TempPath("_signed.db");
  {
    auto sink = OpenSqliteSink(path);
    ASSERT_TRUE(sink.ok()) << sink.status().ToString();
    ASSERT_TRUE((*sink)->BeginRun(TestRun("r1")).ok());
    ASSERT_TRUE((*sink)->WriteDocument(SignedDocument()).ok());
    ASSERT_TRUE((*sink)->WriteDocument(SignedDocument()).ok());  // replaces, no duplicates
  }
  EXPECT_EQ(Count(path, "SELECT count(*) FROM signatures"), 2);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM signatures WHERE valid = 0 AND status = 'modified'"
                        " AND signature_index = 0 AND signer = 'Ủy ban nhân dân tỉnh Quảng Ngãi'"),
            1);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM signatures WHERE valid = 1 AND covers_whole_file"
                        " AND chain_status = 'trusted' AND problem IS NULL"),
            1);
  EXPECT_EQ(Count(path, "SELECT json_extract(byte_ranges, '$[1][0]') FROM signatures"
                        " WHERE signature_index = 1"),
            400);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM documents WHERE signed_by = "
                        "'Ủy ban nhân dân tỉnh Quảng Ngãi' AND signed_at = '2021-01-05T08:15:24Z'"),
            1);
}

TEST(SqliteSinkTest, MigratesAVersionOneDatabaseForward) {
  std::string path = TempPath("_v1.db");
  sqlite3* db;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_TRUE(PrepareSchema(db, path, 1).ok());
  sqlite3_exec(db,
               "INSERT INTO runs(run_id, started_at, versions, fingerprint) VALUES('r0', 'x', '{}', 'f');"
               "INSERT INTO documents(id, path, format, size_bytes, page_count, run_id, processed_at)"
               " VALUES('old', 'old.pdf', 'pdf', 1, 1, 'r0', 'x');",
               nullptr, nullptr, nullptr);
  sqlite3_close(db);
  ASSERT_EQ(Count(path, "PRAGMA user_version"), 1);
  {
    auto sink = OpenSqliteSink(path);
    ASSERT_TRUE(sink.ok()) << sink.status().ToString();
    ASSERT_TRUE((*sink)->BeginRun(TestRun("r1")).ok());
    ASSERT_TRUE((*sink)->WriteDocument(SignedDocument()).ok());
  }
  EXPECT_EQ(Count(path, "PRAGMA user_version"), kSqliteSchemaVersion);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM documents WHERE id = 'old' AND signed_by IS NULL"), 1);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM signatures"), 2);
}

TEST(SqliteSinkTest, MigratesAVersionTwoDatabaseWithChangedFilesForward) {
  std::string path = TempPath("_v2.db");
  sqlite3* db;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_TRUE(PrepareSchema(db, path, 2).ok());
  // Version 2 kept a changed file's old document beside the new one, and
  // the failure of a run whose file a later run read.
  ASSERT_EQ(sqlite3_exec(db,
               "INSERT INTO runs(run_id, started_at, versions, fingerprint) VALUES"
               " ('2026-11-23T10:00:00Z-ffff', 'x', '{}', 'f'), ('2026-11-23T10:00:00Z-0000', 'x', '{}', 'f');"
               "INSERT INTO documents(id, path, format, size_bytes, page_count, run_id, processed_at)"
               " VALUES('old', 'a.pdf', 'pdf', 1, 1, '2026-11-23T10:00:00Z-ffff', 'x'),"
               " ('new', 'a.pdf', 'pdf', 1, 1, '2026-11-23T10:00:00Z-0000', 'x'),"
               " ('b', 'b.pdf', 'pdf', 1, 1, '2026-11-23T10:00:00Z-ffff', 'x');"
               "INSERT INTO failures(run_id, path, stage, message) VALUES"
               " ('2026-11-23T10:00:00Z-ffff', 'a.pdf', 'page', 'a.pdf: bad page'),"
               " ('2026-11-23T10:00:00Z-0000', 'c.pdf', 'ingest', 'c.pdf: empty');",
               nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto sink = OpenSqliteSink(path);
  ASSERT_TRUE(sink.ok()) << sink.status().ToString();
  EXPECT_EQ(Count(path, "PRAGMA user_version"), kSqliteSchemaVersion);
  // Runs are numbered in the order they were recorded, whatever their ids.
  EXPECT_EQ(Count(path, "SELECT number FROM runs WHERE run_id LIKE '%0000'"), 2);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM runs WHERE status = 'unfinished'"), 2);
  EXPECT_EQ(Count(path, "SELECT version FROM documents WHERE id = 'new' AND current"), 2);
  EXPECT_EQ(Count(path, "SELECT version FROM documents WHERE id = 'old' AND NOT current"), 1);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM current_documents"), 2);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM open_failures"), 1);  // a.pdf's was read again
  EXPECT_EQ(Count(path, "SELECT count(*) FROM open_failures WHERE path = 'c.pdf'"), 1);
}

TEST(SqliteSinkTest, AChangedFileIsANewVersionAndClosesItsFailures) {
  std::string path = TempPath("_versions.db");
  auto sink = OpenSqliteSink(path);
  ASSERT_TRUE(sink.ok()) << sink.status().ToString();
  ASSERT_TRUE((*sink)->BeginRun(TestRun("r1")).ok());
  ASSERT_TRUE((*sink)->WriteDocument(TestDocument("Kế hoạch")).ok());
  ASSERT_TRUE((*sink)->WriteFailure({"scans/b.png", "", "ingest", -1, "b.png: empty"}).ok());
  ASSERT_TRUE((*sink)->EndRun({}).ok());
  ASSERT_TRUE((*sink)->BeginRun(TestRun("r2")).ok());
  Document changed = TestDocument("Kế hoạch sửa");
  changed.id = "cd34";
  ASSERT_TRUE((*sink)->WriteDocument(changed).ok());
  ASSERT_TRUE((*sink)->WriteDocument(changed).ok());  // again: same version, no duplicates
  Document b = TestDocument("B");
  b.id = "b1";
  b.path = "scans/b.png";
  ASSERT_TRUE((*sink)->WriteDocument(b).ok());
  EXPECT_EQ(Count(path, "SELECT count(*) FROM documents WHERE path = 'scans/a.png'"), 2);
  EXPECT_EQ(Count(path, "SELECT version FROM current_documents WHERE path = 'scans/a.png'"), 2);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM current_records"), 2);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM records"), 3);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM open_failures"), 0);
  auto open = ReadOpenFailures(path);
  ASSERT_TRUE(open.ok());
  EXPECT_TRUE(open->empty());
  // The file goes back to its first bytes: a skip makes that version current.
  ASSERT_TRUE((*sink)->BeginRun(TestRun("r3")).ok());
  ASSERT_TRUE((*sink)->NoteSkipped("scans/a.png", "ab12").ok());
  EXPECT_EQ(Count(path, "SELECT version FROM current_documents WHERE path = 'scans/a.png'"), 1);
  auto pruned = PruneDatabase(path);
  ASSERT_TRUE(pruned.ok()) << pruned.status().ToString();
  EXPECT_EQ(pruned->documents, 1);
  EXPECT_EQ(pruned->failures, 1);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM records"), 2);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM pages WHERE document_id = 'cd34'"), 0);
}

TEST(SqliteSinkTest, OpensOfANewDatabaseAtOnceAllMigrateIt) {
  std::string path = TempPath("_race.db");
  std::vector<std::thread> threads;
  std::atomic<int> opened{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      auto sink = OpenSqliteSink(path);
      EXPECT_TRUE(sink.ok()) << sink.status().ToString();
      if (!sink.ok()) return;
      EXPECT_TRUE((*sink)->BeginRun(TestRun("r" + std::to_string(i))).ok());
      ++opened;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(opened, 4);
  EXPECT_EQ(Count(path, "SELECT count(DISTINCT number) FROM runs"), 4);
}

TEST(JsonlSinkTest, WritesASignatureLinePerSignature) {
  std::string path = TempPath("_signed.jsonl");
  {
    auto sink = OpenJsonlSink(path);
    ASSERT_TRUE(sink.ok());
    ASSERT_TRUE((*sink)->BeginRun(TestRun("r1")).ok());
    ASSERT_TRUE((*sink)->WriteDocument(SignedDocument()).ok());
  }
  std::ifstream in(path);
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  ASSERT_EQ(lines.size(), 5u);  // run, document, 2 signatures, record
  EXPECT_NE(lines[1].find("\"signed_by\":\"Ủy ban nhân dân tỉnh Quảng Ngãi\""), std::string::npos);
  EXPECT_NE(lines[1].find("\"signed_at\":\"2021-01-05T08:15:24Z\""), std::string::npos);
  EXPECT_EQ(lines[2].rfind("{\"type\":\"signature\",\"document_id\":\"ab12\",\"index\":0", 0), 0u);
  EXPECT_NE(lines[2].find("\"valid\":false"), std::string::npos);
  EXPECT_NE(lines[2].find("\"status\":\"modified\""), std::string::npos);
  EXPECT_NE(lines[2].find("\"byte_ranges\":[[0,100],[200,50]]"), std::string::npos);
  EXPECT_NE(lines[3].find("\"chain_status\":\"trusted\""), std::string::npos);
  EXPECT_NE(lines[3].find("\"covers_whole_file\":true"), std::string::npos);
}

TEST(JsonlSinkTest, APartialLastLineLeftByAKilledRunIsCutOff) {
  std::string path = TempPath("_partial.jsonl");
  testing_files::WriteFile(path, "{\"type\":\"run\"}\n{\"type\":\"document\",\"id\":\"ab");
  {
    auto sink = OpenJsonlSink(path);
    ASSERT_TRUE(sink.ok());
    ASSERT_TRUE((*sink)->BeginRun(TestRun("r2")).ok());
  }
  std::ifstream in(path);
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "{\"type\":\"run\"}");
  EXPECT_EQ(lines[1].rfind("{\"type\":\"run\",\"run_id\":\"r2\"", 0), 0u);
}

TEST(JsonlSinkTest, UnwritablePathIsAClearError) {
  auto sink = OpenJsonlSink("/nonexistent-dir/x.jsonl");
  ASSERT_FALSE(sink.ok());
  EXPECT_NE(sink.status().message().find("/nonexistent-dir/x.jsonl"), std::string::npos);
}

}  // namespace
}  // namespace sohoa
