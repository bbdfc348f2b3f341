// Contract of RedactionRepository: bound to the transaction's organization, spans and pages
// round-trip, a request's redactions list by id, deletion is by (request, id), unknown requests,
// documents and users are NotFound, invalid values are refused before the database, and a read
// transaction cannot write.
#include <gtest/gtest.h>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

template <typename Factory>
class RedactionContractTest : public MigratedStoreTest<Factory> {
 protected:
  void SetUp() override {
    MigratedStoreTest<Factory>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    Result<Patient> patient =
        InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-X1", "Alpha"));
    ASSERT_TRUE(patient) << patient.error().ToString();
    Status setup = InTx(this->Db(), this->org_a_, TxMode::kWrite, [&](Transaction& tx) -> Status {
      Result<User> user =
          tx.Users().Insert(User{.email = "reviewer@example.test",
                                 .display_name = "Synthetic Reviewer",
                                 .role = Role::kClinician,
                                 .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"});
      if (!user) return user.error();
      user_ = user->id;
      Result<Requester> requester =
          tx.Requesters().Insert(Requester{.role = "attorney", .name = "Sample Law Office"});
      if (!requester) return requester.error();
      Result<Document> document = tx.Documents().Insert(Document{
          .patient_id = patient->id, .kind = "progress_note", .pages = 2, .content = "Text."});
      if (!document) return document.error();
      document_ = document->id;
      for (const char* number : {"R-2025-000001", "R-2025-000002"}) {
        Result<ReleaseRequest> request = tx.Requests().Insert(
            ReleaseRequest{.number = number,
                           .patient_id = patient->id,
                           .requester_id = requester->id,
                           .requester_role = "attorney",
                           .received_on = Day(2025, 1, 6),
                           .received_micros = 1736154000000000,
                           .facts = RequestFacts{.basis = "authorization", .purpose = "legal"}});
        if (!request) return request.error();
        (request_.IsSet() ? other_request_ : request_) = request->id;
      }
      return OkStatus();
    });
    ASSERT_TRUE(setup) << setup.error().ToString();
  }

  template <typename Fn>
  auto Write(Fn fn, OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kWrite, fn);
  }
  template <typename Fn>
  auto Read(Fn fn, OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kRead, fn);
  }

  Redaction Span(std::int64_t begin, std::int64_t end) const {
    return Redaction{.request_id = request_,
                     .document_id = document_,
                     .has_span = true,
                     .span = {.begin = begin, .end = end},
                     .reason = RedactionReason::kThirdParty,
                     .marked_by = user_,
                     .marked_micros = 1736154000000001};
  }
  Redaction Page(std::int64_t page) const {
    return Redaction{.request_id = request_,
                     .document_id = document_,
                     .page = page,
                     .reason = RedactionReason::kOther,
                     .reason_text = "sealed by court order — synthetic",
                     .marked_by = user_,
                     .marked_micros = 1736154000000002};
  }

  UserId user_;
  DocumentId document_;
  RequestId request_;
  RequestId other_request_;
};
TYPED_TEST_SUITE(RedactionContractTest, Implementations, ImplementationNames);

TYPED_TEST(RedactionContractTest, SpansAndPagesRoundTripByRequestInIdOrder) {
  Result<Redaction> span =
      this->Write([&](Transaction& tx) { return tx.Redactions().Insert(this->Span(0, 4)); });
  ASSERT_TRUE(span) << span.error().ToString();
  EXPECT_GT(span->id, 0);
  Result<Redaction> page =
      this->Write([&](Transaction& tx) { return tx.Redactions().Insert(this->Page(2)); });
  ASSERT_TRUE(page) << page.error().ToString();
  EXPECT_GT(page->id, span->id);
  Redaction elsewhere = this->Span(1, 3);
  elsewhere.request_id = this->other_request_;
  ASSERT_TRUE(this->Write([&](Transaction& tx) { return tx.Redactions().Insert(elsewhere); }));

  Result<std::vector<Redaction>> listed =
      this->Read([&](Transaction& tx) { return tx.Redactions().ListForRequest(this->request_); });
  ASSERT_TRUE(listed) << listed.error().ToString();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0], *span);
  EXPECT_EQ((*listed)[1], *page);
  EXPECT_TRUE((*listed)[0].has_span);
  EXPECT_EQ((*listed)[1].page, 2);
  EXPECT_EQ((*listed)[1].reason_text, "sealed by court order — synthetic");
}

TYPED_TEST(RedactionContractTest, StaysInItsOrganization) {
  Result<Redaction> span =
      this->Write([&](Transaction& tx) { return tx.Redactions().Insert(this->Span(0, 4)); });
  ASSERT_TRUE(span);
  Result<std::vector<Redaction>> other =
      this->Read([&](Transaction& tx) { return tx.Redactions().ListForRequest(this->request_); },
                 this->org_b_);
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
  Status removed =
      this->Write([&](Transaction& tx) { return tx.Redactions().Delete(this->request_, span->id); },
                  this->org_b_);
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error().code, ErrorCode::kNotFound);
  // Organization B cannot mark A's request or document either.
  Result<Redaction> foreign = this->Write(
      [&](Transaction& tx) { return tx.Redactions().Insert(this->Span(0, 4)); }, this->org_b_);
  EXPECT_EQ(CodeOf(foreign), ErrorCode::kNotFound);
}

TYPED_TEST(RedactionContractTest, DeleteIsByRequestAndId) {
  Result<Redaction> span =
      this->Write([&](Transaction& tx) { return tx.Redactions().Insert(this->Span(0, 4)); });
  ASSERT_TRUE(span);
  Status wrong_request = this->Write(
      [&](Transaction& tx) { return tx.Redactions().Delete(this->other_request_, span->id); });
  ASSERT_FALSE(wrong_request);
  EXPECT_EQ(wrong_request.error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(this->Write(
      [&](Transaction& tx) { return tx.Redactions().Delete(this->request_, span->id); }));
  Status again = this->Write(
      [&](Transaction& tx) { return tx.Redactions().Delete(this->request_, span->id); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
  Result<std::vector<Redaction>> listed =
      this->Read([&](Transaction& tx) { return tx.Redactions().ListForRequest(this->request_); });
  ASSERT_TRUE(listed);
  EXPECT_TRUE(listed->empty());
}

TYPED_TEST(RedactionContractTest, RefusesUnknownTargetsInvalidValuesAndReadOnlyWrites) {
  Redaction no_request = this->Span(0, 4);
  no_request.request_id = RequestId(999999);
  EXPECT_EQ(
      CodeOf(this->Write([&](Transaction& tx) { return tx.Redactions().Insert(no_request); })),
      ErrorCode::kNotFound);
  Redaction no_document = this->Span(0, 4);
  no_document.document_id = DocumentId(999999);
  EXPECT_EQ(
      CodeOf(this->Write([&](Transaction& tx) { return tx.Redactions().Insert(no_document); })),
      ErrorCode::kNotFound);
  Redaction no_user = this->Span(0, 4);
  no_user.marked_by = UserId(999999);
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.Redactions().Insert(no_user); })),
            ErrorCode::kNotFound);
  Redaction both = this->Span(0, 4);
  both.page = 1;
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.Redactions().Insert(both); })),
            ErrorCode::kInvalidArgument);
  Redaction other_without_text = this->Page(1);
  other_without_text.reason_text.clear();
  EXPECT_EQ(CodeOf(this->Write(
                [&](Transaction& tx) { return tx.Redactions().Insert(other_without_text); })),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(
      CodeOf(this->Read([&](Transaction& tx) { return tx.Redactions().Insert(this->Span(0, 4)); })),
      ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace roi::contract
