// The in-memory and SQLite factories (the PostgreSQL one is in postgres_factory.cc, so that only
// the PostgreSQL test binary links libpqxx).
#include "contract/store_factories.h"

#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string>

#include "storage/sqlite/sqlite_store.h"

namespace roi::contract {
namespace {

// Forwards to a Store owned elsewhere, so several "connections" can share one InMemoryStore.
class StoreView final : public Store {
 public:
  explicit StoreView(Store& store) : store_(store) {}
  std::string_view Kind() const override { return store_.Kind(); }
  Status Ping() override { return store_.Ping(); }
  Result<int> SchemaVersion() override { return store_.SchemaVersion(); }
  Result<MigrationReport> Migrate() override { return store_.Migrate(); }
  Status InTransaction(OrganizationId organization, TxMode mode,
                       const std::function<Status(Transaction&)>& work) override {
    return store_.InTransaction(organization, mode, work);
  }
  Status InSystemTransaction(TxMode mode,
                             const std::function<Status(SystemTransaction&)>& work) override {
    return store_.InSystemTransaction(mode, work);
  }

 private:
  Store& store_;
};

std::filesystem::path MakeTempDirectory() {
  std::string pattern = (std::filesystem::path(::testing::TempDir()) / "roi-contract-XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) return {};
  return pattern;
}

}  // namespace

Result<std::unique_ptr<Store>> InMemoryFactory::Open() {
  return std::unique_ptr<Store>(std::make_unique<StoreView>(store_));
}

Status InMemoryFactory::SetSchemaVersion(int version) {
  store_.SetSchemaVersionForTest(version);
  return OkStatus();
}

SqliteFactory::SqliteFactory()
    : directory_(MakeTempDirectory()), path_(directory_ / "openroi.db") {}

SqliteFactory::~SqliteFactory() {
  std::error_code ignored;
  if (!directory_.empty()) std::filesystem::remove_all(directory_, ignored);
}

Result<std::unique_ptr<Store>> SqliteFactory::Open() {
  if (directory_.empty()) return InternalError("cannot create a temporary directory");
  return sqlite::OpenStore({.path = path_.string()});
}

Status SqliteFactory::SetSchemaVersion(int version) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open(path_.c_str(), &db);
  if (rc == SQLITE_OK) {
    std::string sql = "INSERT INTO schema_migrations (version, applied_at) VALUES (" +
                      std::to_string(version) + ", 'test')";
    rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  }
  sqlite3_close(db);
  if (rc != SQLITE_OK) return InternalError(std::string("sqlite: ") + sqlite3_errstr(rc));
  return OkStatus();
}

}  // namespace roi::contract
