// The SQLite adapter of the storage port (app/store.h): one database file in WAL mode, shared by a
// small pool of connections.  The embedded default: no server to set up.  sqlite3.h stays private
// to this adapter.
#pragma once

#include <memory>
#include <string>

#include "app/store.h"
#include "base/result.h"

namespace roi::sqlite {

struct SqliteOptions {
  // Database file; created if missing.  ":memory:" gives a private in-memory database (one
  // connection, so pool_size is ignored).
  std::string path;
  // Connections opened at most; each running transaction holds one.
  int pool_size = 4;
  // How long a writer waits for another writer's lock before the call returns Aborted.
  int busy_timeout_ms = 5000;
  // synchronous=FULL: every commit syncs the WAL to disk, so it survives power loss.  The default
  // (NORMAL) survives a crash of the process but may lose the last commits on an OS crash.
  bool full_sync = false;
};

// Opens the database at `options.path`, creating the file if missing.  Does not migrate: call
// Store::Migrate() before using it (transactions return FailedPrecondition until then).  Returns
// Unavailable, naming the path, if the file cannot be opened or is not an SQLite database, and
// InvalidArgument for an empty path.  The returned Store is thread-safe; write transactions
// serialize (BEGIN IMMEDIATE), read transactions run concurrently on snapshots.
Result<std::unique_ptr<Store>> OpenStore(const SqliteOptions& options);

}  // namespace roi::sqlite
