// Contract of SavedViewRepository: views are bound to the transaction's organization and to their
// user, listed by name per screen, replaced by name (keeping the id), validated, and deleted only
// by their owner.
#include <gtest/gtest.h>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

template <typename Factory>
class SavedViewContractTest : public MigratedStoreTest<Factory> {
 protected:
  void SetUp() override {
    MigratedStoreTest<Factory>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    alice_ = AddUser(this->org_a_, "alice@example.test");
    bob_ = AddUser(this->org_a_, "bob@example.test");
    carol_ = AddUser(this->org_b_, "carol@example.test");
  }

  UserId AddUser(OrganizationId organization, const std::string& email) {
    Result<User> user = InTx(this->Db(), organization, TxMode::kWrite, [&](Transaction& tx) {
      return tx.Users().Insert(
          User{.email = email,
               .display_name = "Sample User",
               .role = Role::kRoiSpecialist,
               .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"});
    });
    EXPECT_TRUE(user) << user.error().ToString();
    return user ? user->id : UserId();
  }

  Result<SavedView> Put(const SavedView& view, OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kWrite,
                [&](Transaction& tx) { return tx.SavedViews().Put(view); });
  }
  Result<std::vector<SavedView>> List(UserId user, std::string_view screen,
                                      OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kRead,
                [&](Transaction& tx) { return tx.SavedViews().List(user, screen); });
  }
  Status Delete(UserId user, std::int64_t id, OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kWrite,
                [&](Transaction& tx) { return tx.SavedViews().Delete(user, id); });
  }

  static SavedView View(UserId user, std::string name, std::string filters = R"({"a":1})") {
    return SavedView{.user_id = user,
                     .screen = "queue",
                     .name = std::move(name),
                     .filters_json = std::move(filters),
                     .updated_micros = 1000};
  }

  UserId alice_, bob_, carol_;
};
TYPED_TEST_SUITE(SavedViewContractTest, Implementations, ImplementationNames);

TYPED_TEST(SavedViewContractTest, PutListsByNameAndReplacesByName) {
  Result<SavedView> mine = this->Put(this->View(this->alice_, "Mine"));
  ASSERT_TRUE(mine) << mine.error().ToString();
  EXPECT_GT(mine->id, 0);
  EXPECT_EQ(mine->filters_json, R"({"a":1})");
  ASSERT_TRUE(this->Put(this->View(this->alice_, "Late")));
  ASSERT_TRUE(this->Put(SavedView{.user_id = this->alice_,
                                  .screen = "other_screen",
                                  .name = "Elsewhere",
                                  .filters_json = "{}",
                                  .updated_micros = 5}));
  SavedView changed = this->View(this->alice_, "Mine", R"({"b":2})");
  changed.updated_micros = 2000;
  Result<SavedView> replaced = this->Put(changed);
  ASSERT_TRUE(replaced) << replaced.error().ToString();
  EXPECT_EQ(replaced->id, mine->id);
  EXPECT_EQ(replaced->filters_json, R"({"b":2})");
  EXPECT_EQ(replaced->updated_micros, 2000);

  Result<std::vector<SavedView>> listed = this->List(this->alice_, "queue");
  ASSERT_TRUE(listed) << listed.error().ToString();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].name, "Late");
  EXPECT_EQ((*listed)[1], *replaced);
  Result<std::vector<SavedView>> other = this->List(this->alice_, "other_screen");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->size(), 1u);
}

TYPED_TEST(SavedViewContractTest, BoundToTheUserAndTheOrganization) {
  Result<SavedView> mine = this->Put(this->View(this->alice_, "Mine"));
  ASSERT_TRUE(mine) << mine.error().ToString();
  // Bob has the same name without touching Alice's.
  Result<SavedView> bobs = this->Put(this->View(this->bob_, "Mine", R"({"bob":true})"));
  ASSERT_TRUE(bobs) << bobs.error().ToString();
  EXPECT_NE(bobs->id, mine->id);
  Result<std::vector<SavedView>> alices = this->List(this->alice_, "queue");
  ASSERT_TRUE(alices);
  ASSERT_EQ(alices->size(), 1u);
  EXPECT_EQ((*alices)[0].filters_json, R"({"a":1})");
  // Another organization neither sees nor reaches them, nor stores views for users not its own.
  Result<std::vector<SavedView>> seen = this->List(this->alice_, "queue", this->org_b_);
  ASSERT_TRUE(seen);
  EXPECT_TRUE(seen->empty());
  EXPECT_EQ(this->Delete(this->alice_, mine->id, this->org_b_).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(this->Put(this->View(this->alice_, "Theirs"), this->org_b_)),
            ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(this->Put(this->View(this->carol_, "Hers"))), ErrorCode::kNotFound);
  // Only the owner deletes.
  EXPECT_EQ(this->Delete(this->bob_, mine->id).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(this->Delete(this->alice_, mine->id));
  EXPECT_EQ(this->Delete(this->alice_, mine->id).error().code, ErrorCode::kNotFound);
  Result<std::vector<SavedView>> after = this->List(this->alice_, "queue");
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->empty());
}

TYPED_TEST(SavedViewContractTest, RefusesInvalidViews) {
  SavedView no_name = this->View(this->alice_, "");
  EXPECT_EQ(CodeOf(this->Put(no_name)), ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(this->Put(this->View(this->alice_, std::string(61, 'x')))),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(this->Put(this->View(this->alice_, "Tab\there"))), ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(this->Put(this->View(this->alice_, "Mine", "[1]"))),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(this->Put(this->View(this->alice_, "Mine", "{" + std::string(2048, ' ') + "}"))),
            ErrorCode::kInvalidArgument);
  SavedView bad_screen = this->View(this->alice_, "Mine");
  bad_screen.screen = "Queue";
  EXPECT_EQ(CodeOf(this->Put(bad_screen)), ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(this->Put(this->View(UserId(), "Mine"))), ErrorCode::kInvalidArgument);
  // Nothing was stored.
  Result<std::vector<SavedView>> listed = this->List(this->alice_, "queue");
  ASSERT_TRUE(listed);
  EXPECT_TRUE(listed->empty());
}

TYPED_TEST(SavedViewContractTest, ReadTransactionsCannotWrite) {
  Result<SavedView> attempt = InTx(this->Db(), this->org_a_, TxMode::kRead, [&](Transaction& tx) {
    return tx.SavedViews().Put(this->View(this->alice_, "Mine"));
  });
  EXPECT_FALSE(attempt);
}

}  // namespace
}  // namespace roi::contract
