#include "storage/sqlite/connection.h"

#include <string>
#include <utility>

namespace roi::sqlite {
namespace {

std::string Describe(int code, std::string_view operation) {
  std::string message(operation);
  message += ": ";
  message += sqlite3_errstr(code);
  return message;
}

struct ParamBinder {
  sqlite3_stmt* stmt;
  int index;
  int operator()(std::nullptr_t) const { return sqlite3_bind_null(stmt, index); }
  int operator()(std::int64_t value) const { return sqlite3_bind_int64(stmt, index, value); }
  int operator()(std::string_view value) const {
    return sqlite3_bind_text(stmt, index, value.data(), static_cast<int>(value.size()),
                             SQLITE_TRANSIENT);
  }
  int operator()(SqlBlob value) const {
    // A zero-length blob must still be a BLOB, not NULL: SQLite binds NULL for a null pointer.
    static constexpr char kEmpty = 0;
    const char* data = value.bytes.empty() ? &kEmpty : value.bytes.data();
    return sqlite3_bind_blob(stmt, index, data, static_cast<int>(value.bytes.size()),
                             SQLITE_TRANSIENT);
  }
};

}  // namespace

Error SqliteError(int code, std::string_view operation) {
  switch (code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return AlreadyExistsError(Describe(code, operation));
    default:
      break;
  }
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return AbortedError(Describe(code, operation));
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_NOTADB:
    case SQLITE_PERM:
      return UnavailableError(Describe(code, operation));
    default:
      return InternalError(Describe(code, operation));
  }
}

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)), operation_(other.operation_) {}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(rc, operation_);
}

Status Statement::Run() {
  for (;;) {
    Result<bool> row = Step();
    if (!row) return row.error();
    if (!*row) return OkStatus();
  }
}

std::int64_t Statement::Int64(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  int size = sqlite3_column_bytes(stmt_, column);
  return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(size)};
}

std::string Statement::Bytes(int column) const {
  const void* data = sqlite3_column_blob(stmt_, column);
  if (data == nullptr) return {};
  int size = sqlite3_column_bytes(stmt_, column);
  return {static_cast<const char*>(data), static_cast<std::size_t>(size)};
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, int busy_timeout_ms,
                                                     bool full_sync) {
  sqlite3* db = nullptr;
  int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  std::unique_ptr<Connection> connection(new Connection(db));
  if (rc != SQLITE_OK) {
    return UnavailableError("cannot open SQLite database " + path + ": " + sqlite3_errstr(rc));
  }
  sqlite3_busy_timeout(db, busy_timeout_ms);
  Status configured = connection->Exec(
      full_sync ? "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;"
                : "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;",
      "configure connection");
  if (!configured) {
    return UnavailableError("cannot use SQLite database " + path + ": " +
                            configured.error().message);
  }
  return connection;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Status Connection::Exec(std::string_view sql, std::string_view operation) {
  std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteError(sqlite3_extended_errcode(db_), operation);
  return OkStatus();
}

Result<sqlite3_stmt*> Connection::Prepared(std::string_view sql, std::string_view operation) {
  std::string key(sql);
  auto found = cache_.find(key);
  if (found != cache_.end()) return found->second;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return SqliteError(rc, operation);
  }
  cache_.emplace(std::move(key), stmt);
  return stmt;
}

Result<Statement> Connection::Query(std::string_view sql, std::initializer_list<SqlParam> params,
                                    std::string_view operation) {
  Result<sqlite3_stmt*> stmt = Prepared(sql, operation);
  if (!stmt) return stmt.error();
  Statement statement(*stmt, operation);
  int index = 1;
  for (const SqlParam& param : params) {
    int rc = std::visit(ParamBinder{*stmt, index}, param);
    if (rc != SQLITE_OK) return SqliteError(rc, operation);
    ++index;
  }
  return statement;
}

std::int64_t Connection::LastInsertId() const { return sqlite3_last_insert_rowid(db_); }

int Connection::Changes() const { return sqlite3_changes(db_); }

bool Connection::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

}  // namespace roi::sqlite
