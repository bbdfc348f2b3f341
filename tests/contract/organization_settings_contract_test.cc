// Contract of the organization settings (migration 19): entity type, Part 2 flag and
// assignment-scoped roles on OrganizationRepository, the transaction-bound
// OrganizationSettingsRepository, and FacilityRepository::Update.
#include <gtest/gtest.h>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

template <typename Factory>
class OrganizationSettingsContractTest : public MigratedStoreTest<Factory> {
 protected:
  template <typename Fn>
  auto System(TxMode mode, Fn fn) {
    return InSystemTx(this->Db(), mode,
                      [&](SystemTransaction& tx) { return fn(tx.Organizations()); });
  }
  template <typename Fn>
  auto Settings(OrganizationId organization, TxMode mode, Fn fn) {
    return InTx(this->Db(), organization, mode,
                [&](Transaction& tx) { return fn(tx.OrganizationSettings()); });
  }
  template <typename Fn>
  auto Facilities(OrganizationId organization, TxMode mode, Fn fn) {
    return InTx(this->Db(), organization, mode,
                [&](Transaction& tx) { return fn(tx.Facilities()); });
  }
};
TYPED_TEST_SUITE(OrganizationSettingsContractTest, Implementations, ImplementationNames);

TYPED_TEST(OrganizationSettingsContractTest, NewOrganizationIsOtherWithoutPart2AndDefaultRoles) {
  Result<Organization> found =
      this->System(TxMode::kRead, [&](OrganizationRepository& r) { return r.Find(this->org_a_); });
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(found->entity_type, EntityType::kOther);
  EXPECT_FALSE(found->part2_program);
  EXPECT_FALSE(found->assignment_scoped_roles.has_value());
}

TYPED_TEST(OrganizationSettingsContractTest, InsertAndUpdateKeepEntityPart2AndRoles) {
  Organization clinic = MakeOrganization("clinic");
  clinic.entity_type = EntityType::kHospital;
  clinic.part2_program = true;
  clinic.assignment_scoped_roles = std::vector<Role>{Role::kClinician, Role::kBilling};
  Result<Organization> stored =
      this->System(TxMode::kWrite, [&](OrganizationRepository& r) { return r.Insert(clinic); });
  ASSERT_TRUE(stored) << stored.error().ToString();
  Result<Organization> found =
      this->System(TxMode::kRead, [&](OrganizationRepository& r) { return r.Find(stored->id); });
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(*found, *stored);
  EXPECT_EQ(found->entity_type, EntityType::kHospital);
  EXPECT_TRUE(found->part2_program);
  EXPECT_EQ(found->assignment_scoped_roles, (std::vector<Role>{Role::kClinician, Role::kBilling}));

  // An empty list (nobody is scoped) is kept apart from unset (the deployment's default).
  Organization changed = *found;
  changed.entity_type = EntityType::kPhysicianPractice;
  changed.part2_program = false;
  changed.assignment_scoped_roles = std::vector<Role>{};
  Result<Organization> updated =
      this->System(TxMode::kWrite, [&](OrganizationRepository& r) { return r.Update(changed); });
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(updated->version, 2);
  found =
      this->System(TxMode::kRead, [&](OrganizationRepository& r) { return r.Find(stored->id); });
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, *updated);
  EXPECT_EQ(found->entity_type, EntityType::kPhysicianPractice);
  EXPECT_FALSE(found->part2_program);
  ASSERT_TRUE(found->assignment_scoped_roles.has_value());
  EXPECT_TRUE(found->assignment_scoped_roles->empty());

  changed = *found;
  changed.assignment_scoped_roles.reset();
  updated =
      this->System(TxMode::kWrite, [&](OrganizationRepository& r) { return r.Update(changed); });
  ASSERT_TRUE(updated) << updated.error().ToString();
  found =
      this->System(TxMode::kRead, [&](OrganizationRepository& r) { return r.Find(stored->id); });
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->assignment_scoped_roles.has_value());
}

TYPED_TEST(OrganizationSettingsContractTest, RolesNamedTwiceAreInvalid) {
  Organization clinic = MakeOrganization("clinic");
  clinic.assignment_scoped_roles = std::vector<Role>{Role::kClinician, Role::kClinician};
  EXPECT_EQ(CodeOf(this->System(TxMode::kWrite,
                                [&](OrganizationRepository& r) { return r.Insert(clinic); })),
            ErrorCode::kInvalidArgument);
}

TYPED_TEST(OrganizationSettingsContractTest, SettingsAreBoundToTheTransactionsOrganization) {
  Result<Organization> own = this->Settings(
      this->org_b_, TxMode::kRead, [](OrganizationSettingsRepository& r) { return r.Get(); });
  ASSERT_TRUE(own) << own.error().ToString();
  EXPECT_EQ(own->id, this->org_b_);

  // Naming the other organization's id changes the transaction's own row.
  Organization changed = *own;
  changed.id = this->org_a_;
  changed.name = "Renamed B";
  changed.entity_type = EntityType::kBehavioralHealth;
  Result<Organization> updated =
      this->Settings(this->org_b_, TxMode::kWrite,
                     [&](OrganizationSettingsRepository& r) { return r.Update(changed); });
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(updated->id, this->org_b_);
  Result<Organization> a =
      this->System(TxMode::kRead, [&](OrganizationRepository& r) { return r.Find(this->org_a_); });
  Result<Organization> b =
      this->System(TxMode::kRead, [&](OrganizationRepository& r) { return r.Find(this->org_b_); });
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->name, "Renamed B");
  EXPECT_EQ(a->entity_type, EntityType::kOther);
  EXPECT_EQ(b->name, "Renamed B");
  EXPECT_EQ(b->entity_type, EntityType::kBehavioralHealth);
  EXPECT_EQ(b->version, own->version + 1);
}

TYPED_TEST(OrganizationSettingsContractTest, StaleSettingsVersionIsAbortedAndReadOnlyRefused) {
  Result<Organization> own = this->Settings(
      this->org_a_, TxMode::kRead, [](OrganizationSettingsRepository& r) { return r.Get(); });
  ASSERT_TRUE(own);
  Organization first = *own;
  first.part2_program = true;
  ASSERT_TRUE(this->Settings(this->org_a_, TxMode::kWrite,
                             [&](OrganizationSettingsRepository& r) { return r.Update(first); }));
  Organization stale = *own;
  stale.name = "Too late";
  EXPECT_EQ(
      CodeOf(this->Settings(this->org_a_, TxMode::kWrite,
                            [&](OrganizationSettingsRepository& r) { return r.Update(stale); })),
      ErrorCode::kAborted);
  EXPECT_EQ(
      CodeOf(this->Settings(this->org_a_, TxMode::kRead,
                            [&](OrganizationSettingsRepository& r) { return r.Update(first); })),
      ErrorCode::kFailedPrecondition);
}

TYPED_TEST(OrganizationSettingsContractTest, FacilityUpdateChangesNameAndNpiOnce) {
  Result<Facility> stored =
      this->Facilities(this->org_a_, TxMode::kWrite, [](FacilityRepository& r) {
        return r.Insert(Facility{
            .id = {}, .organization_id = {}, .name = "North Clinic", .npi = "", .version = 0});
      });
  ASSERT_TRUE(stored) << stored.error().ToString();
  Facility changed = *stored;
  changed.name = "North Campus";
  changed.npi = "1234567893";
  Result<Facility> updated = this->Facilities(
      this->org_a_, TxMode::kWrite, [&](FacilityRepository& r) { return r.Update(changed); });
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(updated->organization_id, this->org_a_);
  Result<Facility> found = this->Facilities(
      this->org_a_, TxMode::kRead, [&](FacilityRepository& r) { return r.Find(stored->id); });
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, *updated);
  EXPECT_EQ(found->name, "North Campus");
  EXPECT_EQ(found->npi, "1234567893");

  // The same version again is stale.
  EXPECT_EQ(CodeOf(this->Facilities(this->org_a_, TxMode::kWrite,
                                    [&](FacilityRepository& r) { return r.Update(changed); })),
            ErrorCode::kAborted);
  // Another organization cannot reach it; bad input is refused.
  Facility theirs = *updated;
  EXPECT_EQ(CodeOf(this->Facilities(this->org_b_, TxMode::kWrite,
                                    [&](FacilityRepository& r) { return r.Update(theirs); })),
            ErrorCode::kNotFound);
  Facility bad = *updated;
  bad.npi = "12345";
  EXPECT_EQ(CodeOf(this->Facilities(this->org_a_, TxMode::kWrite,
                                    [&](FacilityRepository& r) { return r.Update(bad); })),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(this->Facilities(this->org_a_, TxMode::kRead,
                                    [&](FacilityRepository& r) { return r.Update(*updated); })),
            ErrorCode::kFailedPrecondition);
  Result<Facility> unchanged = this->Facilities(
      this->org_a_, TxMode::kRead, [&](FacilityRepository& r) { return r.Find(stored->id); });
  ASSERT_TRUE(unchanged);
  EXPECT_EQ(unchanged->name, "North Campus");
  EXPECT_EQ(unchanged->version, 2);
}

}  // namespace
}  // namespace roi::contract
