#include <sqlite3.h>

#include <string>
#include <vector>

#include "pipeline/base/json.h"
#include "pipeline/sink/sink.h"
#include "pipeline/sink/sqlite_schema.h"
#include "pipeline/sink/sqlite_statement.h"

namespace sohoa {
namespace {

class SqliteSink : public Sink {
 public:
  SqliteSink(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteSink() override { sqlite3_close_v2(db_); }

  Status BeginRun(const RunInfo& run) override {
    run_ = run;
    JsonObject versions;
    for (const auto& [name, version] : run.versions) versions.Add(name, version);
    Statement st(db_, "INSERT INTO runs(run_id, started_at, command_line, versions, fingerprint,"
                      " number, status) VALUES(?,?,?,?,?,"
                      " (SELECT coalesce(max(number), 0) + 1 FROM runs), 'running')");
    if (!st.ok()) return Error("prepare run insert");
    st.Bind(1, run.run_id).Bind(2, run.started_at).Bind(3, run.command_line);
    st.Bind(4, versions.Finish()).Bind(5, VersionsFingerprint(run));
    return st.Run() == SQLITE_DONE ? Status::Ok() : Error("record the run");
  }

  Status WriteDocument(const Document& doc) override {
    return InTransaction([&] { return WriteDocumentRows(doc); });
  }

  Status WriteFailure(const Failure& f) override {
    return InTransaction([&]() -> Status {
      SOHOA_RETURN_IF_ERROR(CloseFailures(f.path, nullptr));
      Statement st(db_, "INSERT INTO failures(run_id, path, document_id, stage, page, message)"
                        " VALUES(?,?,?,?,?,?)");
      st.Bind(1, run_.run_id).Bind(2, f.path).Bind(3, f.document_id).Bind(4, f.stage);
      st.Bind(5, int64_t{f.page}).Bind(6, f.message);
      return st.Run() == SQLITE_DONE ? Status::Ok() : Error("record a failure");
    });
  }

  Status NoteSkipped(const std::string& path, const std::string& id) override {
    return InTransaction([&]() -> Status {
      Statement current(db_, "UPDATE documents SET current = (id = ?) WHERE path = ?"
                             " AND EXISTS (SELECT 1 FROM documents WHERE id = ? AND path = ?)");
      current.Bind(1, id).Bind(2, path).Bind(3, id).Bind(4, path);
      if (current.Run() != SQLITE_DONE) return Error("mark the current version");
      return CloseFailures(path, &id);
    });
  }

  Status EndRun(const RunSummary& s) override {
    Statement st(db_, "UPDATE runs SET finished_at = strftime('%Y-%m-%dT%H:%M:%SZ','now'),"
                      " documents_ok = ?, documents_failed = ?, documents_skipped = ?,"
                      " pages = ?, seconds = ?, status = ? WHERE run_id = ?");
    st.Bind(1, int64_t{s.documents_ok}).Bind(2, int64_t{s.documents_failed});
    st.Bind(3, int64_t{s.documents_skipped}).Bind(4, int64_t{s.pages}).Bind(5, s.seconds);
    st.Bind(6, s.status).Bind(7, run_.run_id);
    return st.Run() == SQLITE_DONE ? Status::Ok() : Error("finish the run");
  }

  bool HasDocument(const std::string& id, const std::string& versions) override {
    Statement st(db_, "SELECT 1 FROM documents d JOIN runs r ON r.run_id = d.run_id"
                      " WHERE d.id = ? AND r.fingerprint = ?");
    st.Bind(1, id).Bind(2, versions);
    return st.ok() && st.Next();
  }

  std::string Location() const override { return path_; }

 private:
  Status Exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      return InternalError(path_ + ": " + sql + ": " + msg);
    }
    return Status::Ok();
  }

  template <typename Body>
  Status InTransaction(const Body& body) {
    SOHOA_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
    Status s = body();
    if (!s.ok()) {
      Exec("ROLLBACK").ok();
      return s;
    }
    return Exec("COMMIT");
  }

  // Closes the open failures at `path` from earlier runs; with `keep_id`,
  // not those of that document (its failed pages are still failed).
  Status CloseFailures(const std::string& path, const std::string* keep_id) {
    Statement st(db_, "UPDATE failures SET closed_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')"
                      " WHERE path = ? AND closed_at IS NULL AND run_id <> ?"
                      " AND (? IS NULL OR document_id IS NULL OR document_id <> ?)");
    st.Bind(1, path).Bind(2, run_.run_id);
    if (keep_id) st.Bind(3, *keep_id).Bind(4, *keep_id); else st.BindNull(3).BindNull(4);
    return st.Run() == SQLITE_DONE ? Status::Ok() : Error("close earlier failures");
  }

  // The version `doc` has at its path: its own when it is stored there
  // already, else one more than the path's latest.
  StatusOr<int64_t> VersionAtPath(const Document& doc) {
    Statement st(db_, "SELECT coalesce((SELECT version FROM documents WHERE id = ? AND path = ?),"
                      " (SELECT max(version) FROM documents WHERE path = ?) + 1, 1)");
    st.Bind(1, doc.id).Bind(2, doc.path).Bind(3, doc.path);
    if (!st.ok() || !st.Next()) return Error("number the document's version");
    return st.Int(0);
  }

  Status Error(const std::string& what) {
    return InternalError(path_ + ": cannot " + what + ": " + sqlite3_errmsg(db_));
  }

  Status WriteDocumentRows(const Document& doc) {
    for (const char* table : {"pages", "words", "records", "signatures"}) {
      Statement del(db_, (std::string("DELETE FROM ") + table + " WHERE document_id = ?").c_str());
      del.Bind(1, doc.id);
      if (del.Run() != SQLITE_DONE) return Error("replace the document's old rows");
    }
    SOHOA_ASSIGN_OR_RETURN(int64_t version, VersionAtPath(doc));
    Statement old(db_, "UPDATE documents SET current = 0 WHERE path = ? AND id <> ?");
    old.Bind(1, doc.path).Bind(2, doc.id);
    if (old.Run() != SQLITE_DONE) return Error("retire the path's older version");
    SOHOA_RETURN_IF_ERROR(CloseFailures(doc.path, nullptr));
    Statement st(db_, "INSERT OR REPLACE INTO documents(id, path, format, size_bytes, page_count,"
                      " run_id, processed_at, signed_by, signed_at, version, current)"
                      " VALUES(?,?,?,?,?,?, strftime('%Y-%m-%dT%H:%M:%SZ','now'),?,?,?,1)");
    st.Bind(1, doc.id).Bind(2, doc.path).Bind(3, std::string(InputFormatName(doc.format)));
    st.Bind(4, static_cast<int64_t>(doc.size_bytes));
    st.Bind(5, static_cast<int64_t>(doc.pages.size())).Bind(6, run_.run_id);
    BindTextOrNull(&st, 7, doc.signed_by);
    BindTextOrNull(&st, 8, doc.signed_at);
    st.Bind(9, version);
    if (st.Run() != SQLITE_DONE) return Error("store the document");
    SOHOA_RETURN_IF_ERROR(WritePages(doc));
    SOHOA_RETURN_IF_ERROR(WriteSignatures(doc));
    return WriteRecords(doc);
  }

  static void BindTextOrNull(Statement* st, int i, const std::string& v) {
    if (v.empty()) st->BindNull(i); else st->Bind(i, v);
  }

  Status WriteSignatures(const Document& doc) {
    Statement st(db_, "INSERT INTO signatures(document_id, signature_index, field_name, signer,"
                      " signer_dn, issuer_dn, signed_at, hash_algorithm, sub_filter, byte_ranges,"
                      " covers_whole_file, valid, status, problem, chain_status, chain_detail,"
                      " certificate_not_before, certificate_not_after)"
                      " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    for (size_t i = 0; i < doc.signatures.size(); ++i) {
      const Signature& s = doc.signatures[i];
      st.Bind(1, doc.id).Bind(2, static_cast<int64_t>(i));
      const std::string* texts[] = {&s.field_name, &s.signer,         &s.signer_dn,
                                    &s.issuer_dn,  &s.signed_at,      &s.hash_algorithm,
                                    &s.sub_filter};
      for (int k = 0; k < 7; ++k) BindTextOrNull(&st, 3 + k, *texts[k]);
      st.Bind(10, s.ByteRangesJson()).Bind(11, int64_t{s.covers_whole_file}).Bind(12, int64_t{s.valid()});
      st.Bind(13, std::string(SignatureStatusName(s.status)));
      BindTextOrNull(&st, 14, s.problem);
      st.Bind(15, std::string(ChainStatusName(s.chain)));
      BindTextOrNull(&st, 16, s.chain_detail);
      BindTextOrNull(&st, 17, s.certificate_not_before);
      BindTextOrNull(&st, 18, s.certificate_not_after);
      if (st.Run() != SQLITE_DONE) return Error("store a signature");
    }
    return Status::Ok();
  }

  Status WritePages(const Document& doc) {
    Statement page(db_, "INSERT INTO pages(document_id, page_index, source, raw_text,"
                        " normalized_text, text, mean_confidence, notes) VALUES(?,?,?,?,?,?,?,?)");
    Statement word(db_, "INSERT INTO words(document_id, page_index, word_index, text, x, y,"
                        " width, height, confidence) VALUES(?,?,?,?,?,?,?,?,?)");
    for (const Page& p : doc.pages) {
      page.Bind(1, doc.id).Bind(2, int64_t{p.index});
      page.Bind(3, std::string(TextSourceName(p.source))).Bind(4, p.raw_text);
      page.Bind(5, p.normalized_text).Bind(6, p.text);
      if (p.mean_confidence >= 0) page.Bind(7, double{p.mean_confidence}); else page.BindNull(7);
      std::string notes;
      for (const auto& n : p.notes) notes += (notes.empty() ? "" : "; ") + n;
      page.Bind(8, notes);
      if (page.Run() != SQLITE_DONE) return Error("store a page");
      for (size_t i = 0; i < p.words.size(); ++i) {
        const Word& w = p.words[i];
        word.Bind(1, doc.id).Bind(2, int64_t{p.index}).Bind(3, static_cast<int64_t>(i));
        word.Bind(4, w.text).Bind(5, int64_t{w.box.left}).Bind(6, int64_t{w.box.top});
        word.Bind(7, int64_t{w.box.width}).Bind(8, int64_t{w.box.height});
        word.Bind(9, double{w.confidence});
        if (word.Run() != SQLITE_DONE) return Error("store a word");
      }
    }
    return Status::Ok();
  }

  Status WriteRecords(const Document& doc) {
    Statement st(db_, "INSERT INTO records(document_id, kind, text, start, end, line, rule,"
                      " doc_type, ref, name, role, value, date, fields)"
                      " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    for (const Record& r : doc.records) {
      st.Bind(1, doc.id).Bind(2, r.kind).Bind(3, r.text);
      st.Bind(4, static_cast<int64_t>(r.start)).Bind(5, static_cast<int64_t>(r.end));
      st.Bind(6, int64_t{r.line}).Bind(7, r.rule).Bind(8, r.FieldText("doc_type"));
      st.Bind(9, r.FieldText("ref")).Bind(10, r.FieldText("name"));
      st.Bind(11, r.FieldText("role")).Bind(12, r.FieldText("value"));
      st.Bind(13, r.FieldText("date")).Bind(14, r.FieldsJson());
      if (st.Run() != SQLITE_DONE) return Error("store a record");
    }
    return Status::Ok();
  }

  sqlite3* db_;
  std::string path_;
  RunInfo run_;
};

}  // namespace

StatusOr<std::unique_ptr<Sink>> OpenSqliteSink(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return InvalidArgumentError(path + ": cannot open database: " + msg);
  }
  sqlite3_busy_timeout(db, 10000);
  Status s = PrepareSchema(db, path);
  if (!s.ok()) {
    sqlite3_close_v2(db);
    return s;
  }
  return std::unique_ptr<Sink>(new SqliteSink(db, path));
}

}  // namespace sohoa
