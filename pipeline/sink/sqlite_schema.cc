#include "pipeline/sink/sqlite_schema.h"

#include <sqlite3.h>

#include <algorithm>

#include "pipeline/sink/sink.h"

namespace sohoa {
namespace {

// Migration N takes a database from user_version N-1 to N. Append new
// migrations; never edit a released one.
constexpr const char* kMigrations[] = {
    // 1: runs, documents, pages, words, records, failures.
    R"sql(
CREATE TABLE runs(
  run_id TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  command_line TEXT,
  versions TEXT NOT NULL,      -- JSON: component -> version
  fingerprint TEXT NOT NULL,   -- the versions as one string, to find up-to-date output
  documents_ok INTEGER, documents_failed INTEGER, documents_skipped INTEGER,
  pages INTEGER, seconds REAL);
CREATE TABLE documents(
  id TEXT PRIMARY KEY,         -- SHA-256 of the input bytes
  path TEXT NOT NULL,
  format TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  page_count INTEGER NOT NULL,
  run_id TEXT NOT NULL REFERENCES runs(run_id),
  processed_at TEXT NOT NULL);
CREATE INDEX documents_path ON documents(path);
CREATE TABLE pages(
  document_id TEXT NOT NULL REFERENCES documents(id),
  page_index INTEGER NOT NULL,
  source TEXT NOT NULL,        -- ocr, text_layer, plain_text
  raw_text TEXT NOT NULL,      -- as OCR or the file gave it
  normalized_text TEXT NOT NULL,
  text TEXT NOT NULL,          -- final: normalized and restored
  mean_confidence REAL,
  notes TEXT,
  PRIMARY KEY(document_id, page_index)) WITHOUT ROWID;
CREATE TABLE words(
  document_id TEXT NOT NULL,
  page_index INTEGER NOT NULL,
  word_index INTEGER NOT NULL,
  text TEXT NOT NULL,
  x INTEGER, y INTEGER, width INTEGER, height INTEGER,
  confidence REAL,
  PRIMARY KEY(document_id, page_index, word_index)) WITHOUT ROWID;
CREATE TABLE records(
  id INTEGER PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id),
  kind TEXT NOT NULL,          -- document, legal_ref, agency, deadline, quota
  text TEXT NOT NULL,          -- the span as written
  start INTEGER NOT NULL,      -- byte offsets into the document's final text
  end INTEGER NOT NULL,
  line INTEGER NOT NULL,
  rule TEXT NOT NULL,          -- rule id@version
  doc_type TEXT, ref TEXT, name TEXT, role TEXT, value TEXT, date TEXT,  -- common fields, indexed
  fields TEXT NOT NULL);       -- every field, JSON
CREATE INDEX records_document ON records(document_id);
CREATE INDEX records_ref ON records(kind, ref);
CREATE INDEX records_name ON records(kind, name, role);
CREATE INDEX records_value ON records(kind, value);
CREATE INDEX records_date ON records(kind, date);
CREATE TABLE failures(
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL,
  path TEXT NOT NULL,
  document_id TEXT,
  stage TEXT NOT NULL,
  page INTEGER,
  message TEXT NOT NULL,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));
CREATE INDEX failures_path ON failures(path);
)sql",
    // 2: signatures of signed PDFs; who signed a document and when.
    R"sql(
ALTER TABLE documents ADD COLUMN signed_by TEXT;  -- the issuing body's signature: its signer
ALTER TABLE documents ADD COLUMN signed_at TEXT;  -- and its signing time, ISO 8601
CREATE TABLE signatures(
  document_id TEXT NOT NULL REFERENCES documents(id),
  signature_index INTEGER NOT NULL,  -- 0-based, in signing order
  field_name TEXT,             -- the signature field, "Signature1"
  signer TEXT,                 -- certificate subject common name
  signer_dn TEXT,              -- subject distinguished name (RFC 2253)
  issuer_dn TEXT,              -- the certificate's issuer
  signed_at TEXT,              -- ISO 8601: signingTime attribute, else the /M entry
  hash_algorithm TEXT,         -- SHA-1, SHA-256, ...
  sub_filter TEXT,             -- adbe.pkcs7.detached, ETSI.CAdES.detached, ...
  byte_ranges TEXT,            -- JSON [[offset, length], ...]
  covers_whole_file INTEGER NOT NULL,  -- 1: the signed ranges run to the end of the file
  valid INTEGER NOT NULL,      -- 1: the signature verifies over its ranges (integrity)
  status TEXT NOT NULL,        -- valid, modified (changed after signing), unreadable, unsupported
  problem TEXT,                -- why status is not valid
  chain_status TEXT NOT NULL,  -- trusted, unknown_issuer, expired, invalid
  chain_detail TEXT,           -- what the chain check found
  certificate_not_before TEXT, certificate_not_after TEXT,
  PRIMARY KEY(document_id, signature_index)) WITHOUT ROWID;
CREATE INDEX signatures_signer ON signatures(signer);
CREATE INDEX signatures_invalid ON signatures(valid, document_id);
)sql",
    // 3: runs get a number that only grows (run_id is a timestamp plus random
    // hex: two runs started in the same second do not sort by it) and a status.
    R"sql(
ALTER TABLE runs ADD COLUMN number INTEGER;   -- 1, 2, 3... in the order runs started
UPDATE runs SET number = rowid;
CREATE UNIQUE INDEX runs_number ON runs(number);
ALTER TABLE runs ADD COLUMN status TEXT;      -- running, finished, interrupted, stopped
UPDATE runs SET status = CASE WHEN finished_at IS NULL THEN 'unfinished' ELSE 'finished' END;
)sql",
    // 4: versions of a path (a file whose bytes changed is a new document at
    // the same path; the latest is current), and failures that a later
    // attempt at their path closed. Before, every version was current.
    R"sql(
ALTER TABLE documents ADD COLUMN version INTEGER NOT NULL DEFAULT 1;  -- 1, 2... per path
ALTER TABLE documents ADD COLUMN current INTEGER NOT NULL DEFAULT 1;  -- 1: the path's latest
UPDATE documents SET
  version = (SELECT count(*) FROM documents o WHERE o.path = documents.path AND o.rowid <= documents.rowid),
  current = NOT EXISTS (SELECT 1 FROM documents o WHERE o.path = documents.path AND o.rowid > documents.rowid);
CREATE INDEX documents_path_current ON documents(path, current);
ALTER TABLE failures ADD COLUMN closed_at TEXT;  -- a later run tried the path again
UPDATE failures SET closed_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE
  EXISTS (SELECT 1 FROM failures o WHERE o.path = failures.path AND o.id > failures.id
          AND o.run_id <> failures.run_id)
  OR EXISTS (SELECT 1 FROM documents d JOIN runs rd ON rd.run_id = d.run_id
             JOIN runs rf ON rf.run_id = failures.run_id
             WHERE d.path = failures.path AND rd.number > rf.number);
CREATE INDEX failures_open ON failures(closed_at, path);
CREATE VIEW current_documents AS SELECT * FROM documents WHERE current;
CREATE VIEW current_records AS
  SELECT r.*, d.path, d.version FROM records r JOIN documents d ON d.id = r.document_id WHERE d.current;
CREATE VIEW open_failures AS SELECT * FROM failures WHERE closed_at IS NULL;
)sql",
    // 5: tasks (issue 13), records of kind 'task' with their fields as
    // columns (partners and quotas as JSON arrays). The deadline, quota and
    // agency records inside a task carry its `task_id` in `fields`.
    R"sql(
CREATE VIEW tasks AS
  SELECT r.id, r.document_id, r.text, r.start, r.end, r.line, r.rule,
         json_extract(r.fields, '$.task_id') AS task_id,
         json_extract(r.fields, '$.section') AS section,
         json_extract(r.fields, '$.lead') AS lead,
         json_extract(r.fields, '$.lead_level') AS lead_level,
         json_extract(r.fields, '$.partners') AS partners,
         json_extract(r.fields, '$.deadline_type') AS deadline_type,
         json_extract(r.fields, '$.deadline_value') AS deadline_value,
         json_extract(r.fields, '$.quotas') AS quotas
  FROM records r WHERE r.kind = 'task';
CREATE VIEW current_tasks AS
  SELECT t.*, d.path, d.version FROM tasks t JOIN documents d ON d.id = t.document_id WHERE d.current;
)sql",
};
constexpr int kMigrationCount = sizeof(kMigrations) / sizeof(kMigrations[0]);
static_assert(kMigrationCount == kSqliteSchemaVersion);

Status Exec(sqlite3* db, const std::string& path, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db);
    sqlite3_free(err);
    return InvalidArgumentError(path + ": " + msg);
  }
  return Status::Ok();
}

StatusOr<int> UserVersion(sqlite3* db, const std::string& path) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr) != SQLITE_OK) {
    std::string msg = sqlite3_errmsg(db);
    return InvalidArgumentError(path + ": not a usable SQLite database: " + msg);
  }
  int version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
  sqlite3_finalize(st);
  if (version < 0) {
    return InvalidArgumentError(path + ": not a usable SQLite database: " +
                                std::string(sqlite3_errmsg(db)));
  }
  return version;
}

Status RefuseNewer(const std::string& path, int version) {
  if (version <= kSqliteSchemaVersion) return Status::Ok();
  return FailedPreconditionError(path + ": database schema version " + std::to_string(version) +
                                 " is newer than this sohoa understands (" +
                                 std::to_string(kSqliteSchemaVersion) + "); upgrade sohoa");
}

// Runs the migrations from the version read inside the write transaction:
// another process may have migrated the database since it was first read.
Status Migrate(sqlite3* db, const std::string& path, int target_version) {
  SOHOA_ASSIGN_OR_RETURN(int version, UserVersion(db, path));
  SOHOA_RETURN_IF_ERROR(RefuseNewer(path, version));
  for (int v = version; v < std::min(target_version, kSqliteSchemaVersion); ++v) {
    std::string sql = std::string(kMigrations[v]) + "PRAGMA user_version=" + std::to_string(v + 1);
    Status s = Exec(db, path, sql);
    if (!s.ok()) return s.WithPrefix("migrating the schema to version " + std::to_string(v + 1));
  }
  return Status::Ok();
}

}  // namespace

Status PrepareSchema(sqlite3* db, const std::string& path, int target_version) {
  SOHOA_ASSIGN_OR_RETURN(int version, UserVersion(db, path));
  SOHOA_RETURN_IF_ERROR(RefuseNewer(path, version));
  SOHOA_RETURN_IF_ERROR(Exec(db, path, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"));
  if (version >= std::min(target_version, kSqliteSchemaVersion)) return Status::Ok();
  SOHOA_RETURN_IF_ERROR(Exec(db, path, "BEGIN IMMEDIATE"));
  Status s = Migrate(db, path, target_version);
  if (!s.ok()) {
    Exec(db, path, "ROLLBACK").ok();
    return s;
  }
  return Exec(db, path, "COMMIT");
}

}  // namespace sohoa
