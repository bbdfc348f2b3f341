// Internal to roi_storage_sqlite: RAII wrappers over the sqlite3 C API (one connection with its
// cache of prepared statements, and the statements themselves) and the mapping of SQLite result
// codes to Error.  Never included outside src/storage/sqlite, so sqlite3.h does not leak upward.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>

#include "base/result.h"

namespace roi::sqlite {

// Binary data, bound as a BLOB (a plain string_view is bound as TEXT).
struct SqlBlob {
  std::string_view bytes;
};

// One statement parameter.  Text and blobs are copied by SQLite when bound, so a view may be
// temporary.
using SqlParam = std::variant<std::nullptr_t, std::int64_t, std::string_view, SqlBlob>;

// Maps an SQLite result code to an Error.  The message names `operation` and SQLite's generic
// description of the code, never values (which may be PHI).  Unique and primary-key violations
// map to AlreadyExists, BUSY/LOCKED to Aborted, I/O and open failures to Unavailable, anything
// else to Internal.
Error SqliteError(int code, std::string_view operation);

// A prepared statement borrowed from a Connection's cache, with its parameters bound.  Resets the
// statement on destruction so the cache can reuse it.  Movable, not copyable; not thread-safe.
class Statement {
 public:
  Statement(sqlite3_stmt* stmt, std::string_view operation) : stmt_(stmt), operation_(operation) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Advances to the next row: true when a row is ready, false when the statement is done.
  // Returns SqliteError(...) when SQLite reports an error.
  Result<bool> Step();
  // Steps a statement that returns no rows to completion.
  Status Run();

  // Column accessors; REQUIRES: the last Step() returned true.
  std::int64_t Int64(int column) const;
  std::string Text(int column) const;
  // A BLOB (or TEXT) column's bytes.
  std::string Bytes(int column) const;
  bool IsNull(int column) const;

 private:
  sqlite3_stmt* stmt_;
  std::string_view operation_;
};

// One open database handle.  Not thread-safe: used by one thread at a time (the pool hands it out).
class Connection {
 public:
  // Opens (creating if missing) the database at `path` and sets WAL, foreign_keys=ON,
  // synchronous=NORMAL (FULL when `full_sync`) and the busy timeout.  Returns Unavailable, naming
  // the path, if the file cannot be opened or configured.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, int busy_timeout_ms,
                                                  bool full_sync = false);

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs one or more statements without parameters (DDL, BEGIN, COMMIT).
  Status Exec(std::string_view sql, std::string_view operation);
  // Returns the cached prepared statement for `sql` with `params` bound to ?1, ?2, ...
  // `operation` must outlive the returned Statement (a string literal in practice).
  Result<Statement> Query(std::string_view sql, std::initializer_list<SqlParam> params,
                          std::string_view operation);

  std::int64_t LastInsertId() const;
  // Rows changed by the most recent INSERT/UPDATE/DELETE.
  int Changes() const;
  // True while a transaction is open on this connection.
  bool InTransaction() const;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  Result<sqlite3_stmt*> Prepared(std::string_view sql, std::string_view operation);

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace roi::sqlite
