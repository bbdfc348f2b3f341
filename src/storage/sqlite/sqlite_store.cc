#include "storage/sqlite/sqlite_store.h"

#include <atomic>
#include <functional>
#include <string>
#include <utility>

#include "storage/sqlite/connection.h"
#include "storage/sqlite/connection_pool.h"
#include "storage/sqlite/migrations.h"
#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

// Thread-safe: every call leases its own connection from the pool.
class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::unique_ptr<ConnectionPool> pool) : pool_(std::move(pool)) {}

  std::string_view Kind() const override { return "sqlite"; }

  Status Ping() override {
    Result<ConnectionPool::Lease> lease = pool_->Acquire();
    if (!lease) return lease.error();
    Result<Statement> query = (*lease)->Query("SELECT 1", {}, "ping");
    if (!query) return UnavailableError(query.error().message);
    Result<bool> row = query->Step();
    if (!row) return UnavailableError(row.error().message);
    return OkStatus();
  }

  Result<int> SchemaVersion() override {
    Result<ConnectionPool::Lease> lease = pool_->Acquire();
    if (!lease) return lease.error();
    return ReadSchemaVersion(**lease);
  }

  Result<MigrationReport> Migrate() override {
    Result<MigrationReport> report = RunMigrations(*pool_);
    if (report) schema_ready_.store(true);
    return report;
  }

  Status InTransaction(OrganizationId organization, TxMode mode,
                       const std::function<Status(Transaction&)>& work) override {
    return Run(mode, [&](Connection& connection) -> Status {
      if (Status exists = RequireOrganization(connection, organization); !exists) return exists;
      SqliteTransaction transaction(connection, organization, mode);
      return work(transaction);
    });
  }

  Status InSystemTransaction(TxMode mode,
                             const std::function<Status(SystemTransaction&)>& work) override {
    return Run(mode, [&](Connection& connection) -> Status {
      SqliteSystemTransaction transaction(connection, mode);
      return work(transaction);
    });
  }

 private:
  // Opens a transaction, runs `body`, and commits if it succeeded or rolls back otherwise.
  Status Run(TxMode mode, const std::function<Status(Connection&)>& body) {
    Result<ConnectionPool::Lease> lease = pool_->Acquire();
    if (!lease) return lease.error();
    Connection& connection = **lease;
    const char* begin = mode == TxMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED";
    if (Status begun = connection.Exec(begin, "begin transaction"); !begun) return begun;
    Status status = RequireSchema(connection);
    if (status) status = body(connection);
    if (status) {
      status = connection.Exec("COMMIT", "commit transaction");
      if (status) return status;
    }
    if (connection.InTransaction() && !connection.Exec("ROLLBACK", "roll back transaction")) {
      lease->Discard();
    }
    return status;
  }

  // FailedPrecondition until the schema reaches this program's version.  Checked inside each
  // transaction until it passes once (versions never go down).
  Status RequireSchema(Connection& connection) {
    if (schema_ready_.load()) return OkStatus();
    Result<int> version = ReadSchemaVersion(connection);
    if (!version) return version.error();
    if (*version < LatestSchemaVersion()) {
      return FailedPreconditionError("database schema version " + std::to_string(*version) +
                                     " is older than this program's " +
                                     std::to_string(LatestSchemaVersion()) + "; run migrate");
    }
    schema_ready_.store(true);
    return OkStatus();
  }

  static Status RequireOrganization(Connection& connection, OrganizationId organization) {
    Result<Statement> query = connection.Query("SELECT 1 FROM organizations WHERE id = ?1",
                                               {organization.value}, "check organization");
    if (!query) return query.error();
    Result<bool> row = query->Step();
    if (!row) return row.error();
    if (!*row) {
      return NotFoundError("organization " + std::to_string(organization.value) + " not found");
    }
    return OkStatus();
  }

  std::unique_ptr<ConnectionPool> pool_;
  std::atomic<bool> schema_ready_{false};
};

}  // namespace

Result<std::unique_ptr<Store>> OpenStore(const SqliteOptions& options) {
  if (options.path.empty()) return InvalidArgumentError("SQLite database path is empty");
  Result<std::unique_ptr<Connection>> first =
      Connection::Open(options.path, options.busy_timeout_ms, options.full_sync);
  if (!first) return first.error();
  int size = options.path == ":memory:" ? 1 : options.pool_size;
  auto pool = std::make_unique<ConnectionPool>(options.path, size, options.busy_timeout_ms,
                                               std::move(*first), options.full_sync);
  return std::unique_ptr<Store>(new SqliteStore(std::move(pool)));
}

}  // namespace roi::sqlite
