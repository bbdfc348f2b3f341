// The PostgreSQL factory: one schema per test in the database named by ROI_TEST_POSTGRES_URL.
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <pqxx/pqxx>
#include <string>

#include "contract/store_factories.h"
#include "storage/postgres/postgres_store.h"

namespace roi::contract {
namespace {

// Adds connection parameters to a URI ("postgresql://...") or a keyword/value string.
std::string WithParameters(const std::string& base, const std::string& schema) {
  if (base.rfind("postgres", 0) == 0) {
    char separator = base.find('?') == std::string::npos ? '?' : '&';
    return base + separator + "options=-csearch_path%3D" + schema + "&application_name=" + schema;
  }
  return base + " options='-csearch_path=" + schema + "' application_name=" + schema;
}

}  // namespace

PostgresFactory::PostgresFactory() {
  const char* url = std::getenv("ROI_TEST_POSTGRES_URL");
  if (url == nullptr || *url == '\0') {
    skip_reason_ = "ROI_TEST_POSTGRES_URL is not set (run through scripts/with-postgres.sh)";
    return;
  }
  static std::atomic<int> counter = 0;
  base_url_ = url;
  schema_ = "roi_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
  store_url_ = WithParameters(base_url_, schema_);
  if (Status created = Execute("CREATE SCHEMA " + schema_); !created) {
    ADD_FAILURE() << "cannot create test schema: " << created.error().ToString();
    schema_.clear();
  }
}

PostgresFactory::~PostgresFactory() {
  if (schema_.empty()) return;
  if (Status dropped = Execute("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE"); !dropped) {
    ADD_FAILURE() << "cannot drop test schema: " << dropped.error().ToString();
  }
}

Result<std::unique_ptr<Store>> PostgresFactory::Open() { return OpenWithPoolSize(4); }

Result<std::unique_ptr<Store>> PostgresFactory::OpenWithPoolSize(int pool_size) {
  if (schema_.empty()) return InternalError("no test schema");
  return postgres::OpenStore({.url = store_url_, .pool_size = pool_size});
}

Status PostgresFactory::SetSchemaVersion(int version) {
  return Execute("INSERT INTO " + schema_ + ".schema_migrations (version) VALUES (" +
                 std::to_string(version) + ")");
}

Status PostgresFactory::TerminateConnections() {
  return Execute(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" +
      schema_ + "'");
}

Status PostgresFactory::TamperAudit(const AuditTamper& tamper) {
  return Execute("SET search_path TO " + schema_ + "; " + AuditTamperSql(tamper));
}

Status PostgresFactory::Execute(const std::string& sql) {
  try {
    pqxx::connection connection(base_url_);
    pqxx::nontransaction transaction(connection);
    transaction.exec(sql);
    return OkStatus();
  } catch (const std::exception& error) {
    return InternalError(error.what());
  }
}

}  // namespace roi::contract
