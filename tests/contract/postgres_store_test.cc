// What only the PostgreSQL adapter promises, beyond the shared contract: how it connects, and
// that a broken connection is replaced.
#include "storage/postgres/postgres_store.h"

#include <gtest/gtest.h>

#include <string>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

TEST(PostgresStoreTest, UnreachableServerIsUnavailableWithoutRepeatingTheUrl) {
  std::string url = "postgresql://roi:s3cret-password@127.0.0.1:1/none?connect_timeout=2";
  Result<std::unique_ptr<Store>> store = postgres::OpenStore({.url = url});
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(store.error().message.find("s3cret-password"), std::string::npos)
      << store.error().message;
}

TEST(PostgresStoreTest, EmptyUrlIsInvalidArgument) {
  Result<std::unique_ptr<Store>> store = postgres::OpenStore({.url = ""});
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kInvalidArgument);
}

TEST(PostgresStoreTest, ConnectionsKilledWhileIdleAreReplacedTransparently) {
  PostgresFactory factory;
  if (std::optional<std::string> skip = factory.SkipReason()) GTEST_SKIP() << *skip;
  Result<std::unique_ptr<Store>> store = factory.OpenWithPoolSize(1);
  ASSERT_TRUE(store) << store.error().ToString();
  ASSERT_TRUE((*store)->Migrate());
  Result<Organization> created = CreateOrganization(**store, "survivor");
  ASSERT_TRUE(created) << created.error().ToString();

  ASSERT_TRUE(factory.TerminateConnections());

  // Nothing had run on the dead connection, so the store retries on a fresh one.
  Result<Patient> first = InsertPatient(**store, created->id, MakePatient("MRN-1"));
  EXPECT_TRUE(first) << first.error().ToString();
  Result<Patient> second = InsertPatient(**store, created->id, MakePatient("MRN-2"));
  EXPECT_TRUE(second) << second.error().ToString();
  EXPECT_TRUE((*store)->Ping());
}

TEST(PostgresStoreTest, ConnectionLostMidTransactionIsUnavailableThenReplaced) {
  PostgresFactory factory;
  if (std::optional<std::string> skip = factory.SkipReason()) GTEST_SKIP() << *skip;
  Result<std::unique_ptr<Store>> store = factory.OpenWithPoolSize(1);
  ASSERT_TRUE(store) << store.error().ToString();
  ASSERT_TRUE((*store)->Migrate());
  Result<Organization> created = CreateOrganization(**store, "survivor");
  ASSERT_TRUE(created) << created.error().ToString();

  Status lost = (*store)->InTransaction(created->id, TxMode::kWrite, [&](Transaction& tx) {
    EXPECT_TRUE(factory.TerminateConnections());
    Result<Patient> inserted = tx.Patients().Insert(MakePatient("MRN-1"));
    EXPECT_EQ(CodeOf(inserted), ErrorCode::kUnavailable);
    return OkStatus();  // Even if work ignores the error, nothing may be committed.
  });
  EXPECT_EQ(CodeOf(lost), ErrorCode::kUnavailable);

  Result<std::int64_t> count = InTx(**store, created->id, TxMode::kRead,
                                    [](Transaction& tx) { return tx.Patients().Count(); });
  ASSERT_TRUE(count) << count.error().ToString();
  EXPECT_EQ(*count, 0);
}

TEST(PostgresStoreTest, SchemaLivesInTheConnectionsSearchPath) {
  PostgresFactory factory;
  if (std::optional<std::string> skip = factory.SkipReason()) GTEST_SKIP() << *skip;
  Result<std::unique_ptr<Store>> first = factory.Open();
  ASSERT_TRUE(first);
  ASSERT_TRUE((*first)->Migrate());
  PostgresFactory other;  // Another schema in the same database starts empty.
  Result<std::unique_ptr<Store>> second = other.Open();
  ASSERT_TRUE(second);
  Result<int> version = (*second)->SchemaVersion();
  ASSERT_TRUE(version) << version.error().ToString();
  EXPECT_EQ(*version, 0);
}

// Adding migration N+1 to the adapters must bump the fake too, or the fake would drift.
TEST(PostgresStoreTest, SchemaVersionMatchesTheInMemoryFake) {
  PostgresFactory factory;
  if (std::optional<std::string> skip = factory.SkipReason()) GTEST_SKIP() << *skip;
  Result<std::unique_ptr<Store>> store = factory.Open();
  ASSERT_TRUE(store);
  Result<MigrationReport> report = (*store)->Migrate();
  ASSERT_TRUE(report);
  EXPECT_EQ(report->to_version, testing::InMemoryStore::kSchemaVersion);
}

}  // namespace
}  // namespace roi::contract
