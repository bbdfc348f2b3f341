// Factories that give each contract test a private database for one Store implementation, and
// the list of implementations the contract suites run against.  A factory's constructor creates
// the database and its destructor removes it; Open() may be called more than once to get several
// Stores on the same database (as several processes would).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "app/store.h"
#include "testing/in_memory_store.h"

namespace roi::contract {

// The in-memory fake.  Every Open() returns a view of the same InMemoryStore.
class InMemoryFactory {
 public:
  static constexpr const char* kName = "Memory";
  std::optional<std::string> SkipReason() const { return std::nullopt; }
  Result<std::unique_ptr<Store>> Open();
  // Makes the database look migrated by a newer program, at `version`.
  Status SetSchemaVersion(int version);

 private:
  testing::InMemoryStore store_;
};

// SQLite: a fresh file in a per-test temporary directory, removed afterwards.
class SqliteFactory {
 public:
  static constexpr const char* kName = "Sqlite";
  SqliteFactory();
  ~SqliteFactory();
  SqliteFactory(const SqliteFactory&) = delete;
  SqliteFactory& operator=(const SqliteFactory&) = delete;

  std::optional<std::string> SkipReason() const { return std::nullopt; }
  Result<std::unique_ptr<Store>> Open();
  Status SetSchemaVersion(int version);
  const std::filesystem::path& Path() const { return path_; }

 private:
  std::filesystem::path directory_;
  std::filesystem::path path_;
};

// PostgreSQL: a fresh schema in the database named by ROI_TEST_POSTGRES_URL (tests skip when it
// is unset), selected through the connection's search_path and dropped afterwards.
class PostgresFactory {
 public:
  static constexpr const char* kName = "Postgres";
  PostgresFactory();
  ~PostgresFactory();
  PostgresFactory(const PostgresFactory&) = delete;
  PostgresFactory& operator=(const PostgresFactory&) = delete;

  std::optional<std::string> SkipReason() const { return skip_reason_; }
  Result<std::unique_ptr<Store>> Open();
  Result<std::unique_ptr<Store>> OpenWithPoolSize(int pool_size);
  Status SetSchemaVersion(int version);
  // Terminates every server connection the Stores of this test hold (simulates a server restart).
  Status TerminateConnections();

 private:
  Status Execute(const std::string& sql);

  std::optional<std::string> skip_reason_;
  std::string base_url_;
  std::string schema_;
  std::string store_url_;
};

#ifdef ROI_CONTRACT_POSTGRES
using Implementations = ::testing::Types<PostgresFactory>;
#else
using Implementations = ::testing::Types<InMemoryFactory, SqliteFactory>;
#endif

// Names instantiations after the implementation, e.g. PatientContractTest/Sqlite.
struct ImplementationNames {
  template <typename Factory>
  static std::string GetName(int /*index*/) {
    return Factory::kName;
  }
};

}  // namespace roi::contract
