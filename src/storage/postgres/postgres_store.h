// The PostgreSQL adapter of the storage port (app/store.h), for several stateless servers sharing
// one database.  The schema keeps every table keyed by (organization_id, id) so that it can be
// sharded by organization.  libpqxx and libpq stay private to this adapter.
#pragma once

#include <memory>
#include <string>

#include "app/store.h"
#include "base/result.h"

namespace roi::postgres {

struct PostgresOptions {
  // libpq connection string or URI, e.g. "postgresql://openroi@db.internal:5432/openroi".
  // The schema lives in the first schema of the connection's search_path.
  std::string url;
  // Connections opened at most; each running transaction holds one.
  int pool_size = 4;
};

// Connects to the server (one connection, to check it answers).  Does not migrate: call
// Store::Migrate() before using it (transactions return FailedPrecondition until then).  Returns
// Unavailable if the server cannot be reached (the message never repeats the URL, which may hold
// a password) and InvalidArgument for an empty URL.  The returned Store is thread-safe; a
// connection that breaks is replaced on its next use.
Result<std::unique_ptr<Store>> OpenStore(const PostgresOptions& options);

}  // namespace roi::postgres
