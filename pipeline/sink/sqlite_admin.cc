// Reading and tidying a sohoa SQLite database outside a run: the open
// failures (`sohoa failures`, `sohoa run --retry-failed`) and pruning
// (`sohoa prune`).
#include <sqlite3.h>

#include <filesystem>

#include "pipeline/sink/sink.h"
#include "pipeline/sink/sqlite_schema.h"
#include "pipeline/sink/sqlite_statement.h"

namespace sohoa {
namespace {

// An existing database, migrated forward; closed when it goes.
class Database {
 public:
  static StatusOr<Database> Open(const std::string& path) {
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
      sqlite3_close_v2(db);
      return NotFoundError(path + ": cannot open database: " + msg);
    }
    sqlite3_busy_timeout(db, 10000);
    Database out(db);
    SOHOA_RETURN_IF_ERROR(PrepareSchema(db, path));
    return StatusOr<Database>(std::move(out));
  }
  Database(Database&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  ~Database() { sqlite3_close_v2(db_); }
  sqlite3* get() const { return db_; }

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

// True when `path` is `root` or lies under it ("a/b" is under "a" and "a/").
bool Under(const std::string& path, std::string root) {
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  return path == root || (path.size() > root.size() && path.compare(0, root.size(), root) == 0 &&
                          path[root.size()] == '/');
}

bool UnderAny(const std::string& path, const std::vector<std::string>& roots) {
  for (const std::string& root : roots) {
    if (Under(path, root)) return true;
  }
  return false;
}

// Runs `sql`; returns the rows it changed, or -1.
int Change(sqlite3* db, const char* sql) {
  Statement st(db, sql);
  if (!st.ok() || st.Run() != SQLITE_DONE) return -1;
  return sqlite3_changes(db);
}

}  // namespace

StatusOr<std::vector<Failure>> ReadOpenFailures(const std::string& path,
                                                const std::vector<std::string>& roots) {
  SOHOA_ASSIGN_OR_RETURN(Database db, Database::Open(path));
  Statement st(db.get(), "SELECT path, coalesce(document_id, ''), stage, coalesce(page, -1), message"
                         " FROM failures WHERE closed_at IS NULL ORDER BY path, page, id");
  if (!st.ok()) return InternalError(path + ": cannot read failures: " + sqlite3_errmsg(db.get()));
  std::vector<Failure> out;
  while (st.Next()) {
    Failure f{st.Text(0), st.Text(1), st.Text(2), static_cast<int>(st.Int(3)), st.Text(4)};
    if (UnderAny(f.path, roots) || roots.empty()) out.push_back(std::move(f));
  }
  return out;
}

StatusOr<int> CloseFailuresOfGoneFiles(const std::string& path,
                                       const std::vector<std::string>& roots,
                                       const std::string& run_id) {
  SOHOA_ASSIGN_OR_RETURN(Database db, Database::Open(path));
  Statement open(db.get(), "SELECT DISTINCT path FROM failures"
                           " WHERE closed_at IS NULL AND run_id <> ?");
  open.Bind(1, run_id);
  std::vector<std::string> gone;
  while (open.Next()) {
    std::string file = open.Text(0);
    std::error_code ec;
    if (UnderAny(file, roots) && !std::filesystem::exists(file, ec) && !ec) gone.push_back(file);
  }
  Statement close(db.get(), "UPDATE failures SET closed_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')"
                            " WHERE path = ? AND closed_at IS NULL AND run_id <> ?");
  int closed = 0;
  for (const std::string& file : gone) {
    close.Bind(1, file).Bind(2, run_id);
    if (close.Run() != SQLITE_DONE) {
      return InternalError(path + ": cannot close failures: " + sqlite3_errmsg(db.get()));
    }
    closed += sqlite3_changes(db.get());
  }
  return closed;
}

StatusOr<PruneCounts> PruneDatabase(const std::string& path) {
  SOHOA_ASSIGN_OR_RETURN(Database db, Database::Open(path));
  sqlite3* d = db.get();
  auto fail = [&] { return InternalError(path + ": cannot prune: " + sqlite3_errmsg(d)); };
  if (Change(d, "BEGIN IMMEDIATE") < 0) return fail();
  PruneCounts counts;
  bool ok = true;
  for (const char* table : {"pages", "words", "records", "signatures"}) {
    std::string sql = std::string("DELETE FROM ") + table +
                      " WHERE document_id IN (SELECT id FROM documents WHERE NOT current)";
    ok = ok && Change(d, sql.c_str()) >= 0;
  }
  int documents = ok ? Change(d, "DELETE FROM documents WHERE NOT current") : -1;
  int failures = documents >= 0 ? Change(d, "DELETE FROM failures WHERE closed_at IS NOT NULL") : -1;
  if (failures < 0 || Change(d, "COMMIT") < 0) {
    Change(d, "ROLLBACK");
    return fail();
  }
  counts.documents = documents;
  counts.failures = failures;
  return counts;
}

}  // namespace sohoa
