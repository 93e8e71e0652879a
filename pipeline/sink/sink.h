// Sinks: where processed documents, their records and failures are stored.
//
// A run is BeginRun, then any number of WriteDocument / WriteFailure calls,
// then EndRun. Each WriteDocument is atomic: after a crash a document is
// either stored whole or not at all, and what earlier calls stored is intact.
// Sinks are not thread-safe: the driver calls them from one thread.
#ifndef SOHOA_PIPELINE_SINK_SINK_H_
#define SOHOA_PIPELINE_SINK_SINK_H_

#include <memory>
#include <string>
#include <vector>

#include "pipeline/base/status.h"
#include "pipeline/document/document.h"

namespace sohoa {

struct RunSummary {
  int documents_ok = 0;
  int documents_failed = 0;
  int documents_skipped = 0;  // already stored with the same versions
  int pages = 0;
  double seconds = 0;
  // How the run ended: "finished" (every input was tried), "interrupted"
  // (SIGINT/SIGTERM), "stopped" (too many failures: --max-failures).
  std::string status = "finished";
  int documents_left = 0;  // inputs not tried because the run stopped early
};

class Sink {
 public:
  virtual ~Sink() = default;
  virtual Status BeginRun(const RunInfo& run) = 0;
  // Stores the document, its pages (raw, normalized and final text, words),
  // its signatures and its records, replacing what an earlier run stored for
  // the same id. The document becomes the current version of its path (a
  // path whose bytes changed gets a new version; older ones stay until
  // pruned), and the earlier runs' failures at its path are closed.
  virtual Status WriteDocument(const Document& document) = 0;
  // Records a failure; it closes the earlier runs' failures at its path.
  virtual Status WriteFailure(const Failure& failure) = 0;
  // The file at `path` is the stored document `id` (HasDocument said so):
  // that document is its path's current version again, and the earlier
  // failures at the path that belong to other bytes are closed.
  virtual Status NoteSkipped(const std::string& /*path*/, const std::string& /*id*/) {
    return Status::Ok();
  }
  virtual Status EndRun(const RunSummary& summary) = 0;
  // True when a document with this id was stored by a run whose versions
  // fingerprint equals `versions` (lets nightly runs skip finished work).
  // Sinks that cannot answer return false.
  virtual bool HasDocument(const std::string& id, const std::string& versions) = 0;
  // Where the output is, for messages ("out/sohoa.db").
  virtual std::string Location() const = 0;
};

// The current SQLite schema version; older databases are migrated forward on
// open, newer ones are refused.
inline constexpr int kSqliteSchemaVersion = 5;

// Opens (creating if needed) a SQLite database in WAL mode.
StatusOr<std::unique_ptr<Sink>> OpenSqliteSink(const std::string& path);

// The failures not closed by a later attempt at their path, in the SQLite
// database at `path` (migrated forward; never created), ordered by path
// and page; with `roots` (files or folders), only those under one of them.
StatusOr<std::vector<Failure>> ReadOpenFailures(const std::string& path,
                                                const std::vector<std::string>& roots = {});

// Closes the open failures, in the SQLite database at `path`, of files that
// no longer exist and lie under one of `roots` (files or folders), except
// those `run_id` recorded: a run over a folder from which a broken file was
// deleted or renamed leaves no failure open for it. Returns how many.
StatusOr<int> CloseFailuresOfGoneFiles(const std::string& path,
                                       const std::vector<std::string>& roots,
                                       const std::string& run_id);

// What `sohoa prune` removed.
struct PruneCounts {
  int documents = 0;  // older versions of a path, with their pages, words, records, signatures
  int failures = 0;   // closed failures
};
// Deletes the documents that are no longer their path's current version,
// and closed failures, from the SQLite database at `path`.
StatusOr<PruneCounts> PruneDatabase(const std::string& path);

// Appends JSON Lines to `path` ("-" for stdout): one "run" line, one
// "document" line per document, one "signature" line per signature of a
// signed PDF, one "record" line per record, one "failure" line per failure
// and a closing "run_end" line. Each line is flushed whole.
StatusOr<std::unique_ptr<Sink>> OpenJsonlSink(const std::string& path);

// A record as one JSON object: {"type":"record","document_id":...} (left
// out when `document_id` is empty), "kind", "text", "start", "end", "line",
// "rule", and "fields", an object of the record's own fields.
std::string RecordJson(const Record& record, const std::string& document_id = "");

// A fingerprint of the versions that produced output ("sohoa=0.1.0;ocr=...").
std::string VersionsFingerprint(const RunInfo& run);

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_SINK_SINK_H_
