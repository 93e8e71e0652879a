// The SQLite schema and its forward migrations (internal to the sink stage).
#ifndef SOHOA_PIPELINE_SINK_SQLITE_SCHEMA_H_
#define SOHOA_PIPELINE_SINK_SQLITE_SCHEMA_H_

#include <string>

#include "pipeline/base/status.h"
#include "pipeline/sink/sink.h"

struct sqlite3;

namespace sohoa {

// Turns on WAL, then creates the schema in an empty database or migrates an
// older one to kSqliteSchemaVersion (PRAGMA user_version). Refuses a database
// written by a newer sohoa, and a file that is not a SQLite database.
// `target_version` below kSqliteSchemaVersion stops there (tests make old
// databases with it).
Status PrepareSchema(sqlite3* db, const std::string& path, int target_version = kSqliteSchemaVersion);

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_SINK_SQLITE_SCHEMA_H_
