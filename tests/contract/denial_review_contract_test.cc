// Contract of DenialReviewRepository: bound to the transaction's organization; harm
// determinations round-trip and are set aside by document; one in force per (request, document)
// and one open review per request; reviews round-trip, update under a version check, and unknown
// requests are NotFound.
#include <gtest/gtest.h>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

template <typename Factory>
class DenialReviewContractTest : public MigratedStoreTest<Factory> {
 protected:
  void SetUp() override {
    MigratedStoreTest<Factory>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    Result<Patient> patient =
        InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-D1", "Alpha"));
    ASSERT_TRUE(patient) << patient.error().ToString();
    Status setup = InTx(this->Db(), this->org_a_, TxMode::kWrite, [&](Transaction& tx) -> Status {
      Result<User> user =
          tx.Users().Insert(User{.email = "professional@example.test",
                                 .display_name = "Synthetic Professional",
                                 .role = Role::kClinician,
                                 .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"});
      if (!user) return user.error();
      user_ = user->id;
      Result<Requester> requester =
          tx.Requesters().Insert(Requester{.role = "patient", .name = "Testpatient Alpha"});
      if (!requester) return requester.error();
      for (DocumentId* slot : {&document_, &other_document_}) {
        Result<Document> document = tx.Documents().Insert(Document{
            .patient_id = patient->id, .kind = "progress_note", .pages = 2, .content = "Text."});
        if (!document) return document.error();
        *slot = document->id;
      }
      Result<ReleaseRequest> request = tx.Requests().Insert(
          ReleaseRequest{.number = "R-2025-000001",
                         .patient_id = patient->id,
                         .requester_id = requester->id,
                         .requester_role = "patient",
                         .received_on = Day(2025, 1, 6),
                         .received_micros = 1736154000000000,
                         .facts = RequestFacts{.basis = "access", .purpose = "personal"}});
      if (!request) return request.error();
      request_ = request->id;
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

  HarmDetermination Harm(DocumentId document) const {
    return HarmDetermination{.request_id = request_,
                             .document_id = document,
                             .ground = HarmGround::kHarmToReferencedPerson,
                             .reasons = "Synthetic reasons.",
                             .made_by = user_,
                             .made_micros = 1736154000000001};
  }
  DenialReview Review() const {
    return *RequestDenialReview(request_, Day(2025, 2, 3), Channel::kPortal, "synthetic note",
                                Day(2025, 2, 1), Day(2025, 2, 4), user_, 1738600000000000);
  }

  UserId user_;
  DocumentId document_;
  DocumentId other_document_;
  RequestId request_;
};
TYPED_TEST_SUITE(DenialReviewContractTest, Implementations, ImplementationNames);

TYPED_TEST(DenialReviewContractTest, HarmDeterminationsRoundTripAndAreSetAsideByDocument) {
  Result<HarmDetermination> first = this->Write([&](Transaction& tx) {
    return tx.DenialReviews().AddHarmDetermination(this->Harm(this->document_));
  });
  ASSERT_TRUE(first) << first.error().ToString();
  Result<HarmDetermination> second = this->Write([&](Transaction& tx) {
    return tx.DenialReviews().AddHarmDetermination(this->Harm(this->other_document_));
  });
  ASSERT_TRUE(second) << second.error().ToString();
  Result<HarmDetermination> twice = this->Write([&](Transaction& tx) {
    return tx.DenialReviews().AddHarmDetermination(this->Harm(this->document_));
  });
  EXPECT_EQ(CodeOf(twice), ErrorCode::kAlreadyExists);

  std::vector<DocumentId> overturned = {this->document_};
  Result<int> marked = this->Write([&](Transaction& tx) {
    return tx.DenialReviews().SetAsideHarmDeterminations(this->request_, overturned, 77);
  });
  ASSERT_TRUE(marked) << marked.error().ToString();
  EXPECT_EQ(*marked, 1);
  Result<std::vector<HarmDetermination>> listed = this->Read(
      [&](Transaction& tx) { return tx.DenialReviews().HarmDeterminations(this->request_); });
  ASSERT_TRUE(listed) << listed.error().ToString();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, first->id);
  EXPECT_EQ((*listed)[0].set_aside_by_review, 77);
  EXPECT_EQ((*listed)[0].ground, HarmGround::kHarmToReferencedPerson);
  EXPECT_EQ((*listed)[1], *second);
  // Set aside, the document may get a new determination.
  EXPECT_TRUE(this->Write([&](Transaction& tx) {
    return tx.DenialReviews().AddHarmDetermination(this->Harm(this->document_));
  }));
}

TYPED_TEST(DenialReviewContractTest, OneOpenReviewPerRequestUpdatedUnderAVersionCheck) {
  Result<DenialReview> stored =
      this->Write([&](Transaction& tx) { return tx.DenialReviews().InsertReview(this->Review()); });
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_EQ(stored->version, 1);
  EXPECT_EQ(CodeOf(this->Write(
                [&](Transaction& tx) { return tx.DenialReviews().InsertReview(this->Review()); })),
            ErrorCode::kAlreadyExists);

  DenialReview assigned = *stored;
  assigned.reviewer = this->user_;
  assigned.assigned_by = this->user_;
  assigned.assigned_micros = 5;
  Result<DenialReview> updated =
      this->Write([&](Transaction& tx) { return tx.DenialReviews().UpdateReview(assigned); });
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(updated->reviewer, this->user_);
  EXPECT_EQ(CodeOf(this->Write(
                [&](Transaction& tx) { return tx.DenialReviews().UpdateReview(assigned); })),
            ErrorCode::kAborted);

  std::vector<DocumentId> reviewable = {this->document_, this->other_document_};
  Result<DenialReview> decided = DecideDenialReview(
      *updated,
      {.overturn = true, .overturned_documents = {this->other_document_}, .reasons = "Synthetic."},
      this->user_, reviewable, 9);
  ASSERT_TRUE(decided) << decided.error().ToString();
  Result<DenialReview> done =
      this->Write([&](Transaction& tx) { return tx.DenialReviews().UpdateReview(*decided); });
  ASSERT_TRUE(done) << done.error().ToString();
  DenialReview expected = *decided;
  expected.version = 3;
  EXPECT_EQ(*done, expected);
  Result<DenialReview> found =
      this->Read([&](Transaction& tx) { return tx.DenialReviews().FindReview(done->id); });
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, expected);
  EXPECT_EQ(found->requested_on, Day(2025, 2, 3));
  EXPECT_EQ(found->due_on, Day(2025, 2, 3).AddDays(kDenialReviewDueDays));
  // Decided, a new review may be asked for.
  EXPECT_TRUE(this->Write(
      [&](Transaction& tx) { return tx.DenialReviews().InsertReview(this->Review()); }));
  Result<std::vector<DenialReview>> all = this->Read(
      [&](Transaction& tx) { return tx.DenialReviews().ReviewsForRequest(this->request_); });
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 2u);
}

TYPED_TEST(DenialReviewContractTest, StaysInItsOrganization) {
  Result<DenialReview> stored =
      this->Write([&](Transaction& tx) { return tx.DenialReviews().InsertReview(this->Review()); });
  ASSERT_TRUE(stored);
  ASSERT_TRUE(this->Write([&](Transaction& tx) {
    return tx.DenialReviews().AddHarmDetermination(this->Harm(this->document_));
  }));
  EXPECT_EQ(
      CodeOf(this->Read([&](Transaction& tx) { return tx.DenialReviews().FindReview(stored->id); },
                        this->org_b_)),
      ErrorCode::kNotFound);
  Result<std::vector<DenialReview>> reviews = this->Read(
      [&](Transaction& tx) { return tx.DenialReviews().ReviewsForRequest(this->request_); },
      this->org_b_);
  ASSERT_TRUE(reviews);
  EXPECT_TRUE(reviews->empty());
  Result<std::vector<HarmDetermination>> harms = this->Read(
      [&](Transaction& tx) { return tx.DenialReviews().HarmDeterminations(this->request_); },
      this->org_b_);
  ASSERT_TRUE(harms);
  EXPECT_TRUE(harms->empty());
  EXPECT_EQ(CodeOf(this->Write(
                [&](Transaction& tx) { return tx.DenialReviews().InsertReview(this->Review()); },
                this->org_b_)),
            ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(this->Write(
                [&](Transaction& tx) {
                  return tx.DenialReviews().AddHarmDetermination(this->Harm(this->document_));
                },
                this->org_b_)),
            ErrorCode::kNotFound);
  EXPECT_EQ(
      CodeOf(this->Write([&](Transaction& tx) { return tx.DenialReviews().UpdateReview(*stored); },
                         this->org_b_)),
      ErrorCode::kNotFound);
  // A read transaction cannot write.
  EXPECT_FALSE(
      this->Read([&](Transaction& tx) { return tx.DenialReviews().InsertReview(this->Review()); }));
}

TYPED_TEST(DenialReviewContractTest, WithdrawnDeterminationStaysRecordedAndIsNoLongerInForce) {
  Result<HarmDetermination> made = this->Write([&](Transaction& tx) {
    return tx.DenialReviews().AddHarmDetermination(this->Harm(this->document_));
  });
  ASSERT_TRUE(made) << made.error().ToString();
  HarmDetermination withdrawn = *made;
  withdrawn.withdrawn_by = this->user_;
  withdrawn.withdrawn_micros = 1736154000000009;
  withdrawn.withdrawal_reason = "Synthetic: made on the wrong document.";
  // Another organization's transaction cannot see it; an unwithdrawn value is refused.
  EXPECT_EQ(
      CodeOf(this->Write(
          [&](Transaction& tx) { return tx.DenialReviews().WithdrawHarmDetermination(withdrawn); },
          this->org_b_)),
      ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) {
              return tx.DenialReviews().WithdrawHarmDetermination(*made);
            })),
            ErrorCode::kInvalidArgument);
  Result<HarmDetermination> stored = this->Write(
      [&](Transaction& tx) { return tx.DenialReviews().WithdrawHarmDetermination(withdrawn); });
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_EQ(*stored, withdrawn);
  EXPECT_FALSE(stored->InForce());
  // Once only; set-aside skips it; the listing keeps it; the document may get a new one.
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) {
              return tx.DenialReviews().WithdrawHarmDetermination(withdrawn);
            })),
            ErrorCode::kFailedPrecondition);
  std::vector<DocumentId> documents = {this->document_};
  Result<int> marked = this->Write([&](Transaction& tx) {
    return tx.DenialReviews().SetAsideHarmDeterminations(this->request_, documents, 5);
  });
  ASSERT_TRUE(marked);
  EXPECT_EQ(*marked, 0);
  Result<std::vector<HarmDetermination>> listed = this->Read(
      [&](Transaction& tx) { return tx.DenialReviews().HarmDeterminations(this->request_); });
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front(), withdrawn);
  EXPECT_TRUE(this->Write([&](Transaction& tx) {
    return tx.DenialReviews().AddHarmDetermination(this->Harm(this->document_));
  }));
  HarmDetermination missing = withdrawn;
  missing.id = 999999;
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) {
              return tx.DenialReviews().WithdrawHarmDetermination(missing);
            })),
            ErrorCode::kNotFound);
}

TYPED_TEST(DenialReviewContractTest, OpenReviewsAreListedByDueDate) {
  Result<DenialReview> first =
      this->Write([&](Transaction& tx) { return tx.DenialReviews().InsertReview(this->Review()); });
  ASSERT_TRUE(first) << first.error().ToString();
  Result<std::vector<DenialReview>> open =
      this->Read([&](Transaction& tx) { return tx.DenialReviews().OpenReviews(10); });
  ASSERT_TRUE(open) << open.error().ToString();
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ(open->front(), *first);
  EXPECT_EQ(CodeOf(this->Read([&](Transaction& tx) { return tx.DenialReviews().OpenReviews(0); })),
            ErrorCode::kInvalidArgument);
  Result<std::vector<DenialReview>> elsewhere =
      this->Read([&](Transaction& tx) { return tx.DenialReviews().OpenReviews(10); }, this->org_b_);
  ASSERT_TRUE(elsewhere);
  EXPECT_TRUE(elsewhere->empty());
  // Decided, it is no longer open.
  DenialReview decided = *first;
  decided.reviewer = this->user_;
  decided.assigned_by = this->user_;
  decided.assigned_micros = 1738600000000001;
  decided.determination = DenialDetermination::kUpheld;
  decided.reasons = "Synthetic: upheld.";
  decided.decided_by = this->user_;
  decided.decided_micros = 1738600000000002;
  ASSERT_TRUE(
      this->Write([&](Transaction& tx) { return tx.DenialReviews().UpdateReview(decided); }));
  open = this->Read([&](Transaction& tx) { return tx.DenialReviews().OpenReviews(10); });
  ASSERT_TRUE(open);
  EXPECT_TRUE(open->empty());
}

}  // namespace
}  // namespace roi::contract
