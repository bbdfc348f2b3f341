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

Status InMemoryFactory::TamperAudit(const AuditTamper& tamper) {
  store_.MutateForTest([&](testing::InMemoryData& data) {
    std::int64_t org = tamper.organization.value;
    auto& events = data.audit_events;
    switch (tamper.kind) {
      case AuditTamper::Kind::kSetDetail:
        events[{org, tamper.sequence}].detail = tamper.text;
        break;
      case AuditTamper::Kind::kSetHash:
        events[{org, tamper.sequence}].hash = tamper.text;
        break;
      case AuditTamper::Kind::kDelete:
        events.erase({org, tamper.sequence});
        break;
      case AuditTamper::Kind::kSwapWithNext: {
        AuditEvent first = events[{org, tamper.sequence}];
        AuditEvent second = events[{org, tamper.sequence + 1}];
        std::swap(first.sequence, second.sequence);
        events[{org, first.sequence}] = first;
        events[{org, second.sequence}] = second;
        break;
      }
      case AuditTamper::Kind::kDeleteFrom:
        events.erase(events.lower_bound({org, tamper.sequence}),
                     events.upper_bound({org, INT64_MAX}));
        break;
      case AuditTamper::Kind::kSetHead:
        data.audit_heads[tamper.organization] =
            AuditChainHead{.sequence = tamper.sequence, .hash = tamper.text};
        break;
    }
  });
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

Status SqliteFactory::TamperAudit(const AuditTamper& tamper) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open(path_.c_str(), &db);
  if (rc == SQLITE_OK) {
    rc = sqlite3_exec(db, AuditTamperSql(tamper).c_str(), nullptr, nullptr, nullptr);
  }
  sqlite3_close(db);
  if (rc != SQLITE_OK) return InternalError(std::string("sqlite: ") + sqlite3_errstr(rc));
  return OkStatus();
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
