// Internal to roi_storage_postgres: the schema, as numbered migrations embedded in the program,
// and the code that applies them.  Adding a table means appending migration N+1 to the list in
// migrations.cc; applied migrations are never edited.
#pragma once

#include <pqxx/pqxx>
#include <span>
#include <string_view>

#include "app/store.h"
#include "base/result.h"
#include "storage/postgres/connection_pool.h"

namespace roi::postgres {

// Value type.  `version` runs 1, 2, 3, ... without gaps.
struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

std::span<const Migration> Migrations();
int LatestSchemaVersion();

// The highest migration applied (0 if none) as seen by `transaction`.  Throws pqxx exceptions:
// call inside Guarded().
int ReadSchemaVersion(pqxx::transaction_base& transaction);

// Applies the pending migrations, one per transaction, each under a transaction-scoped advisory
// lock so that concurrent callers (threads or processes) apply each migration exactly once.
// Returns FailedPrecondition if the database is newer than this program.
Result<MigrationReport> RunMigrations(ConnectionPool& pool);

}  // namespace roi::postgres
