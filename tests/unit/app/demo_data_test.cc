#include "app/demo_data.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "app/permissions.h"
#include "testing/fake_credentials.h"
#include "testing/in_memory_store.h"

namespace roi {
namespace {

// A migrated, empty in-memory store.
std::unique_ptr<testing::InMemoryStore> MigratedStore() {
  auto store = std::make_unique<testing::InMemoryStore>();
  EXPECT_TRUE(store->Migrate());
  return store;
}

std::vector<Patient> AllPatients(Store& store, OrganizationId organization) {
  std::vector<Patient> patients;
  Status status = store.InTransaction(organization, TxMode::kRead, [&](Transaction& tx) {
    Result<std::vector<Patient>> page = tx.Patients().List(
        PatientQuery{.family_name_prefix = "", .mrn = "", .after_id = {}, .limit = 1000});
    if (!page) return Status(page.error());
    patients = *page;
    return OkStatus();
  });
  EXPECT_TRUE(status);
  return patients;
}

bool IsDemoMrn(const std::string& mrn) {
  if (mrn.size() != 11 || mrn.rfind("DEMO-", 0) != 0) return false;
  return mrn.find_first_not_of("0123456789", 5) == std::string::npos;
}

TEST(DemoDataTest, LoadsTheDemoOrganizationWithFacilitiesAndPatients) {
  auto store = MigratedStore();
  Result<DemoSummary> summary = LoadDemoData(*store);
  ASSERT_TRUE(summary) << summary.error().ToString();
  EXPECT_FALSE(summary->already_loaded);
  EXPECT_EQ(summary->facilities, 2);
  EXPECT_EQ(summary->patients, kDemoPatientCount);
  Status status = store->InSystemTransaction(TxMode::kRead, [&](SystemTransaction& tx) {
    Result<Organization> demo = tx.Organizations().FindBySlug("demo");
    EXPECT_TRUE(demo);
    if (demo) {
      EXPECT_EQ(demo->id, summary->organization);
      EXPECT_EQ(demo->state, "CA");
    }
    return OkStatus();
  });
  EXPECT_TRUE(status);
  EXPECT_EQ(AllPatients(*store, summary->organization).size(),
            static_cast<std::size_t>(kDemoPatientCount));
}

TEST(DemoDataTest, SecondLoadReportsAlreadyLoadedAndAddsNothing) {
  auto store = MigratedStore();
  Result<DemoSummary> first = LoadDemoData(*store);
  ASSERT_TRUE(first);
  Result<DemoSummary> second = LoadDemoData(*store);
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_TRUE(second->already_loaded);
  EXPECT_EQ(second->organization, first->organization);
  EXPECT_EQ(second->facilities, 2);
  EXPECT_EQ(second->patients, kDemoPatientCount);
  EXPECT_EQ(AllPatients(*store, first->organization).size(),
            static_cast<std::size_t>(kDemoPatientCount));
}

TEST(DemoDataTest, IsDeterministic) {
  auto one = MigratedStore();
  auto two = MigratedStore();
  Result<DemoSummary> a = LoadDemoData(*one);
  Result<DemoSummary> b = LoadDemoData(*two);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(AllPatients(*one, a->organization), AllPatients(*two, b->organization));
}

TEST(DemoDataTest, PatientsAreObviouslySyntheticAndSpreadOverAges) {
  auto store = MigratedStore();
  Result<DemoSummary> summary = LoadDemoData(*store);
  ASSERT_TRUE(summary);
  const Date today = DemoReferenceDate();
  std::set<int> ages;
  std::set<std::string> mrns;
  int deceased = 0;
  for (const Patient& patient : AllPatients(*store, summary->organization)) {
    EXPECT_TRUE(IsDemoMrn(patient.mrn)) << patient.mrn;
    mrns.insert(patient.mrn);
    EXPECT_EQ(patient.phone.rfind("555-01", 0), 0u) << patient.phone;
    EXPECT_NE(patient.email.find("@example.org"), std::string::npos) << patient.email;
    EXPECT_TRUE(ValidatePatient(patient));
    EXPECT_LE(patient.birth_date, today);
    int age = today.Year() - patient.birth_date.Year();
    EXPECT_LE(age, 96);
    ages.insert(age / 10);
    if (patient.deceased_on) {
      ++deceased;
      EXPECT_LE(*patient.deceased_on, today);
    }
  }
  EXPECT_EQ(mrns.size(), static_cast<std::size_t>(kDemoPatientCount));
  EXPECT_EQ(ages.size(), 10u) << "every decade of age 0-99 is represented";
  EXPECT_GE(deceased, 2);
  EXPECT_LE(deceased, 20);
}

TEST(DemoDataTest, UnmigratedStoreIsFailedPrecondition) {
  testing::InMemoryStore store;
  Result<DemoSummary> summary = LoadDemoData(store);
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().code, ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace roi

namespace roi {
namespace {

TEST(DemoDataTest, CreatesDemoUsersOnceWithAReleaseReadySpecialist) {
  testing::InMemoryStore store;
  ASSERT_TRUE(store.Migrate());
  testing::FakePasswordHasher hasher;
  Date today = *Date::FromYmd(2026, 11, 23);
  DemoUserOptions options{
      .hasher = &hasher, .password = std::string(kDemoPassword), .today = today};
  Result<DemoSummary> first = LoadDemoData(store, options);
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->users_created, 3);
  Result<DemoSummary> second = LoadDemoData(store, options);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->users_created, 0);
  Status checked = store.InTransaction(first->organization, TxMode::kRead, [&](Transaction& tx) {
    Result<User> specialist = tx.Users().FindByEmail(kDemoLoginEmail);
    if (!specialist) return Status(specialist.error());
    EXPECT_TRUE(CanRelease(*specialist, today));
    EXPECT_TRUE(hasher.Verify(kDemoPassword, specialist->password_hash));
    Result<std::vector<User>> users = tx.Users().List();
    EXPECT_EQ(users->size(), 3u);
    return OkStatus();
  });
  EXPECT_TRUE(checked);
  EXPECT_EQ(LoadDemoData(store, DemoUserOptions{}).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace roi
