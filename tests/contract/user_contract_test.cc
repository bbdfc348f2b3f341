// Contract of UserRepository and SessionRepository: bound to the transaction's organization.
#include <gtest/gtest.h>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

User MakeUser(const std::string& email) {
  return User{.email = email,
              .display_name = "Sample User",
              .role = Role::kRoiSpecialist,
              .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"};
}

Session MakeSession(const std::string& hash, UserId user) {
  return Session{.token_hash = hash,
                 .user_id = user,
                 .csrf_token = "csrf-" + hash,
                 .created_micros = 1000,
                 .expires_micros = 9000,
                 .last_seen_micros = 1000};
}

template <typename Factory>
class UserContractTest : public MigratedStoreTest<Factory> {
 protected:
  template <typename Fn>
  auto Write(OrganizationId organization, Fn fn) {
    return InTx(this->Db(), organization, TxMode::kWrite, fn);
  }
  template <typename Fn>
  auto Read(OrganizationId organization, Fn fn) {
    return InTx(this->Db(), organization, TxMode::kRead, fn);
  }
  Result<User> Add(OrganizationId organization, const User& user) {
    return Write(organization, [&](Transaction& tx) { return tx.Users().Insert(user); });
  }
};
TYPED_TEST_SUITE(UserContractTest, Implementations, ImplementationNames);

TYPED_TEST(UserContractTest, InsertNormalizesEmailAndRoundTripsEveryField) {
  User user = MakeUser("Sam.Specialist@Example.TEST");
  user.organization_id = this->org_b_;  // Ignored: the transaction's organization wins.
  user.role = Role::kPrivacyOfficer;
  user.disabled = true;
  user.failed_logins = 3;
  user.locked_until_micros = 123456789;
  user.release_authorized = true;
  user.training_attested_on = *Date::FromYmd(2026, 1, 15);
  user.training_expires_on = *Date::FromYmd(2027, 1, 15);
  Result<User> stored = this->Add(this->org_a_, user);
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_TRUE(stored->id.IsSet());
  EXPECT_EQ(stored->organization_id, this->org_a_);
  EXPECT_EQ(stored->email, "sam.specialist@example.test");
  EXPECT_EQ(stored->version, 1);
  Result<User> found =
      this->Read(this->org_a_, [&](Transaction& tx) { return tx.Users().Find(stored->id); });
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(*found, *stored);
  Result<User> by_email = this->Read(this->org_a_, [](Transaction& tx) {
    return tx.Users().FindByEmail("SAM.specialist@example.test");
  });
  ASSERT_TRUE(by_email) << by_email.error().ToString();
  EXPECT_EQ(*by_email, *stored);
}

TYPED_TEST(UserContractTest, EmailIsUniquePerOrganizationCaseInsensitively) {
  ASSERT_TRUE(this->Add(this->org_a_, MakeUser("pat@example.test")));
  EXPECT_EQ(CodeOf(this->Add(this->org_a_, MakeUser("PAT@example.test"))),
            ErrorCode::kAlreadyExists);
  EXPECT_TRUE(this->Add(this->org_b_, MakeUser("pat@example.test")));
}

TYPED_TEST(UserContractTest, InvalidAndMissingUsers) {
  EXPECT_EQ(CodeOf(this->Add(this->org_a_, MakeUser("not-an-email"))), ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(this->Read(this->org_a_,
                              [](Transaction& tx) { return tx.Users().Find(UserId(987654)); })),
            ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(this->Read(
                this->org_a_,
                [](Transaction& tx) { return tx.Users().FindByEmail("nobody@example.test"); })),
            ErrorCode::kNotFound);
}

TYPED_TEST(UserContractTest, UpdateUsesOptimisticVersions) {
  Result<User> stored = this->Add(this->org_a_, MakeUser("v@example.test"));
  ASSERT_TRUE(stored);
  User changed = *stored;
  changed.failed_logins = 2;
  changed.training_expires_on = *Date::FromYmd(2030, 1, 1);
  Result<User> updated =
      this->Write(this->org_a_, [&](Transaction& tx) { return tx.Users().Update(changed); });
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(updated->version, 2);
  Result<User> found =
      this->Read(this->org_a_, [&](Transaction& tx) { return tx.Users().Find(stored->id); });
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, *updated);
  EXPECT_EQ(CodeOf(this->Write(this->org_a_,
                               [&](Transaction& tx) { return tx.Users().Update(changed); })),
            ErrorCode::kAborted);
  EXPECT_EQ(CodeOf(this->Write(this->org_b_,
                               [&](Transaction& tx) { return tx.Users().Update(*updated); })),
            ErrorCode::kNotFound);
}

TYPED_TEST(UserContractTest, UsersAreIsolatedByOrganization) {
  Result<User> a = this->Add(this->org_a_, MakeUser("a@example.test"));
  Result<User> b = this->Add(this->org_b_, MakeUser("b@example.test"));
  Result<User> a2 = this->Add(this->org_a_, MakeUser("a2@example.test"));
  ASSERT_TRUE(a && b && a2);
  EXPECT_EQ(
      CodeOf(this->Read(this->org_b_, [&](Transaction& tx) { return tx.Users().Find(a->id); })),
      ErrorCode::kNotFound);
  EXPECT_EQ(
      CodeOf(this->Read(this->org_b_,
                        [](Transaction& tx) { return tx.Users().FindByEmail("a@example.test"); })),
      ErrorCode::kNotFound);
  Result<std::vector<User>> listed =
      this->Read(this->org_a_, [](Transaction& tx) { return tx.Users().List(); });
  ASSERT_TRUE(listed);
  EXPECT_EQ(*listed, (std::vector<User>{*a, *a2}));
}

TYPED_TEST(UserContractTest, SessionsRoundTripTouchAndDelete) {
  Result<User> user = this->Add(this->org_a_, MakeUser("s@example.test"));
  ASSERT_TRUE(user);
  Result<Session> stored = this->Write(this->org_a_, [&](Transaction& tx) {
    return tx.Sessions().Insert(MakeSession("hash-1", user->id));
  });
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_EQ(stored->organization_id, this->org_a_);
  Result<Session> found = this->Read(
      this->org_a_, [](Transaction& tx) { return tx.Sessions().FindByTokenHash("hash-1"); });
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(*found, *stored);
  EXPECT_EQ(CodeOf(this->Write(this->org_a_,
                               [&](Transaction& tx) {
                                 return tx.Sessions().Insert(MakeSession("hash-1", user->id));
                               })),
            ErrorCode::kAlreadyExists);
  Status touched = this->Db().InTransaction(this->org_a_, TxMode::kWrite, [](Transaction& tx) {
    return tx.Sessions().Touch("hash-1", 5000);
  });
  ASSERT_TRUE(touched) << touched.error().ToString();
  found = this->Read(this->org_a_,
                     [](Transaction& tx) { return tx.Sessions().FindByTokenHash("hash-1"); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->last_seen_micros, 5000);
  Status deleted = this->Db().InTransaction(
      this->org_a_, TxMode::kWrite, [](Transaction& tx) { return tx.Sessions().Delete("hash-1"); });
  ASSERT_TRUE(deleted);
  EXPECT_EQ(
      CodeOf(this->Read(this->org_a_,
                        [](Transaction& tx) { return tx.Sessions().FindByTokenHash("hash-1"); })),
      ErrorCode::kNotFound);
  Status missing = this->Db().InTransaction(this->org_a_, TxMode::kWrite, [](Transaction& tx) {
    return tx.Sessions().Touch("hash-1", 6000);
  });
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TYPED_TEST(UserContractTest, SessionsAreIsolatedByOrganization) {
  Result<User> a = this->Add(this->org_a_, MakeUser("a@example.test"));
  ASSERT_TRUE(a);
  // A session cannot name a user of another organization.
  EXPECT_EQ(CodeOf(this->Write(
                this->org_b_,
                [&](Transaction& tx) { return tx.Sessions().Insert(MakeSession("x", a->id)); })),
            ErrorCode::kNotFound);
  ASSERT_TRUE(this->Write(this->org_a_, [&](Transaction& tx) {
    return tx.Sessions().Insert(MakeSession("hash-a", a->id));
  }));
  EXPECT_EQ(
      CodeOf(this->Read(this->org_b_,
                        [](Transaction& tx) { return tx.Sessions().FindByTokenHash("hash-a"); })),
      ErrorCode::kNotFound);
  // Deleting from organization B leaves A's session alone.
  ASSERT_TRUE(this->Db().InTransaction(this->org_b_, TxMode::kWrite, [](Transaction& tx) {
    return tx.Sessions().Delete("hash-a");
  }));
  EXPECT_TRUE(this->Read(this->org_a_,
                         [](Transaction& tx) { return tx.Sessions().FindByTokenHash("hash-a"); }));
}

TYPED_TEST(UserContractTest, DeleteForUserRemovesOnlyThatUsersSessions) {
  Result<User> one = this->Add(this->org_a_, MakeUser("one@example.test"));
  Result<User> two = this->Add(this->org_a_, MakeUser("two@example.test"));
  ASSERT_TRUE(one && two);
  for (const char* hash : {"h1", "h2"}) {
    ASSERT_TRUE(this->Write(this->org_a_, [&](Transaction& tx) {
      return tx.Sessions().Insert(MakeSession(hash, one->id));
    }));
  }
  ASSERT_TRUE(this->Write(this->org_a_, [&](Transaction& tx) {
    return tx.Sessions().Insert(MakeSession("h3", two->id));
  }));
  Result<std::int64_t> deleted = this->Write(
      this->org_a_, [&](Transaction& tx) { return tx.Sessions().DeleteForUser(one->id); });
  ASSERT_TRUE(deleted) << deleted.error().ToString();
  EXPECT_EQ(*deleted, 2);
  EXPECT_TRUE(this->Read(this->org_a_,
                         [](Transaction& tx) { return tx.Sessions().FindByTokenHash("h3"); }));
}

TYPED_TEST(UserContractTest, WritesInAReadTransactionFail) {
  EXPECT_EQ(CodeOf(this->Read(
                this->org_a_,
                [](Transaction& tx) { return tx.Users().Insert(MakeUser("r@example.test")); })),
            ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace roi::contract
