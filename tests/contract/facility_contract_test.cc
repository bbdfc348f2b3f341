// Contract of FacilityRepository: bound to the transaction's organization.
#include <gtest/gtest.h>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

Facility MakeFacility(const std::string& name, const std::string& npi = "") {
  return Facility{.id = {}, .organization_id = {}, .name = name, .npi = npi, .version = 0};
}

template <typename Factory>
class FacilityContractTest : public MigratedStoreTest<Factory> {
 protected:
  template <typename Fn>
  auto Write(OrganizationId organization, Fn fn) {
    return InTx(this->Db(), organization, TxMode::kWrite,
                [&](Transaction& tx) { return fn(tx.Facilities()); });
  }
  template <typename Fn>
  auto Read(OrganizationId organization, Fn fn) {
    return InTx(this->Db(), organization, TxMode::kRead,
                [&](Transaction& tx) { return fn(tx.Facilities()); });
  }
};
TYPED_TEST_SUITE(FacilityContractTest, Implementations, ImplementationNames);

TYPED_TEST(FacilityContractTest, InsertAssignsIdVersionAndTheTransactionsOrganization) {
  Facility facility = MakeFacility("North Clinic", "1234567893");
  facility.organization_id = this->org_b_;  // Ignored: the transaction's organization wins.
  Result<Facility> stored =
      this->Write(this->org_a_, [&](FacilityRepository& r) { return r.Insert(facility); });
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_TRUE(stored->id.IsSet());
  EXPECT_EQ(stored->organization_id, this->org_a_);
  EXPECT_EQ(stored->version, 1);
  Result<Facility> found =
      this->Read(this->org_a_, [&](FacilityRepository& r) { return r.Find(stored->id); });
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(*found, *stored);
  EXPECT_EQ(found->npi, "1234567893");
}

TYPED_TEST(FacilityContractTest, MissingFacilityIsNotFound) {
  EXPECT_EQ(CodeOf(this->Read(this->org_a_,
                              [](FacilityRepository& r) { return r.Find(FacilityId(987654321)); })),
            ErrorCode::kNotFound);
}

TYPED_TEST(FacilityContractTest, InvalidFacilityIsInvalidArgument) {
  for (const Facility& bad : {MakeFacility(""), MakeFacility("Clinic", "12345")}) {
    EXPECT_EQ(
        CodeOf(this->Write(this->org_a_, [&](FacilityRepository& r) { return r.Insert(bad); })),
        ErrorCode::kInvalidArgument);
  }
}

TYPED_TEST(FacilityContractTest, ListShowsOnlyThisOrganizationsFacilitiesById) {
  Result<Facility> a1 = this->Write(
      this->org_a_, [](FacilityRepository& r) { return r.Insert(MakeFacility("A one")); });
  Result<Facility> b1 = this->Write(
      this->org_b_, [](FacilityRepository& r) { return r.Insert(MakeFacility("B one")); });
  Result<Facility> a2 = this->Write(
      this->org_a_, [](FacilityRepository& r) { return r.Insert(MakeFacility("A two")); });
  ASSERT_TRUE(a1 && b1 && a2);
  Result<std::vector<Facility>> listed =
      this->Read(this->org_a_, [](FacilityRepository& r) { return r.List(); });
  ASSERT_TRUE(listed) << listed.error().ToString();
  EXPECT_EQ(*listed, (std::vector<Facility>{*a1, *a2}));
}

TYPED_TEST(FacilityContractTest, AnotherOrganizationsFacilityIsNotFound) {
  Result<Facility> a1 = this->Write(
      this->org_a_, [](FacilityRepository& r) { return r.Insert(MakeFacility("A one")); });
  ASSERT_TRUE(a1);
  EXPECT_EQ(CodeOf(this->Read(this->org_b_, [&](FacilityRepository& r) { return r.Find(a1->id); })),
            ErrorCode::kNotFound);
  Result<std::vector<Facility>> listed =
      this->Read(this->org_b_, [](FacilityRepository& r) { return r.List(); });
  ASSERT_TRUE(listed);
  EXPECT_TRUE(listed->empty());
}

}  // namespace
}  // namespace roi::contract
