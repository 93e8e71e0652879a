// A prepared SQLite statement that finalizes itself (internal to the sink
// stage). Not thread-safe, like the connection it belongs to.
#ifndef SOHOA_PIPELINE_SINK_SQLITE_STATEMENT_H_
#define SOHOA_PIPELINE_SINK_SQLITE_STATEMENT_H_

#include <sqlite3.h>

#include <cstdint>
#include <string>

namespace sohoa {

class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return rc_ == SQLITE_OK; }
  Statement& Bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& Bind(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); return *this; }
  Statement& Bind(int i, double v) { sqlite3_bind_double(stmt_, i, v); return *this; }
  Statement& BindNull(int i) { sqlite3_bind_null(stmt_, i); return *this; }
  // Runs to completion; returns the last sqlite3_step code.
  int Run() {
    int rc;
    while ((rc = sqlite3_step(stmt_)) == SQLITE_ROW) {}
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    return rc;
  }
  // Steps once; true when a row is available.
  bool Next() { return sqlite3_step(stmt_) == SQLITE_ROW; }
  std::string Text(int col) {
    auto* p = sqlite3_column_text(stmt_, col);
    return p ? reinterpret_cast<const char*>(p) : "";
  }
  int64_t Int(int col) { return sqlite3_column_int64(stmt_, col); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_SINK_SQLITE_STATEMENT_H_
