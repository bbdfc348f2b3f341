// Contract of OrganizationRepository (reached through a SystemTransaction).
#include <gtest/gtest.h>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

template <typename Factory>
class OrganizationContractTest : public MigratedStoreTest<Factory> {
 protected:
  // Runs `fn(organizations)` in a write system transaction.
  template <typename Fn>
  auto Write(Fn fn) {
    return InSystemTx(this->Db(), TxMode::kWrite,
                      [&](SystemTransaction& tx) { return fn(tx.Organizations()); });
  }
  template <typename Fn>
  auto Read(Fn fn) {
    return InSystemTx(this->Db(), TxMode::kRead,
                      [&](SystemTransaction& tx) { return fn(tx.Organizations()); });
  }
};
TYPED_TEST_SUITE(OrganizationContractTest, Implementations, ImplementationNames);

TYPED_TEST(OrganizationContractTest, InsertAssignsIdAndVersionOne) {
  Result<Organization> stored =
      this->Write([](OrganizationRepository& r) { return r.Insert(MakeOrganization("clinic")); });
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_TRUE(stored->id.IsSet());
  EXPECT_NE(stored->id, this->org_a_);
  EXPECT_EQ(stored->version, 1);
  EXPECT_EQ(stored->slug, "clinic");
  EXPECT_EQ(stored->name, "Org clinic");
  EXPECT_EQ(stored->state, "CA");
}

TYPED_TEST(OrganizationContractTest, FindReturnsWhatWasInserted) {
  Result<Organization> stored =
      this->Write([](OrganizationRepository& r) { return r.Insert(MakeOrganization("clinic")); });
  ASSERT_TRUE(stored);
  Result<Organization> found =
      this->Read([&](OrganizationRepository& r) { return r.Find(stored->id); });
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(*found, *stored);
  Result<Organization> by_slug =
      this->Read([](OrganizationRepository& r) { return r.FindBySlug("clinic"); });
  ASSERT_TRUE(by_slug) << by_slug.error().ToString();
  EXPECT_EQ(*by_slug, *stored);
}

TYPED_TEST(OrganizationContractTest, MissingOrganizationIsNotFound) {
  EXPECT_EQ(CodeOf(this->Read(
                [](OrganizationRepository& r) { return r.Find(OrganizationId(987654321)); })),
            ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(this->Read([](OrganizationRepository& r) { return r.FindBySlug("nope"); })),
            ErrorCode::kNotFound);
}

TYPED_TEST(OrganizationContractTest, ListIsOrderedById) {
  Result<std::vector<Organization>> all =
      this->Read([](OrganizationRepository& r) { return r.List(); });
  ASSERT_TRUE(all) << all.error().ToString();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, this->org_a_);
  EXPECT_EQ((*all)[1].id, this->org_b_);
  EXPECT_LT((*all)[0].id, (*all)[1].id);
}

TYPED_TEST(OrganizationContractTest, DuplicateSlugIsAlreadyExists) {
  Result<Organization> again =
      this->Write([](OrganizationRepository& r) { return r.Insert(MakeOrganization("org-a")); });
  EXPECT_EQ(CodeOf(again), ErrorCode::kAlreadyExists);
}

TYPED_TEST(OrganizationContractTest, InvalidOrganizationIsInvalidArgument) {
  Organization bad_slug = MakeOrganization("Not A Slug");
  Organization bad_state = MakeOrganization("fine");
  bad_state.state = "California";
  Organization no_name = MakeOrganization("fine");
  no_name.name.clear();
  for (const Organization& bad : {bad_slug, bad_state, no_name}) {
    EXPECT_EQ(CodeOf(this->Write([&](OrganizationRepository& r) { return r.Insert(bad); })),
              ErrorCode::kInvalidArgument);
  }
}

TYPED_TEST(OrganizationContractTest, UpdateReplacesFieldsAndIncrementsVersion) {
  Result<Organization> current =
      this->Read([&](OrganizationRepository& r) { return r.Find(this->org_a_); });
  ASSERT_TRUE(current);
  Organization changed = *current;
  changed.name = "Renamed";
  changed.slug = "renamed";
  changed.state = "NY";
  Result<Organization> updated =
      this->Write([&](OrganizationRepository& r) { return r.Update(changed); });
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(updated->version, current->version + 1);
  Result<Organization> found =
      this->Read([&](OrganizationRepository& r) { return r.Find(this->org_a_); });
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, *updated);
  EXPECT_EQ(found->slug, "renamed");
  EXPECT_EQ(found->state, "NY");
}

TYPED_TEST(OrganizationContractTest, UpdateWithStaleVersionIsAborted) {
  Result<Organization> current =
      this->Read([&](OrganizationRepository& r) { return r.Find(this->org_a_); });
  ASSERT_TRUE(current);
  Organization first = *current;
  first.name = "First writer";
  ASSERT_TRUE(this->Write([&](OrganizationRepository& r) { return r.Update(first); }));
  Organization second = *current;
  second.name = "Second writer";
  EXPECT_EQ(CodeOf(this->Write([&](OrganizationRepository& r) { return r.Update(second); })),
            ErrorCode::kAborted);
  Result<Organization> found =
      this->Read([&](OrganizationRepository& r) { return r.Find(this->org_a_); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->name, "First writer");
}

TYPED_TEST(OrganizationContractTest, UpdateOfMissingOrganizationIsNotFound) {
  Organization ghost = MakeOrganization("ghost");
  ghost.id = OrganizationId(987654321);
  ghost.version = 1;
  EXPECT_EQ(CodeOf(this->Write([&](OrganizationRepository& r) { return r.Update(ghost); })),
            ErrorCode::kNotFound);
}

TYPED_TEST(OrganizationContractTest, UpdateToATakenSlugIsAlreadyExists) {
  Result<Organization> a =
      this->Read([&](OrganizationRepository& r) { return r.Find(this->org_a_); });
  ASSERT_TRUE(a);
  Organization changed = *a;
  changed.slug = "org-b";
  EXPECT_EQ(CodeOf(this->Write([&](OrganizationRepository& r) { return r.Update(changed); })),
            ErrorCode::kAlreadyExists);
}

TYPED_TEST(OrganizationContractTest, InvalidUpdateIsInvalidArgument) {
  Result<Organization> a =
      this->Read([&](OrganizationRepository& r) { return r.Find(this->org_a_); });
  ASSERT_TRUE(a);
  Organization changed = *a;
  changed.state = "ca";
  EXPECT_EQ(CodeOf(this->Write([&](OrganizationRepository& r) { return r.Update(changed); })),
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace roi::contract
