// Factories that give each contract test a private database for one Store implementation, and
// the list of implementations the contract suites run against.  A factory's constructor creates
// the database and its destructor removes it; Open() may be called more than once to get several
// Stores on the same database (as several processes would).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "app/store.h"
#include "testing/in_memory_store.h"

namespace roi::contract {

// A change made to stored audit rows behind the port's back, as someone with write access to the
// database could (tamper tests).  The SQL forms are the same for SQLite and PostgreSQL.
struct AuditTamper {
  enum class Kind {
    kSetDetail,     // Event `sequence`: detail = text.
    kSetHash,       // Event `sequence`: hash = text.
    kDelete,        // Delete event `sequence`.
    kSwapWithNext,  // Swap the sequence numbers of events `sequence` and `sequence` + 1.
    kDeleteFrom,    // Delete every event from `sequence` on (the head row stays).
    kSetHead,       // Chain head = (sequence, text).
  };
  Kind kind = Kind::kSetDetail;
  OrganizationId organization;
  std::int64_t sequence = 0;
  std::string text;
};

// The SQL statements (joined by "; ") that make `tamper`.  `text` is quoted as an SQL literal.
inline std::string AuditTamperSql(const AuditTamper& tamper) {
  std::string literal = "'";
  for (char c : tamper.text) literal += (c == '\'' ? std::string("''") : std::string(1, c));
  literal += "'";
  std::string org = std::to_string(tamper.organization.value);
  std::string seq = std::to_string(tamper.sequence);
  std::string next = std::to_string(tamper.sequence + 1);
  std::string where = " WHERE organization_id = " + org + " AND sequence = ";
  switch (tamper.kind) {
    case AuditTamper::Kind::kSetDetail:
      return "UPDATE audit_events SET detail = " + literal + where + seq;
    case AuditTamper::Kind::kSetHash:
      return "UPDATE audit_events SET hash = " + literal + where + seq;
    case AuditTamper::Kind::kDelete:
      return "DELETE FROM audit_events" + where + seq;
    case AuditTamper::Kind::kSwapWithNext:
      return "UPDATE audit_events SET sequence = -1" + where + seq +
             "; UPDATE audit_events SET sequence = " + seq + where + next +
             "; UPDATE audit_events SET sequence = " + next + where + "-1";
    case AuditTamper::Kind::kDeleteFrom:
      return "DELETE FROM audit_events WHERE organization_id = " + org + " AND sequence >= " + seq;
    case AuditTamper::Kind::kSetHead:
      return "UPDATE audit_chain_heads SET sequence = " + seq + ", hash = " + literal +
             " WHERE organization_id = " + org;
  }
  return "";
}

// The in-memory fake.  Every Open() returns a view of the same InMemoryStore.
class InMemoryFactory {
 public:
  static constexpr const char* kName = "Memory";
  std::optional<std::string> SkipReason() const { return std::nullopt; }
  Result<std::unique_ptr<Store>> Open();
  // Makes the database look migrated by a newer program, at `version`.
  Status SetSchemaVersion(int version);
  Status TamperAudit(const AuditTamper& tamper);

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
  // Runs AuditTamperSql(tamper) on the file directly.
  Status TamperAudit(const AuditTamper& tamper);
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
  // Runs AuditTamperSql(tamper) in this test's schema on a connection of its own.
  Status TamperAudit(const AuditTamper& tamper);

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
