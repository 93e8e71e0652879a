// Nightly operations, end to end through the real binary (README.md,
// "Runs"): runs that skip finished work, versions of changed files, failures
// that close, retries, progress a scheduler can parse, SIGTERM, two runs at
// once on a new database, and one JSON Lines schema without duplicate keys.
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/ops/json_check.h"
#include "tests/support/command_run.h"
#include "tests/support/test_files.h"

namespace sohoa {
namespace {

using namespace testing_files;
namespace fs = std::filesystem;

// Runs `sohoa ARGS` (shell words) and waits for it.
CommandResult Sohoa(const std::string& args) { return RunCommand(SOHOA_BINARY, args, "ops"); }

std::string Source(const std::string& relative) {
  return std::string(SOHOA_SOURCE_DIR) + "/" + relative;
}

std::string QueryText(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
  std::string v;
  if (st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
    v = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

const char kLegacy[] = "corpus/samples/ke_hoach_chuyen_doi_so_khong_dau.txt";
const char kFast[] = " --no-restore --progress=json";

// A folder of legacy .txt plans, each a different document.
std::string MakeTextFolder(const std::string& name, int count) {
  std::string dir = MakeTempDir(name);
  std::string plan = ReadFileOrDie(Source(kLegacy));
  for (int i = 0; i < count; ++i) {
    WriteFile(dir + "/plan" + std::to_string(i) + ".txt", plan + "Ban so " + std::to_string(i) + "\n");
  }
  return dir;
}

TEST(OpsTest, JsonLinesHaveOneSchemaWithoutDuplicateKeys) {
  std::string dir = MakeTextFolder("ops_jsonl", 1);
  WriteFile(dir + "/broken.png", "not an image");
  std::string jsonl = dir + "/out.jsonl";
  CommandResult r = Sohoa("run " + dir + " --jsonl " + jsonl + " --db " + dir + "/out.db" + kFast);
  ASSERT_EQ(r.exit_code, 1) << r.err;
  std::set<std::string> types;
  int deadlines = 0;
  for (const std::string& line : Lines(ReadFileOrDie(jsonl))) {
    testing_json::Parsed p = testing_json::ParseObject(line);
    ASSERT_TRUE(p.ok) << p.error << "\n" << line;
    types.insert(p.top["type"]);
    if (p.top["type"] == "record") {
      EXPECT_TRUE(p.top.count("kind") && p.top.count("fields") && p.top.count("document_id")) << line;
      deadlines += p.top["kind"] == "deadline";
    }
  }
  EXPECT_EQ(types, (std::set<std::string>{"run", "document", "record", "failure", "run_end"}));
  EXPECT_GT(deadlines, 0);  // a deadline's own "type" and "end" are inside "fields"
  CommandResult extract = Sohoa("extract --no-restore " + Source(kLegacy));
  ASSERT_EQ(extract.exit_code, 0) << extract.err;
  for (const std::string& line : Lines(extract.out)) {
    testing_json::Parsed p = testing_json::ParseObject(line);
    EXPECT_TRUE(p.ok && p.top.count("fields") && !p.top.count("type")) << p.error << "\n" << line;
  }
}

TEST(OpsTest, ASecondRunSkipsFinishedDocumentsAndForceRedoesThem) {
  std::string dir = MakeTextFolder("ops_rerun", 6);
  std::string db = dir + "/out.db";  // inside the input folder: never read as input
  CommandResult first = Sohoa("run " + dir + " --db " + db + kFast);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  int64_t records = QueryInt(db, "SELECT count(*) FROM records");
  ASSERT_GT(records, 0);
  CommandResult second = Sohoa("run " + dir + " --db " + db + kFast);
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(QueryInt(db, "SELECT documents_skipped FROM runs WHERE number = 2"), 6);
  EXPECT_EQ(QueryInt(db, "SELECT documents_ok FROM runs WHERE number = 2"), 0);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM failures"), 0) << second.err;
  CommandResult skip_done = Sohoa("run " + dir + " --skip-done --db " + db + kFast);
  EXPECT_EQ(skip_done.exit_code, 0) << skip_done.err;
  EXPECT_EQ(QueryInt(db, "SELECT documents_skipped FROM runs WHERE number = 3"), 6);
  CommandResult forced = Sohoa("run " + dir + " --force --db " + db + kFast);
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(QueryInt(db, "SELECT documents_ok FROM runs WHERE number = 4"), 6);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM documents"), 6);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM records"), records);  // never duplicated
  // Another option that changes the output is another fingerprint.
  CommandResult other = Sohoa("run " + dir + " --tone-style modern --db " + db + kFast);
  EXPECT_EQ(QueryInt(db, "SELECT documents_ok FROM runs WHERE number = 5"), 6) << other.err;
}

TEST(OpsTest, AChangedFileIsANewVersionOfItsPathUntilPruned) {
  std::string dir = MakeTextFolder("ops_versions", 2);
  std::string db = dir + "/../ops_versions.db";
  fs::remove(db);
  ASSERT_EQ(Sohoa("run " + dir + " --db " + db + kFast).exit_code, 0);
  WriteFile(dir + "/plan0.txt", "Ke hoach so 99/KH-UBND ngay 01/02/2023 cua UBND tinh Ha Nam.\n"
                                "Can cu Nghi dinh so 61/2018/ND-CP.\n");
  CommandResult r = Sohoa("run " + dir + " --db " + db + kFast);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string path = dir + "/plan0.txt";
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM documents WHERE path = '" + path + "'"), 2);
  EXPECT_EQ(QueryInt(db, "SELECT version FROM documents WHERE current AND path = '" + path + "'"), 2);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM current_documents"), 2);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM current_records WHERE kind = 'legal_ref'"
                      " AND ref LIKE '61/2018/%' AND path = '" + path + "'"), 1);
  CommandResult pruned = Sohoa("prune --db " + db);
  EXPECT_EQ(pruned.exit_code, 0) << pruned.err;
  EXPECT_NE(pruned.out.find("removed 1 older document versions"), std::string::npos) << pruned.out;
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM documents"), 2);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM records WHERE document_id NOT IN (SELECT id FROM documents)"), 0);
  fs::remove(db);
}

TEST(OpsTest, FailuresAreListedRetriedAndClosedWhenTheFileIsFixed) {
  std::string dir = MakeTextFolder("ops_failures", 3);
  WriteFile(dir + "/scan.png", "Day la van ban, khong phai anh.\n");
  WriteFile(dir + "/empty.txt", "");
  std::string db = dir + "/out.db";
  CommandResult r = Sohoa("run " + dir + " --db " + db + kFast);
  ASSERT_EQ(r.exit_code, 1) << r.err;
  CommandResult listed = Sohoa("failures --db " + db);
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  std::vector<std::string> lines = Lines(listed.out);
  ASSERT_EQ(lines.size(), 2u) << listed.out;
  EXPECT_EQ(lines[0].rfind(dir + "/empty.txt\tingest\t", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1], dir + "/scan.png\tingest\t" + dir +
                          "/scan.png: not an image: the file is named .png but its bytes are text");

  WriteFile(dir + "/empty.txt", "Van ban da sua.\n");
  CommandResult retry = Sohoa("run --retry-failed --db " + db + kFast);
  EXPECT_EQ(retry.exit_code, 1) << retry.err;  // scan.png still fails
  EXPECT_EQ(QueryInt(db, "SELECT documents_ok + documents_failed FROM runs WHERE number = 2"), 2);
  EXPECT_EQ(QueryInt(db, "SELECT documents_ok FROM runs WHERE number = 2"), 1);
  lines = Lines(Sohoa("failures --db " + db).out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].rfind(dir + "/scan.png\t", 0), 0u);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM failures"), 3);  // history stays

  fs::remove(dir + "/scan.png");
  WriteFile(dir + "/scan.txt", "Van ban.\n");
  CommandResult retry2 = Sohoa("run --retry-failed --db " + db + kFast);
  EXPECT_EQ(retry2.exit_code, 1);  // the path is gone: still a failure
  // A run over the folder the file was deleted from closes its failure.
  EXPECT_EQ(Sohoa("run " + dir + " --db " + db + kFast).exit_code, 0);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM documents"), 5);
  EXPECT_EQ(Sohoa("failures --db " + db).out, "");
}

TEST(OpsTest, MaxFailuresStopsARunThatFailsWholesale) {
  std::string dir = MakeTempDir("ops_wholesale");
  for (int i = 0; i < 30; ++i) WriteFile(dir + "/scan" + std::to_string(i) + ".png", "");
  std::string db = dir + "/out.db";
  CommandResult r = Sohoa("run " + dir + " --max-failures 5 --db " + db + kFast);
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_EQ(QueryText(db, "SELECT status FROM runs"), "stopped");
  EXPECT_LT(QueryInt(db, "SELECT documents_failed FROM runs"), 30);
  EXPECT_EQ(Sohoa("run " + dir + " --max-failures 10% --db " + db + kFast).exit_code, 4);
  EXPECT_EQ(Sohoa("run " + dir + " --max-failures lots --db " + db + kFast).exit_code, 2);
}

TEST(OpsTest, JsonProgressIsOneObjectPerLineEndingInASummary) {
  std::string dir = MakeTextFolder("ops_progress", 4);
  WriteFile(dir + "/bad.jpg", "");
  CommandResult r = Sohoa("run " + dir + " --db " + dir + "/out.db" + kFast);
  ASSERT_EQ(r.exit_code, 1) << r.err;
  std::vector<std::string> lines = Lines(r.err);
  ASSERT_FALSE(lines.empty());
  int progress = 0, failures = 0;
  std::map<std::string, std::string> summary;
  for (const std::string& line : lines) {
    testing_json::Parsed p = testing_json::ParseObject(line);
    ASSERT_TRUE(p.ok) << p.error << "\n" << line;
    const std::string event = p.top["event"];
    if (event == "progress") {
      ++progress;
      EXPECT_EQ(p.top["documents_total"], "5");
      for (const char* key : {"documents_done", "documents_failed", "pages_done", "pages_planned",
                              "pages_per_second", "eta_seconds", "seconds"}) {
        EXPECT_TRUE(p.top.count(key)) << key << " in " << line;
      }
    }
    failures += event == "failure";
    if (event == "summary") summary = p.top;
  }
  EXPECT_GE(progress, 1);
  EXPECT_EQ(failures, 1);
  EXPECT_EQ(summary["status"], "finished");
  EXPECT_EQ(summary["documents_ok"], "4");
  EXPECT_EQ(summary["documents_failed"], "1");
  EXPECT_EQ(summary["exit_code"], "1");
  EXPECT_EQ(Lines(r.err).back().rfind("{\"event\":\"summary\"", 0), 0u);
}

TEST(OpsTest, WithoutADatabaseARunSaysItProcessesEverything) {
  std::string dir = MakeTextFolder("ops_nodb", 1);
  CommandResult r = Sohoa("run " + dir + " --jsonl " + dir + "/out.jsonl --skip-done --no-restore --progress=line");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("note: no --db: every input is processed"), std::string::npos) << r.err;
}

// Two runs started at once on a database that does not exist yet.
TEST(OpsTest, TwoRunsStartedAtOnceOnANewDatabaseBothComplete) {
  std::string dir = MakeTextFolder("ops_concurrent", 8);
  std::string db = dir + "/../ops_concurrent.db";
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix);
  std::string cmd = std::string(SOHOA_BINARY) + " run " + dir + " --db " + db + kFast;
  CommandResult r = Sohoa("--version");  // warm the page cache
  ASSERT_EQ(r.exit_code, 0);
  std::string both = cmd + " 2>" + dir + "/../a.err & pa=$!; " + cmd + " 2>" + dir +
                     "/../b.err & pb=$!; wait $pa; a=$?; wait $pb; b=$?; exit $((a * 16 + b))";
  int status = std::system(("bash -c '" + both + "'").c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << ReadFileOrDie(dir + "/../a.err") << ReadFileOrDie(dir + "/../b.err");
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM runs WHERE status = 'finished'"), 2);
  EXPECT_EQ(QueryInt(db, "SELECT count(DISTINCT number) FROM runs"), 2);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM documents"), 8);
  int64_t records = QueryInt(db, "SELECT count(*) FROM records");
  ASSERT_GT(records, 0);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM (SELECT DISTINCT document_id, kind, start, end, rule FROM records)"),
            records);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix);
  fs::remove(dir + "/../a.err");
  fs::remove(dir + "/../b.err");
}

// SIGTERM to a run over slow inputs: the run is recorded as ended, exit 143,
// and the same command then finishes the work.
TEST(OpsTest, SigtermEndsTheRunCleanly) {
  std::string dir = MakeTempDir("ops_sigterm");
  std::string scan = ReadFileOrDie(Source("corpus/scans/pages/ke_hoach_nghieng.jpg"));
  for (int i = 0; i < 8; ++i) WriteFile(dir + "/scan" + std::to_string(i) + ".jpg", scan + std::string(i + 1, '\0'));
  std::string db = dir + "/out.db";
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    freopen("/dev/null", "w", stderr);
    execl(SOHOA_BINARY, "sohoa", "run", dir.c_str(), "--db", db.c_str(), "--no-restore",
          "--progress=json", static_cast<char*>(nullptr));
    _exit(127);
  }
  // Wait until the run is under way (its row exists), then a little more.
  for (int i = 0; i < 200 && QueryInt(db, "SELECT count(*) FROM runs") != 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  kill(child, SIGTERM);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 143);
  EXPECT_EQ(QueryText(db, "SELECT status FROM runs"), "interrupted");
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM runs WHERE finished_at IS NOT NULL"), 1);
  int64_t done = QueryInt(db, "SELECT count(*) FROM documents");
  EXPECT_LT(done, 8);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM failures"), 0);
  CommandResult rest = Sohoa("run " + dir + " --db " + db + kFast);
  EXPECT_EQ(rest.exit_code, 0) << rest.err;
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM documents"), 8);
  EXPECT_EQ(QueryInt(db, "SELECT documents_skipped FROM runs WHERE number = 2"), done);
}

}  // namespace
}  // namespace sohoa
