// Contract of ApiTokenRepository and SecondFactorRepository: bound to the transaction's
// organization, digests unique per organization, revocation keeps its first time.
#include <gtest/gtest.h>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

User MakeTokenUser(const std::string& email) {
  return User{.email = email,
              .display_name = "Testuser Tokenholder",
              .role = Role::kRoiSpecialist,
              .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"};
}

ApiToken MakeToken(UserId user, const std::string& digest) {
  return ApiToken{.user_id = user,
                  .name = "nightly export",
                  .secret_digest = digest,
                  .scopes = {Permission::kReadPatients, Permission::kManageRequests},
                  .created_micros = 1000,
                  .expires_micros = 9000};
}

template <typename Factory>
class ApiTokenContractTest : public MigratedStoreTest<Factory> {
 protected:
  void SetUp() override {
    MigratedStoreTest<Factory>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    Result<User> a = Write(this->org_a_, [](Transaction& tx) {
      return tx.Users().Insert(MakeTokenUser("alpha@example.test"));
    });
    ASSERT_TRUE(a) << a.error().ToString();
    Result<User> b = Write(this->org_b_, [](Transaction& tx) {
      return tx.Users().Insert(MakeTokenUser("bravo@example.test"));
    });
    ASSERT_TRUE(b) << b.error().ToString();
    user_a_ = a->id;
    user_b_ = b->id;
  }
  template <typename Fn>
  auto Write(OrganizationId organization, Fn fn) {
    return InTx(this->Db(), organization, TxMode::kWrite, fn);
  }
  template <typename Fn>
  auto Read(OrganizationId organization, Fn fn) {
    return InTx(this->Db(), organization, TxMode::kRead, fn);
  }
  Result<ApiToken> Add(OrganizationId organization, const ApiToken& token) {
    return Write(organization, [&](Transaction& tx) { return tx.ApiTokens().Insert(token); });
  }
  Result<ApiToken> Get(OrganizationId organization, ApiTokenId id) {
    return Read(organization, [&](Transaction& tx) { return tx.ApiTokens().Find(id); });
  }

  UserId user_a_;
  UserId user_b_;
};
TYPED_TEST_SUITE(ApiTokenContractTest, Implementations, ImplementationNames);

TYPED_TEST(ApiTokenContractTest, InsertRoundTripsEveryField) {
  ApiToken token = MakeToken(this->user_a_, "digest-one");
  token.organization_id = this->org_b_;  // Ignored: the transaction's organization wins.
  token.last_used_micros = 2000;
  Result<ApiToken> stored = this->Add(this->org_a_, token);
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_TRUE(stored->id.IsSet());
  EXPECT_EQ(stored->organization_id, this->org_a_);
  Result<ApiToken> found = this->Get(this->org_a_, stored->id);
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(*found, *stored);
  Result<ApiToken> by_digest = this->Read(
      this->org_a_, [](Transaction& tx) { return tx.ApiTokens().FindByDigest("digest-one"); });
  ASSERT_TRUE(by_digest) << by_digest.error().ToString();
  EXPECT_EQ(*by_digest, *stored);
}

TYPED_TEST(ApiTokenContractTest, OtherOrganizationsTokensAreInvisible) {
  Result<ApiToken> stored = this->Add(this->org_a_, MakeToken(this->user_a_, "digest-a"));
  ASSERT_TRUE(stored);
  EXPECT_EQ(CodeOf(this->Get(this->org_b_, stored->id)), ErrorCode::kNotFound);
  EXPECT_EQ(
      CodeOf(this->Read(this->org_b_,
                        [](Transaction& tx) { return tx.ApiTokens().FindByDigest("digest-a"); })),
      ErrorCode::kNotFound);
  Status revoked = this->Db().InTransaction(this->org_b_, TxMode::kWrite, [&](Transaction& tx) {
    return tx.ApiTokens().Revoke(stored->id, 5000);
  });
  EXPECT_EQ(revoked.error().code, ErrorCode::kNotFound);
  Result<std::vector<ApiToken>> listed = this->Read(
      this->org_b_, [&](Transaction& tx) { return tx.ApiTokens().ListForUser(this->user_a_); });
  ASSERT_TRUE(listed);
  EXPECT_TRUE(listed->empty());
  // A token cannot be given to another organization's user.
  EXPECT_EQ(CodeOf(this->Add(this->org_a_, MakeToken(this->user_b_, "digest-x"))),
            ErrorCode::kNotFound);
}

TYPED_TEST(ApiTokenContractTest, DigestsAreUniqueAndTokensValidate) {
  ASSERT_TRUE(this->Add(this->org_a_, MakeToken(this->user_a_, "same")));
  EXPECT_EQ(CodeOf(this->Add(this->org_a_, MakeToken(this->user_a_, "same"))),
            ErrorCode::kAlreadyExists);
  ApiToken no_scopes = MakeToken(this->user_a_, "d2");
  no_scopes.scopes.clear();
  EXPECT_EQ(CodeOf(this->Add(this->org_a_, no_scopes)), ErrorCode::kInvalidArgument);
  ApiToken unsorted = MakeToken(this->user_a_, "d3");
  unsorted.scopes = {Permission::kManageRequests, Permission::kReadPatients};
  EXPECT_EQ(CodeOf(this->Add(this->org_a_, unsorted)), ErrorCode::kInvalidArgument);
  ApiToken backwards = MakeToken(this->user_a_, "d4");
  backwards.expires_micros = backwards.created_micros;
  EXPECT_EQ(CodeOf(this->Add(this->org_a_, backwards)), ErrorCode::kInvalidArgument);
  ApiToken read_only = MakeToken(this->user_a_, "d5");
  EXPECT_EQ(CodeOf(this->Read(this->org_a_,
                              [&](Transaction& tx) { return tx.ApiTokens().Insert(read_only); })),
            ErrorCode::kFailedPrecondition);
}

TYPED_TEST(ApiTokenContractTest, TouchRevokeAndList) {
  Result<ApiToken> first = this->Add(this->org_a_, MakeToken(this->user_a_, "t1"));
  Result<ApiToken> second = this->Add(this->org_a_, MakeToken(this->user_a_, "t2"));
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(this->Db().InTransaction(this->org_a_, TxMode::kWrite, [&](Transaction& tx) {
    if (Status touched = tx.ApiTokens().Touch(first->id, 4000); !touched) return touched;
    if (Status revoked = tx.ApiTokens().Revoke(first->id, 5000); !revoked) return revoked;
    return tx.ApiTokens().Revoke(first->id, 6000);  // Keeps the first time.
  }));
  Result<ApiToken> found = this->Get(this->org_a_, first->id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->last_used_micros, 4000);
  EXPECT_EQ(found->revoked_micros, 5000);
  Status missing = this->Db().InTransaction(this->org_a_, TxMode::kWrite, [](Transaction& tx) {
    return tx.ApiTokens().Touch(ApiTokenId(987654), 1);
  });
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  Result<std::vector<ApiToken>> listed = this->Read(
      this->org_a_, [&](Transaction& tx) { return tx.ApiTokens().ListForUser(this->user_a_); });
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, first->id);
  EXPECT_EQ((*listed)[1], *second);
}

TYPED_TEST(ApiTokenContractTest, SecondFactorPutFindDelete) {
  EXPECT_EQ(
      CodeOf(this->Read(this->org_a_,
                        [&](Transaction& tx) { return tx.SecondFactors().Find(this->user_a_); })),
      ErrorCode::kNotFound);
  SecondFactor factor{.user_id = this->user_a_, .secret = "JBSWY3DPEHPK3PXP"};
  Result<SecondFactor> put =
      this->Write(this->org_a_, [&](Transaction& tx) { return tx.SecondFactors().Put(factor); });
  ASSERT_TRUE(put) << put.error().ToString();
  EXPECT_EQ(put->organization_id, this->org_a_);
  factor.confirmed = true;
  factor.last_step = 56'789'012;
  ASSERT_TRUE(
      this->Write(this->org_a_, [&](Transaction& tx) { return tx.SecondFactors().Put(factor); }));
  Result<SecondFactor> found = this->Read(
      this->org_a_, [&](Transaction& tx) { return tx.SecondFactors().Find(this->user_a_); });
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_TRUE(found->confirmed);
  EXPECT_EQ(found->last_step, 56'789'012);
  EXPECT_EQ(found->secret, "JBSWY3DPEHPK3PXP");
  // Invisible to, and not settable for, another organization.
  EXPECT_EQ(
      CodeOf(this->Read(this->org_b_,
                        [&](Transaction& tx) { return tx.SecondFactors().Find(this->user_a_); })),
      ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(this->Write(this->org_b_,
                               [&](Transaction& tx) { return tx.SecondFactors().Put(factor); })),
            ErrorCode::kNotFound);
  ASSERT_TRUE(this->Db().InTransaction(this->org_a_, TxMode::kWrite, [&](Transaction& tx) {
    if (Status gone = tx.SecondFactors().Delete(this->user_a_); !gone) return gone;
    return tx.SecondFactors().Delete(this->user_a_);
  }));
  EXPECT_EQ(
      CodeOf(this->Read(this->org_a_,
                        [&](Transaction& tx) { return tx.SecondFactors().Find(this->user_a_); })),
      ErrorCode::kNotFound);
}

}  // namespace
}  // namespace roi::contract
