// What only the SQLite adapter promises, beyond the shared contract: how it opens files.
#include "storage/sqlite/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <string>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

std::string JournalMode(const std::filesystem::path& path) {
  sqlite3* db = nullptr;
  std::string mode;
  if (sqlite3_open(path.c_str(), &db) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      mode = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return mode;
}

TEST(SqliteStoreTest, OpeningCreatesTheFileInWalModeWithoutMigrating) {
  SqliteFactory factory;
  EXPECT_FALSE(std::filesystem::exists(factory.Path()));
  Result<std::unique_ptr<Store>> store = factory.Open();
  ASSERT_TRUE(store) << store.error().ToString();
  EXPECT_TRUE(std::filesystem::exists(factory.Path()));
  EXPECT_EQ(JournalMode(factory.Path()), "wal");
  Result<int> version = (*store)->SchemaVersion();
  ASSERT_TRUE(version);
  EXPECT_EQ(*version, 0);
}

TEST(SqliteStoreTest, UnopenablePathIsUnavailableAndNamesThePath) {
  SqliteFactory factory;
  std::string path = (factory.Path().parent_path() / "missing-dir" / "x.db").string();
  Result<std::unique_ptr<Store>> store = sqlite::OpenStore({.path = path});
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(store.error().message.find(path), std::string::npos) << store.error().message;
}

TEST(SqliteStoreTest, AFileThatIsNotADatabaseIsUnavailable) {
  SqliteFactory factory;
  std::ofstream(factory.Path()) << "this is not an SQLite database, just some text\n";
  Result<std::unique_ptr<Store>> store = factory.Open();
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
}

TEST(SqliteStoreTest, EmptyPathIsInvalidArgument) {
  Result<std::unique_ptr<Store>> store = sqlite::OpenStore({.path = ""});
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kInvalidArgument);
}

TEST(SqliteStoreTest, DataSurvivesReopening) {
  SqliteFactory factory;
  OrganizationId organization;
  {
    Result<std::unique_ptr<Store>> store = factory.Open();
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->Migrate());
    Result<Organization> created = CreateOrganization(**store, "kept");
    ASSERT_TRUE(created);
    organization = created->id;
    ASSERT_TRUE(InsertPatient(**store, organization, MakePatient("MRN-1")));
  }
  Result<std::unique_ptr<Store>> reopened = factory.Open();
  ASSERT_TRUE(reopened);
  Result<Patient> found = InTx(**reopened, organization, TxMode::kRead,
                               [](Transaction& tx) { return tx.Patients().FindByMrn("MRN-1"); });
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(found->organization_id, organization);
}

TEST(SqliteStoreTest, InMemoryPathWorksWithOneConnection) {
  Result<std::unique_ptr<Store>> store = sqlite::OpenStore({.path = ":memory:", .pool_size = 8});
  ASSERT_TRUE(store) << store.error().ToString();
  ASSERT_TRUE((*store)->Migrate());
  EXPECT_TRUE(CreateOrganization(**store, "in-memory"));
}

// Adding migration N+1 to the adapters must bump the fake too, or the fake would drift.
TEST(SqliteStoreTest, SchemaVersionMatchesTheInMemoryFake) {
  SqliteFactory factory;
  Result<std::unique_ptr<Store>> store = factory.Open();
  ASSERT_TRUE(store);
  Result<MigrationReport> report = (*store)->Migrate();
  ASSERT_TRUE(report);
  EXPECT_EQ(report->to_version, testing::InMemoryStore::kSchemaVersion);
}

}  // namespace
}  // namespace roi::contract
