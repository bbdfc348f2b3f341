// Contract of FeeSettingsRepository (migration 23): an organization without settings reads the
// defaults at version 0; a save names the version it read (stale: Aborted) and round-trips every
// field; settings and request costs are bound to the transaction's organization; request costs
// keep unset supplies/postage apart from 0; an unknown request is NotFound; bad values are
// refused.
#include <gtest/gtest.h>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

template <typename Factory>
class FeeSettingsContractTest : public MigratedStoreTest<Factory> {
 protected:
  void SetUp() override {
    MigratedStoreTest<Factory>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    Result<Patient> patient =
        InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-F1", "Alpha"));
    ASSERT_TRUE(patient) << patient.error().ToString();
    Status setup = InTx(this->Db(), this->org_a_, TxMode::kWrite, [&](Transaction& tx) -> Status {
      Result<Requester> requester =
          tx.Requesters().Insert(Requester{.role = "patient", .name = "Testpatient Alpha"});
      if (!requester) return requester.error();
      Result<ReleaseRequest> request = tx.Requests().Insert(
          ReleaseRequest{.number = "R-2025-000001",
                         .patient_id = patient->id,
                         .requester_id = requester->id,
                         .requester_role = "patient",
                         .received_on = *Date::FromYmd(2025, 1, 6),
                         .received_micros = 1736154000000000,
                         .facts = RequestFacts{.basis = "access", .purpose = "personal"}});
      if (!request) return request.error();
      request_ = request->id;
      return OkStatus();
    });
    ASSERT_TRUE(setup) << setup.error().ToString();
  }

  template <typename Fn>
  auto Fees(TxMode mode, Fn fn, OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, mode,
                [&](Transaction& tx) { return fn(tx.Fees()); });
  }

  static FeeSettings Actual() {
    return FeeSettings{.patient_electronic = PatientElectronicFee::kActual,
                       .flat_cents = 500,
                       .labor_rate_cents_per_hour = 3000,
                       .supplies_cents = 125,
                       .postage_cents = 73,
                       .version = 0};
  }

  RequestId request_;
};
TYPED_TEST_SUITE(FeeSettingsContractTest, Implementations, ImplementationNames);

TYPED_TEST(FeeSettingsContractTest, WithoutSettingsReadsTheDefaultsAtVersionZero) {
  Result<FeeSettings> found =
      this->Fees(TxMode::kRead, [](FeeSettingsRepository& r) { return r.Get(); });
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(*found, FeeSettings{});
  EXPECT_EQ(found->patient_electronic, PatientElectronicFee::kFlat);
  EXPECT_EQ(found->flat_cents, 650);
  EXPECT_EQ(found->version, 0);
}

TYPED_TEST(FeeSettingsContractTest, PutRoundTripsAndBumpsTheVersion) {
  Result<FeeSettings> stored = this->Fees(
      TxMode::kWrite, [](FeeSettingsRepository& r) { return r.Put(TestFixture::Actual()); });
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_EQ(stored->version, 1);
  Result<FeeSettings> found =
      this->Fees(TxMode::kRead, [](FeeSettingsRepository& r) { return r.Get(); });
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(*found, *stored);

  FeeSettings changed = *found;
  changed.patient_electronic = PatientElectronicFee::kFlat;
  changed.flat_cents = 400;
  Result<FeeSettings> updated =
      this->Fees(TxMode::kWrite, [&](FeeSettingsRepository& r) { return r.Put(changed); });
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(updated->version, 2);
  found = this->Fees(TxMode::kRead, [](FeeSettingsRepository& r) { return r.Get(); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->flat_cents, 400);
  EXPECT_EQ(found->patient_electronic, PatientElectronicFee::kFlat);
  EXPECT_EQ(found->version, 2);
}

TYPED_TEST(FeeSettingsContractTest, StaleVersionIsAbortedAndChangesNothing) {
  ASSERT_TRUE(this->Fees(TxMode::kWrite,
                         [](FeeSettingsRepository& r) { return r.Put(TestFixture::Actual()); }));
  // A second first save (version 0) and a save of version 5 are both stale.
  for (std::int64_t version : {0, 5}) {
    FeeSettings stale = TestFixture::Actual();
    stale.flat_cents = 1;
    stale.version = version;
    Result<FeeSettings> refused =
        this->Fees(TxMode::kWrite, [&](FeeSettingsRepository& r) { return r.Put(stale); });
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kAborted) << version;
  }
  Result<FeeSettings> found =
      this->Fees(TxMode::kRead, [](FeeSettingsRepository& r) { return r.Get(); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->flat_cents, 500);
  EXPECT_EQ(found->version, 1);
}

TYPED_TEST(FeeSettingsContractTest, SettingsAreBoundToTheOrganization) {
  ASSERT_TRUE(this->Fees(TxMode::kWrite,
                         [](FeeSettingsRepository& r) { return r.Put(TestFixture::Actual()); }));
  Result<FeeSettings> other = this->Fees(
      TxMode::kRead, [](FeeSettingsRepository& r) { return r.Get(); }, this->org_b_);
  ASSERT_TRUE(other);
  EXPECT_EQ(*other, FeeSettings{});
}

TYPED_TEST(FeeSettingsContractTest, RefusesBadValuesAndWritesInAReadTransaction) {
  FeeSettings negative = TestFixture::Actual();
  negative.labor_rate_cents_per_hour = -1;
  Result<FeeSettings> refused =
      this->Fees(TxMode::kWrite, [&](FeeSettingsRepository& r) { return r.Put(negative); });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  Result<FeeSettings> read_only = this->Fees(
      TxMode::kRead, [](FeeSettingsRepository& r) { return r.Put(TestFixture::Actual()); });
  ASSERT_FALSE(read_only);
  EXPECT_EQ(read_only.error().code, ErrorCode::kFailedPrecondition);
}

TYPED_TEST(FeeSettingsContractTest, RequestCostsRoundTripWithUnsetOverrides) {
  Result<std::optional<RequestCosts>> none = this->Fees(
      TxMode::kRead, [&](FeeSettingsRepository& r) { return r.FindCosts(this->request_); });
  ASSERT_TRUE(none) << none.error().ToString();
  EXPECT_FALSE(none->has_value());

  RequestCosts costs{.request_id = this->request_,
                     .labor_minutes = 45,
                     .supplies_cents = std::nullopt,
                     .postage_cents = 0,
                     .recorded_by = {},
                     .recorded_micros = 1736154000000001,
                     .version = 0};
  Result<RequestCosts> stored =
      this->Fees(TxMode::kWrite, [&](FeeSettingsRepository& r) { return r.PutCosts(costs); });
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_EQ(stored->version, 1);
  Result<std::optional<RequestCosts>> found = this->Fees(
      TxMode::kRead, [&](FeeSettingsRepository& r) { return r.FindCosts(this->request_); });
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ(**found, *stored);
  EXPECT_FALSE((*found)->supplies_cents.has_value());
  EXPECT_EQ((*found)->postage_cents, 0);

  RequestCosts changed = **found;
  changed.labor_minutes = 90;
  changed.supplies_cents = 250;
  Result<RequestCosts> updated =
      this->Fees(TxMode::kWrite, [&](FeeSettingsRepository& r) { return r.PutCosts(changed); });
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(updated->version, 2);
  found = this->Fees(TxMode::kRead,
                     [&](FeeSettingsRepository& r) { return r.FindCosts(this->request_); });
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->labor_minutes, 90);
  EXPECT_EQ((*found)->supplies_cents, 250);

  Result<RequestCosts> stale =
      this->Fees(TxMode::kWrite, [&](FeeSettingsRepository& r) { return r.PutCosts(changed); });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kAborted);
}

TYPED_TEST(FeeSettingsContractTest, RequestCostsOfAnotherOrganizationAreNotFound) {
  RequestCosts costs{.request_id = this->request_, .labor_minutes = 10};
  Result<RequestCosts> elsewhere = this->Fees(
      TxMode::kWrite, [&](FeeSettingsRepository& r) { return r.PutCosts(costs); }, this->org_b_);
  ASSERT_FALSE(elsewhere);
  EXPECT_EQ(elsewhere.error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(
      this->Fees(TxMode::kWrite, [&](FeeSettingsRepository& r) { return r.PutCosts(costs); }));
  Result<std::optional<RequestCosts>> hidden = this->Fees(
      TxMode::kRead, [&](FeeSettingsRepository& r) { return r.FindCosts(this->request_); },
      this->org_b_);
  ASSERT_TRUE(hidden);
  EXPECT_FALSE(hidden->has_value());

  RequestCosts negative = costs;
  negative.labor_minutes = -5;
  negative.version = 1;
  Result<RequestCosts> refused =
      this->Fees(TxMode::kWrite, [&](FeeSettingsRepository& r) { return r.PutCosts(negative); });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace roi::contract
