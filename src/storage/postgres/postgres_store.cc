#include "storage/postgres/postgres_store.h"

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "storage/postgres/connection_pool.h"
#include "storage/postgres/errors.h"
#include "storage/postgres/migrations.h"
#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

// Reads see one snapshot for the whole transaction and never conflict; writes run at READ
// COMMITTED, where the version check in every UPDATE's WHERE clause prevents lost updates.
using ReadTransaction = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;
using WriteTransaction = pqxx::transaction<pqxx::read_committed, pqxx::read_write>;

std::unique_ptr<pqxx::dbtransaction> Begin(pqxx::connection& connection, TxMode mode) {
  if (mode == TxMode::kWrite) return std::make_unique<WriteTransaction>(connection);
  return std::make_unique<ReadTransaction>(connection);
}

// Thread-safe: every call leases its own connection from the pool.
class PostgresStore final : public Store {
 public:
  explicit PostgresStore(std::unique_ptr<ConnectionPool> pool) : pool_(std::move(pool)) {}

  std::string_view Kind() const override { return "postgresql"; }

  Status Ping() override {
    Result<ConnectionPool::Lease> lease = pool_->Acquire();
    if (!lease) return lease.error();
    Status answered = Guarded("ping", [&]() -> Status {
      pqxx::nontransaction transaction(**lease);
      transaction.exec_prepared1("ping");
      return OkStatus();
    });
    if (!answered) return UnavailableError(answered.error().message);
    return answered;
  }

  Result<int> SchemaVersion() override {
    Result<ConnectionPool::Lease> lease = pool_->Acquire();
    if (!lease) return lease.error();
    return Guarded("read schema version", [&]() -> Result<int> {
      ReadTransaction transaction(**lease);
      return ReadSchemaVersion(transaction);
    });
  }

  Result<MigrationReport> Migrate() override {
    Result<MigrationReport> report = RunMigrations(*pool_);
    if (report) schema_ready_.store(true);
    return report;
  }

  Status InTransaction(OrganizationId organization, TxMode mode,
                       const std::function<Status(Transaction&)>& work) override {
    return Run(mode, [&](TxContext& context) -> Status {
      Status exists = context.Run("check organization", [&]() -> Status {
        if (context.Transaction()
                .exec_prepared("organization_exists", organization.value)
                .empty()) {
          return NotFoundError("organization " + std::to_string(organization.value) + " not found");
        }
        return OkStatus();
      });
      if (!exists) return exists;
      PgTransaction transaction(context, organization);
      return work(transaction);
    });
  }

  Status InSystemTransaction(TxMode mode,
                             const std::function<Status(SystemTransaction&)>& work) override {
    return Run(mode, [&](TxContext& context) -> Status {
      PgSystemTransaction transaction(context);
      return work(transaction);
    });
  }

 private:
  // Opens a transaction, runs `body`, and commits if it and every statement succeeded; rolls
  // back otherwise.
  Status Run(TxMode mode, const std::function<Status(TxContext&)>& body) {
    std::optional<ConnectionPool::Lease> lease;
    Result<std::unique_ptr<pqxx::dbtransaction>> transaction = BeginOnLiveConnection(mode, lease);
    if (!transaction) return transaction.error();
    return Guarded("transaction", [&]() -> Status {
      TxContext context(**transaction, mode);
      Status status = RequireSchema(context);
      if (status) status = body(context);
      if (status && context.Failure()) status = *context.Failure();
      if (!status) {
        (*transaction)->abort();
        return status;
      }
      (*transaction)->commit();
      return status;
    });
  }

  // Leases a connection into `lease` and begins a transaction on it.  A pooled connection can
  // have died while idle (server restart); nothing has run on it yet, so BEGIN is retried on a
  // fresh connection, at most once per pooled connection.
  Result<std::unique_ptr<pqxx::dbtransaction>> BeginOnLiveConnection(
      TxMode mode, std::optional<ConnectionPool::Lease>& lease) {
    for (int attempt = 0;; ++attempt) {
      lease.reset();
      Result<ConnectionPool::Lease> acquired = pool_->Acquire();
      if (!acquired) return acquired.error();
      lease.emplace(std::move(*acquired));
      try {
        return Begin(**lease, mode);
      } catch (const pqxx::broken_connection&) {
        if (attempt >= pool_->Size()) {
          return UnavailableError("begin transaction: connection to the database failed");
        }
      } catch (...) {
        return CurrentExceptionToError("begin transaction");
      }
    }
  }

  // FailedPrecondition until the schema reaches this program's version.  Checked inside each
  // transaction until it passes once (versions never go down).
  Status RequireSchema(TxContext& context) {
    if (schema_ready_.load()) return OkStatus();
    Result<int> version = context.Run("read schema version", [&]() -> Result<int> {
      return ReadSchemaVersion(context.Transaction());
    });
    if (!version) return version.error();
    if (*version < LatestSchemaVersion()) {
      return FailedPreconditionError("database schema version " + std::to_string(*version) +
                                     " is older than this program's " +
                                     std::to_string(LatestSchemaVersion()) + "; run migrate");
    }
    schema_ready_.store(true);
    return OkStatus();
  }

  std::unique_ptr<ConnectionPool> pool_;
  std::atomic<bool> schema_ready_{false};
};

}  // namespace

Result<std::unique_ptr<Store>> OpenStore(const PostgresOptions& options) {
  if (options.url.empty()) return InvalidArgumentError("PostgreSQL connection URL is empty");
  Result<std::unique_ptr<pqxx::connection>> first = Connect(options.url);
  if (!first) return first.error();
  auto pool = std::make_unique<ConnectionPool>(options.url, options.pool_size, std::move(*first));
  return std::unique_ptr<Store>(new PostgresStore(std::move(pool)));
}

}  // namespace roi::postgres
