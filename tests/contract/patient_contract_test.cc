// Contract of PatientRepository: insert, find, update, optimistic concurrency and isolation
// between organizations.  Listing and paging are in patient_list_contract_test.cc.
#include <gtest/gtest.h>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

template <typename Factory>
class PatientContractTest : public MigratedStoreTest<Factory> {};
TYPED_TEST_SUITE(PatientContractTest, Implementations, ImplementationNames);

TYPED_TEST(PatientContractTest, InsertAssignsIdVersionAndOrganization) {
  Patient patient = MakePatient("MRN-1");
  patient.organization_id = this->org_b_;  // Ignored: the transaction's organization wins.
  Result<Patient> stored = InsertPatient(this->Db(), this->org_a_, patient);
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_TRUE(stored->id.IsSet());
  EXPECT_EQ(stored->organization_id, this->org_a_);
  EXPECT_EQ(stored->version, 1);
}

TYPED_TEST(PatientContractTest, FindReturnsEveryFieldAsStored) {
  Patient patient = MakePatient("MRN-1", "Zyxwv");
  patient.deceased_on = *Date::FromYmd(2020, 12, 31);
  patient.address = "Unit 4, 1 Example Street\nSampletown";
  Result<Patient> stored = InsertPatient(this->Db(), this->org_a_, patient);
  ASSERT_TRUE(stored);
  Result<Patient> found = FindPatient(this->Db(), this->org_a_, stored->id);
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(*found, *stored);
  ASSERT_TRUE(found->deceased_on.has_value());
  EXPECT_EQ(found->deceased_on->ToString(), "2020-12-31");
  EXPECT_EQ(found->birth_date.ToString(), "1980-02-29");
}

TYPED_TEST(PatientContractTest, FindByMrnIsExact) {
  Result<Patient> stored = InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-1"));
  ASSERT_TRUE(stored);
  Result<Patient> found = InTx(this->Db(), this->org_a_, TxMode::kRead,
                               [](Transaction& tx) { return tx.Patients().FindByMrn("MRN-1"); });
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(*found, *stored);
  Result<Patient> other_case = InTx(this->Db(), this->org_a_, TxMode::kRead, [](Transaction& tx) {
    return tx.Patients().FindByMrn("mrn-1");
  });
  EXPECT_EQ(CodeOf(other_case), ErrorCode::kNotFound);
}

TYPED_TEST(PatientContractTest, MissingPatientIsNotFound) {
  EXPECT_EQ(CodeOf(FindPatient(this->Db(), this->org_a_, PatientId(987654321))),
            ErrorCode::kNotFound);
}

TYPED_TEST(PatientContractTest, DuplicateMrnInOneOrganizationIsAlreadyExists) {
  ASSERT_TRUE(InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-1")));
  EXPECT_EQ(CodeOf(InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-1", "Other"))),
            ErrorCode::kAlreadyExists);
}

TYPED_TEST(PatientContractTest, SameMrnInTwoOrganizationsIsAllowed) {
  Result<Patient> a = InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-1"));
  Result<Patient> b = InsertPatient(this->Db(), this->org_b_, MakePatient("MRN-1"));
  ASSERT_TRUE(a) << a.error().ToString();
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_NE(a->id, b->id);
}

TYPED_TEST(PatientContractTest, InvalidPatientIsInvalidArgumentAndStoresNothing) {
  Patient bad_mrn = MakePatient("MRN 1");
  Patient no_family = MakePatient("MRN-2");
  no_family.family_name.clear();
  Patient dead_before_born = MakePatient("MRN-3");
  dead_before_born.deceased_on = *Date::FromYmd(1970, 1, 1);
  for (const Patient& bad : {bad_mrn, no_family, dead_before_born}) {
    EXPECT_EQ(CodeOf(InsertPatient(this->Db(), this->org_a_, bad)), ErrorCode::kInvalidArgument);
  }
  Result<std::int64_t> count = InTx(this->Db(), this->org_a_, TxMode::kRead,
                                    [](Transaction& tx) { return tx.Patients().Count(); });
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 0);
}

TYPED_TEST(PatientContractTest, UpdateReplacesFieldsAndIncrementsVersion) {
  Result<Patient> stored = InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-1"));
  ASSERT_TRUE(stored);
  Patient changed = *stored;
  changed.mrn = "MRN-1B";
  changed.family_name = "Renamed";
  changed.deceased_on = *Date::FromYmd(2024, 5, 1);
  changed.email.clear();
  Result<Patient> updated = UpdatePatient(this->Db(), this->org_a_, changed);
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(updated->version, 2);
  Result<Patient> found = FindPatient(this->Db(), this->org_a_, stored->id);
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, *updated);
  EXPECT_EQ(found->mrn, "MRN-1B");
  EXPECT_EQ(found->email, "");
}

TYPED_TEST(PatientContractTest, UpdateWithStaleVersionIsAbortedAndKeepsTheFirstWrite) {
  Result<Patient> stored = InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-1"));
  ASSERT_TRUE(stored);
  Patient first = *stored;
  first.phone = "555-0101";
  ASSERT_TRUE(UpdatePatient(this->Db(), this->org_a_, first));
  Patient second = *stored;  // Still version 1.
  second.phone = "555-0102";
  EXPECT_EQ(CodeOf(UpdatePatient(this->Db(), this->org_a_, second)), ErrorCode::kAborted);
  Result<Patient> found = FindPatient(this->Db(), this->org_a_, stored->id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->phone, "555-0101");
  EXPECT_EQ(found->version, 2);
}

TYPED_TEST(PatientContractTest, UpdateOfMissingPatientIsNotFound) {
  Patient ghost = MakePatient("MRN-1");
  ghost.id = PatientId(987654321);
  ghost.version = 1;
  EXPECT_EQ(CodeOf(UpdatePatient(this->Db(), this->org_a_, ghost)), ErrorCode::kNotFound);
}

TYPED_TEST(PatientContractTest, UpdateToATakenMrnIsAlreadyExists) {
  ASSERT_TRUE(InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-1")));
  Result<Patient> second = InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-2"));
  ASSERT_TRUE(second);
  Patient changed = *second;
  changed.mrn = "MRN-1";
  EXPECT_EQ(CodeOf(UpdatePatient(this->Db(), this->org_a_, changed)), ErrorCode::kAlreadyExists);
}

TYPED_TEST(PatientContractTest, InvalidUpdateIsInvalidArgument) {
  Result<Patient> stored = InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-1"));
  ASSERT_TRUE(stored);
  Patient changed = *stored;
  changed.given_name.clear();
  EXPECT_EQ(CodeOf(UpdatePatient(this->Db(), this->org_a_, changed)), ErrorCode::kInvalidArgument);
}

TYPED_TEST(PatientContractTest, AnotherOrganizationCannotSeeOrTouchAPatient) {
  Result<Patient> stored = InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-1", "Hidden"));
  ASSERT_TRUE(stored);
  Store& store = this->Db();
  OrganizationId b = this->org_b_;
  EXPECT_EQ(CodeOf(FindPatient(store, b, stored->id)), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(InTx(store, b, TxMode::kRead,
                        [](Transaction& tx) { return tx.Patients().FindByMrn("MRN-1"); })),
            ErrorCode::kNotFound);
  Patient hijack = *stored;
  hijack.family_name = "Hijacked";
  EXPECT_EQ(CodeOf(UpdatePatient(store, b, hijack)), ErrorCode::kNotFound);
  Result<std::vector<Patient>> listed = InTx(store, b, TxMode::kRead, [](Transaction& tx) {
    return tx.Patients().List(
        PatientQuery{.family_name_prefix = "", .mrn = "", .after_id = {}, .limit = 1000});
  });
  ASSERT_TRUE(listed);
  EXPECT_TRUE(listed->empty());
  Result<std::int64_t> count =
      InTx(store, b, TxMode::kRead, [](Transaction& tx) { return tx.Patients().Count(); });
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 0);
  Result<Patient> unchanged = FindPatient(store, this->org_a_, stored->id);
  ASSERT_TRUE(unchanged);
  EXPECT_EQ(*unchanged, *stored);
}

TYPED_TEST(PatientContractTest, ErrorMessagesNeverQuoteRecordContents) {
  const std::string mrn = "SECRET-MRN-4242";
  const std::string name = "Privatename";
  Result<Patient> stored = InsertPatient(this->Db(), this->org_a_, MakePatient(mrn, name));
  ASSERT_TRUE(stored);
  Result<Patient> other = InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-2", name));
  ASSERT_TRUE(other);
  Patient taken = *other;
  taken.mrn = mrn;
  Patient stale = *stored;
  stale.version = 99;
  std::vector<Error> errors;
  for (const Result<Patient>& failed :
       {InsertPatient(this->Db(), this->org_a_, MakePatient(mrn, name)),
        UpdatePatient(this->Db(), this->org_a_, taken),
        UpdatePatient(this->Db(), this->org_a_, stale),
        InTx(this->Db(), this->org_b_, TxMode::kRead,
             [&](Transaction& tx) { return tx.Patients().FindByMrn(mrn); })}) {
    ASSERT_FALSE(failed);
    errors.push_back(failed.error());
  }
  for (const Error& error : errors) {
    EXPECT_EQ(error.ToString().find(mrn), std::string::npos) << error.ToString();
    EXPECT_EQ(error.ToString().find(name), std::string::npos) << error.ToString();
  }
}

}  // namespace
}  // namespace roi::contract
