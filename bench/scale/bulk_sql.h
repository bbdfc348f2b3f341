// BulkSql: a raw connection to the database under benchmark, used only by the scale data generator
// to load millions of rows in one transaction (INSERT ... SELECT over a generated series) and to
// read a few catalog rows.  The benchmark's measured queries never go through it: they run through
// the storage adapters' repositories (app/store.h).  sqlite3.h and pqxx stay in the .cc files.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"

namespace roi::bench {

enum class Dialect { kSqlite, kPostgres };

// Interface.  Not thread-safe.
class BulkSql {
 public:
  virtual ~BulkSql() = default;
  virtual Dialect Kind() const = 0;
  // Runs one or more statements separated by ';'.  Returns Internal with the driver's message.
  virtual Status Exec(const std::string& sql) = 0;
  // The rows of one query, every column as text (NULL as "").
  virtual Result<std::vector<std::vector<std::string>>> Rows(const std::string& sql) = 0;
  // The first column of the first row as an integer (0 when there is no row or it is NULL).
  Result<std::int64_t> Int(const std::string& sql);
};

// A connection to the SQLite file at `path` (which the Store has created and migrated), tuned
// for a bulk load: synchronous=OFF and a 1 GiB page cache on this connection only.
Result<std::unique_ptr<BulkSql>> OpenSqliteBulk(const std::string& path);

// A connection to the PostgreSQL database at `url` (libpq URI or keyword string).
Result<std::unique_ptr<BulkSql>> OpenPostgresBulk(const std::string& url);

}  // namespace roi::bench
