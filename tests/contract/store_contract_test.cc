// Contract of Store itself: kind, ping, migrations, and the unit of work (commit, rollback,
// organization binding, read-only transactions, schema checks).
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <thread>
#include <vector>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

template <typename Factory>
class StoreContractTest : public StoreTest<Factory> {};
TYPED_TEST_SUITE(StoreContractTest, Implementations, ImplementationNames);

template <typename Factory>
class UnitOfWorkContractTest : public MigratedStoreTest<Factory> {};
TYPED_TEST_SUITE(UnitOfWorkContractTest, Implementations, ImplementationNames);

// True when `versions` starts at 1, rises strictly and ends at `latest`.  Version numbers are
// assigned to pieces of work in advance, so a program may lack some numbers in between.
bool RisesFromOneTo(const std::vector<int>& versions, int latest) {
  if (versions.empty() || versions.front() != 1 || versions.back() != latest) return false;
  return std::adjacent_find(versions.begin(), versions.end(),
                            [](int a, int b) { return a >= b; }) == versions.end();
}

TYPED_TEST(StoreContractTest, KindNamesTheImplementation) {
  std::string_view kind = this->Db().Kind();
  EXPECT_TRUE(kind == "memory" || kind == "sqlite" || kind == "postgresql") << kind;
}

TYPED_TEST(StoreContractTest, PingAnswersOnAFreshDatabase) {
  Status ping = this->Db().Ping();
  EXPECT_TRUE(ping) << ping.error().ToString();
}

TYPED_TEST(StoreContractTest, FreshDatabaseHasSchemaVersionZero) {
  Result<int> version = this->Db().SchemaVersion();
  ASSERT_TRUE(version) << version.error().ToString();
  EXPECT_EQ(*version, 0);
}

TYPED_TEST(StoreContractTest, MigrateAppliesEveryVersionInOrder) {
  Result<MigrationReport> report = this->Db().Migrate();
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->from_version, 0);
  EXPECT_GE(report->to_version, 1);
  EXPECT_TRUE(RisesFromOneTo(report->applied, report->to_version));
  Result<int> version = this->Db().SchemaVersion();
  ASSERT_TRUE(version);
  EXPECT_EQ(*version, report->to_version);
}

TYPED_TEST(StoreContractTest, MigrateIsIdempotent) {
  Result<MigrationReport> first = this->Db().Migrate();
  ASSERT_TRUE(first) << first.error().ToString();
  Result<MigrationReport> second = this->Db().Migrate();
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_EQ(second->from_version, first->to_version);
  EXPECT_EQ(second->to_version, first->to_version);
  EXPECT_TRUE(second->applied.empty());
}

TYPED_TEST(StoreContractTest, MigrateFromAnotherStoreSeesTheSameSchema) {
  ASSERT_TRUE(this->Db().Migrate());
  Result<std::unique_ptr<Store>> other = this->factory_.Open();
  ASSERT_TRUE(other) << other.error().ToString();
  Result<MigrationReport> report = (*other)->Migrate();
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_TRUE(report->applied.empty());
}

TYPED_TEST(StoreContractTest, ConcurrentMigrationsApplyEachVersionOnce) {
  Result<std::unique_ptr<Store>> other = this->factory_.Open();
  ASSERT_TRUE(other) << other.error().ToString();
  std::vector<Store*> stores = {&this->Db(), other->get(), &this->Db(), other->get()};
  std::vector<std::optional<Result<MigrationReport>>> reports(stores.size());
  std::vector<std::thread> threads;
  threads.reserve(stores.size());
  for (std::size_t i = 0; i < stores.size(); ++i) {
    threads.emplace_back([&, i] { reports[i].emplace(stores[i]->Migrate()); });
  }
  for (std::thread& thread : threads) thread.join();
  std::vector<int> applied;
  int latest = 0;
  for (const auto& report : reports) {
    ASSERT_TRUE(*report) << report->error().ToString();
    applied.insert(applied.end(), (*report)->applied.begin(), (*report)->applied.end());
    latest = std::max(latest, (*report)->to_version);
  }
  std::sort(applied.begin(), applied.end());
  EXPECT_TRUE(RisesFromOneTo(applied, latest));
}

TYPED_TEST(StoreContractTest, MigrateRefusesASchemaNewerThanTheProgram) {
  Result<MigrationReport> report = this->Db().Migrate();
  ASSERT_TRUE(report);
  int newer = report->to_version + 1;
  ASSERT_TRUE(this->factory_.SetSchemaVersion(newer));
  Result<MigrationReport> again = this->Db().Migrate();
  EXPECT_EQ(CodeOf(again), ErrorCode::kFailedPrecondition);
  Result<int> version = this->Db().SchemaVersion();
  ASSERT_TRUE(version);
  EXPECT_EQ(*version, newer);
}

TYPED_TEST(StoreContractTest, TransactionsBeforeMigrateAreFailedPrecondition) {
  Status system = this->Db().InSystemTransaction(
      TxMode::kRead, [](SystemTransaction&) -> Status { return OkStatus(); });
  EXPECT_EQ(CodeOf(system), ErrorCode::kFailedPrecondition);
  Status scoped = this->Db().InTransaction(OrganizationId(1), TxMode::kWrite,
                                           [](Transaction&) -> Status { return OkStatus(); });
  EXPECT_EQ(CodeOf(scoped), ErrorCode::kFailedPrecondition);
}

TYPED_TEST(StoreContractTest, NewerSchemaStillServesTransactions) {
  Result<MigrationReport> report = this->Db().Migrate();
  ASSERT_TRUE(report);
  ASSERT_TRUE(this->factory_.SetSchemaVersion(report->to_version + 1));
  Result<Organization> created = CreateOrganization(this->Db(), "after-upgrade");
  EXPECT_TRUE(created) << created.error().ToString();
}

TYPED_TEST(UnitOfWorkContractTest, TransactionIsBoundToItsOrganization) {
  Status status = this->Db().InTransaction(this->org_b_, TxMode::kRead, [&](Transaction& tx) {
    EXPECT_EQ(tx.Organization(), this->org_b_);
    return OkStatus();
  });
  EXPECT_TRUE(status);
}

TYPED_TEST(UnitOfWorkContractTest, UnknownOrganizationIsNotFound) {
  bool ran = false;
  Status status = this->Db().InTransaction(OrganizationId(987654321), TxMode::kWrite,
                                           [&](Transaction&) -> Status {
                                             ran = true;
                                             return OkStatus();
                                           });
  EXPECT_EQ(CodeOf(status), ErrorCode::kNotFound);
  EXPECT_FALSE(ran);
}

TYPED_TEST(UnitOfWorkContractTest, WorkErrorIsReturnedAndRollsEverythingBack) {
  Status status = this->Db().InTransaction(this->org_a_, TxMode::kWrite, [](Transaction& tx) {
    EXPECT_TRUE(tx.Patients().Insert(MakePatient("MRN-1")));
    EXPECT_TRUE(tx.Facilities().Insert(Facility{
        .id = {}, .organization_id = {}, .name = "North Clinic", .npi = "", .version = 0}));
    return AbortedError("work gave up");
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error(), AbortedError("work gave up"));
  Result<std::int64_t> count = InTx(this->Db(), this->org_a_, TxMode::kRead,
                                    [](Transaction& tx) { return tx.Patients().Count(); });
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 0);
  Result<std::vector<Facility>> facilities =
      InTx(this->Db(), this->org_a_, TxMode::kRead,
           [](Transaction& tx) { return tx.Facilities().List(); });
  ASSERT_TRUE(facilities);
  EXPECT_TRUE(facilities->empty());
}

TYPED_TEST(UnitOfWorkContractTest, SystemWorkErrorRollsBack) {
  Status status = this->Db().InSystemTransaction(TxMode::kWrite, [](SystemTransaction& tx) {
    EXPECT_TRUE(tx.Organizations().Insert(MakeOrganization("doomed")));
    return InvalidArgumentError("changed my mind");
  });
  EXPECT_EQ(CodeOf(status), ErrorCode::kInvalidArgument);
  Result<Organization> found = InSystemTx(this->Db(), TxMode::kRead, [](SystemTransaction& tx) {
    return tx.Organizations().FindBySlug("doomed");
  });
  EXPECT_EQ(CodeOf(found), ErrorCode::kNotFound);
}

TYPED_TEST(UnitOfWorkContractTest, WorkCommitsEverythingTogether) {
  Status status = this->Db().InTransaction(this->org_a_, TxMode::kWrite, [](Transaction& tx) {
    for (const char* mrn : {"MRN-1", "MRN-2", "MRN-3"}) {
      if (Result<Patient> p = tx.Patients().Insert(MakePatient(mrn)); !p) return Status(p.error());
    }
    return OkStatus();
  });
  ASSERT_TRUE(status) << status.error().ToString();
  Result<std::int64_t> count = InTx(this->Db(), this->org_a_, TxMode::kRead,
                                    [](Transaction& tx) { return tx.Patients().Count(); });
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 3);
}

TYPED_TEST(UnitOfWorkContractTest, WritesInAReadTransactionAreFailedPrecondition) {
  Status status = this->Db().InTransaction(this->org_a_, TxMode::kRead, [](Transaction& tx) {
    EXPECT_EQ(CodeOf(tx.Patients().Insert(MakePatient("MRN-1"))), ErrorCode::kFailedPrecondition);
    EXPECT_EQ(CodeOf(tx.Facilities().Insert(Facility{
                  .id = {}, .organization_id = {}, .name = "Clinic", .npi = "", .version = 0})),
              ErrorCode::kFailedPrecondition);
    return OkStatus();
  });
  EXPECT_TRUE(status) << status.error().ToString();
  Status system = this->Db().InSystemTransaction(TxMode::kRead, [](SystemTransaction& tx) {
    EXPECT_EQ(CodeOf(tx.Organizations().Insert(MakeOrganization("read-only"))),
              ErrorCode::kFailedPrecondition);
    return OkStatus();
  });
  EXPECT_TRUE(system) << system.error().ToString();
}

TYPED_TEST(UnitOfWorkContractTest, AFailedWriteDoesNotSpoilTheTransaction) {
  ASSERT_TRUE(InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-1")));
  Status status = this->Db().InTransaction(this->org_a_, TxMode::kWrite, [](Transaction& tx) {
    EXPECT_EQ(CodeOf(tx.Patients().Insert(MakePatient("MRN-1"))), ErrorCode::kAlreadyExists);
    Result<Patient> second = tx.Patients().Insert(MakePatient("MRN-2"));
    if (!second) return Status(second.error());
    return OkStatus();
  });
  ASSERT_TRUE(status) << status.error().ToString();
  Result<std::int64_t> count = InTx(this->Db(), this->org_a_, TxMode::kRead,
                                    [](Transaction& tx) { return tx.Patients().Count(); });
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 2);
}

TYPED_TEST(UnitOfWorkContractTest, ReadTransactionsRunWhileAWriterWorks) {
  ASSERT_TRUE(InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-1")));
  std::optional<Result<std::int64_t>> seen;
  Status status = this->Db().InTransaction(this->org_a_, TxMode::kWrite, [&](Transaction& tx) {
    EXPECT_TRUE(tx.Patients().Insert(MakePatient("MRN-2")));
    std::thread reader([&] {
      seen.emplace(InTx(this->Db(), this->org_a_, TxMode::kRead,
                        [](Transaction& read) { return read.Patients().Count(); }));
    });
    reader.join();
    return OkStatus();
  });
  ASSERT_TRUE(status) << status.error().ToString();
  ASSERT_TRUE(seen.has_value());
  ASSERT_TRUE(*seen) << seen->error().ToString();
  EXPECT_EQ(**seen, 1);  // The writer's uncommitted row is invisible.
}

}  // namespace
}  // namespace roi::contract
