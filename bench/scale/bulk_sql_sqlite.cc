// BulkSql on sqlite3.
#include <sqlite3.h>

#include <charconv>

#include "bulk_sql.h"

namespace roi::bench {

Result<std::int64_t> BulkSql::Int(const std::string& sql) {
  Result<std::vector<std::vector<std::string>>> rows = Rows(sql);
  if (!rows) return rows.error();
  if (rows->empty() || rows->front().empty() || rows->front().front().empty()) return 0;
  const std::string& text = rows->front().front();
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return InternalError("not an integer: " + text);
  }
  return value;
}

namespace {

class SqliteBulk final : public BulkSql {
 public:
  explicit SqliteBulk(sqlite3* db) : db_(db) {}
  ~SqliteBulk() override { sqlite3_close(db_); }
  SqliteBulk(const SqliteBulk&) = delete;
  SqliteBulk& operator=(const SqliteBulk&) = delete;

  Dialect Kind() const override { return Dialect::kSqlite; }

  Status Exec(const std::string& sql) override {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message != nullptr ? message : sqlite3_errmsg(db_);
      sqlite3_free(message);
      return InternalError("sqlite: " + text);
    }
    return OkStatus();
  }

  Result<std::vector<std::vector<std::string>>> Rows(const std::string& sql) override {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
      return InternalError(std::string("sqlite: ") + sqlite3_errmsg(db_));
    }
    std::vector<std::vector<std::string>> out;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
      std::vector<std::string>& row = out.emplace_back();
      for (int column = 0; column < sqlite3_column_count(statement); ++column) {
        const unsigned char* text = sqlite3_column_text(statement, column);
        row.emplace_back(text != nullptr ? reinterpret_cast<const char*>(text) : "");
      }
    }
    sqlite3_finalize(statement);
    if (rc != SQLITE_DONE) return InternalError(std::string("sqlite: ") + sqlite3_errmsg(db_));
    return out;
  }

 private:
  sqlite3* db_;
};

}  // namespace

Result<std::unique_ptr<BulkSql>> OpenSqliteBulk(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return UnavailableError("cannot open " + path + ": " + message);
  }
  auto bulk = std::make_unique<SqliteBulk>(db);
  Status tuned = bulk->Exec(
      "PRAGMA busy_timeout = 10000; PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576;"
      " PRAGMA temp_store = MEMORY");
  if (!tuned) return tuned.error();
  return std::unique_ptr<BulkSql>(std::move(bulk));
}

}  // namespace roi::bench
