// BulkSql on libpqxx: one connection in autocommit mode; the generator sends BEGIN/COMMIT.
#include <pqxx/pqxx>

#include "bulk_sql.h"

namespace roi::bench {
namespace {

class PostgresBulk final : public BulkSql {
 public:
  explicit PostgresBulk(std::unique_ptr<pqxx::connection> connection)
      : connection_(std::move(connection)), work_(*connection_) {}

  Dialect Kind() const override { return Dialect::kPostgres; }

  Status Exec(const std::string& sql) override {
    try {
      work_.exec(sql);
      return OkStatus();
    } catch (const std::exception& error) {
      return InternalError(std::string("postgres: ") + error.what());
    }
  }

  Result<std::vector<std::vector<std::string>>> Rows(const std::string& sql) override {
    try {
      pqxx::result result = work_.exec(sql);
      std::vector<std::vector<std::string>> out;
      for (const pqxx::row& row : result) {
        std::vector<std::string>& values = out.emplace_back();
        for (const pqxx::field& field : row) {
          values.emplace_back(field.is_null() ? "" : field.c_str());
        }
      }
      return out;
    } catch (const std::exception& error) {
      return InternalError(std::string("postgres: ") + error.what());
    }
  }

 private:
  std::unique_ptr<pqxx::connection> connection_;
  pqxx::nontransaction work_;
};

}  // namespace

Result<std::unique_ptr<BulkSql>> OpenPostgresBulk(const std::string& url) {
  try {
    auto connection = std::make_unique<pqxx::connection>(url);
    return std::unique_ptr<BulkSql>(std::make_unique<PostgresBulk>(std::move(connection)));
  } catch (const std::exception& error) {
    return UnavailableError(std::string("cannot connect to PostgreSQL: ") + error.what());
  }
}

}  // namespace roi::bench
