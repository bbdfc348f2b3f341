// Internal to roi_storage_sqlite: the schema, as numbered migrations embedded in the program, and
// the code that applies them.  Adding a table means appending migration N+1 to the list in
// migrations.cc; applied migrations are never edited.
#pragma once

#include <span>
#include <string_view>

#include "app/store.h"
#include "base/result.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/connection_pool.h"

namespace roi::sqlite {

// Value type.  `version` runs 1, 2, 3, ... without gaps.
struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

// Every migration this program knows, in order.
std::span<const Migration> Migrations();
// The highest version in Migrations().
int LatestSchemaVersion();

// The highest migration applied in the database `connection` is open on (0 if none).
Result<int> ReadSchemaVersion(Connection& connection);

// Applies the pending migrations, each in its own BEGIN IMMEDIATE transaction, re-reading the
// version inside each transaction so concurrent callers (threads or processes) apply each
// migration once.  Returns FailedPrecondition if the database is newer than this program.
Result<MigrationReport> RunMigrations(ConnectionPool& pool);

}  // namespace roi::sqlite
