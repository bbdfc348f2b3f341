// Contract of PortalAccountRepository: a portal account links one user to one requester record of
// the same organization, is found by its user, is bound to the transaction's organization, and
// lists exactly the requests of its requester.
#include <gtest/gtest.h>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

template <typename Factory>
class PortalAccountContractTest : public MigratedStoreTest<Factory> {
 protected:
  void SetUp() override {
    MigratedStoreTest<Factory>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    ann_ = AddUser(this->org_a_, "ann@example.test");
    ben_ = AddUser(this->org_a_, "ben@example.test");
    cat_ = AddUser(this->org_b_, "cat@example.test");
    ann_requester_ = AddRequester(this->org_a_, "Testpatient Ann");
    ben_requester_ = AddRequester(this->org_a_, "Testrequester Ben");
    cat_requester_ = AddRequester(this->org_b_, "Testpatient Cat");
    Result<Patient> patient =
        InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-P1", "Alpha"));
    ASSERT_TRUE(patient) << patient.error().ToString();
    patient_ = patient->id;
  }

  UserId AddUser(OrganizationId organization, const std::string& email) {
    Result<User> user = InTx(this->Db(), organization, TxMode::kWrite, [&](Transaction& tx) {
      return tx.Users().Insert(
          User{.email = email,
               .display_name = "Sample Portal User",
               .role = Role::kPatient,
               .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"});
    });
    EXPECT_TRUE(user) << user.error().ToString();
    return user ? user->id : UserId();
  }

  RequesterId AddRequester(OrganizationId organization, const std::string& name) {
    Result<Requester> requester =
        InTx(this->Db(), organization, TxMode::kWrite, [&](Transaction& tx) {
          return tx.Requesters().Insert(
              Requester{.role = "patient", .name = name, .email = "portal@example.test"});
        });
    EXPECT_TRUE(requester) << requester.error().ToString();
    return requester ? requester->id : RequesterId();
  }

  RequestId AddRequest(const std::string& number, RequesterId requester) {
    Result<ReleaseRequest> request =
        InTx(this->Db(), this->org_a_, TxMode::kWrite, [&](Transaction& tx) {
          return tx.Requests().Insert(
              ReleaseRequest{.number = number,
                             .patient_id = patient_,
                             .requester_id = requester,
                             .requester_role = "patient",
                             .channel = Channel::kPortal,
                             .received_on = *Date::FromYmd(2025, 1, 6),
                             .received_micros = 1736154000000000,
                             .facts = RequestFacts{.basis = "access", .purpose = "personal"},
                             .decision_json = "{}"});
        });
    EXPECT_TRUE(request) << request.error().ToString();
    return request ? request->id : RequestId();
  }

  Status Link(UserId user, RequesterId requester, OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kWrite,
                [&](Transaction& tx) {
                  return tx.PortalAccounts().Insert(PortalAccount{
                      .user_id = user, .requester_id = requester, .created_micros = 42});
                });
  }
  Result<PortalAccount> Find(UserId user, OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kRead,
                [&](Transaction& tx) { return tx.PortalAccounts().FindByUser(user); });
  }
  Result<std::vector<RequestId>> RequestsOf(RequesterId requester,
                                            OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kRead,
                [&](Transaction& tx) { return tx.PortalAccounts().RequestsOf(requester); });
  }

  UserId ann_, ben_, cat_;
  RequesterId ann_requester_, ben_requester_, cat_requester_;
  PatientId patient_;
};
TYPED_TEST_SUITE(PortalAccountContractTest, Implementations, ImplementationNames);

TYPED_TEST(PortalAccountContractTest, LinksAUserToARequesterAndFindsItByUser) {
  Status linked = this->Link(this->ann_, this->ann_requester_);
  ASSERT_TRUE(linked) << linked.error().ToString();
  Result<PortalAccount> found = this->Find(this->ann_);
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(*found, (PortalAccount{.user_id = this->ann_,
                                   .requester_id = this->ann_requester_,
                                   .created_micros = 42}));
  EXPECT_EQ(CodeOf(this->Find(this->ben_)), ErrorCode::kNotFound);
}

TYPED_TEST(PortalAccountContractTest, OneAccountPerUserAndPerRequester) {
  ASSERT_TRUE(this->Link(this->ann_, this->ann_requester_));
  EXPECT_EQ(CodeOf(this->Link(this->ann_, this->ben_requester_)), ErrorCode::kAlreadyExists);
  EXPECT_EQ(CodeOf(this->Link(this->ben_, this->ann_requester_)), ErrorCode::kAlreadyExists);
  EXPECT_TRUE(this->Link(this->ben_, this->ben_requester_));
}

TYPED_TEST(PortalAccountContractTest, ValidatesAndStaysInsideItsOrganization) {
  EXPECT_EQ(CodeOf(this->Link(UserId(), this->ann_requester_)), ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(this->Link(this->ann_, RequesterId())), ErrorCode::kInvalidArgument);
  // Another organization's user or requester is not found from here.
  EXPECT_EQ(CodeOf(this->Link(this->cat_, this->ann_requester_)), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(this->Link(this->ann_, this->cat_requester_)), ErrorCode::kNotFound);
  ASSERT_TRUE(this->Link(this->cat_, this->cat_requester_, this->org_b_));
  EXPECT_EQ(CodeOf(this->Find(this->cat_)), ErrorCode::kNotFound);
  EXPECT_TRUE(this->Find(this->cat_, this->org_b_));
  // A read transaction cannot write.
  Status read_only = InTx(this->Db(), this->org_a_, TxMode::kRead, [&](Transaction& tx) {
    return tx.PortalAccounts().Insert(
        PortalAccount{.user_id = this->ann_, .requester_id = this->ann_requester_});
  });
  EXPECT_EQ(CodeOf(read_only), ErrorCode::kFailedPrecondition);
}

TYPED_TEST(PortalAccountContractTest, ListsOnlyTheRequestsOfTheRequester) {
  RequestId first = this->AddRequest("R-2025-000001", this->ann_requester_);
  this->AddRequest("R-2025-000002", this->ben_requester_);
  RequestId third = this->AddRequest("R-2025-000003", this->ann_requester_);
  Result<std::vector<RequestId>> mine = this->RequestsOf(this->ann_requester_);
  ASSERT_TRUE(mine) << mine.error().ToString();
  EXPECT_EQ(*mine, (std::vector<RequestId>{first, third}));
  Result<std::vector<RequestId>> none = this->RequestsOf(this->ann_requester_, this->org_b_);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  Result<std::vector<RequestId>> unknown = this->RequestsOf(RequesterId(987654));
  ASSERT_TRUE(unknown);
  EXPECT_TRUE(unknown->empty());
}

}  // namespace
}  // namespace roi::contract
