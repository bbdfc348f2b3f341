#include "domain/denial_review.h"

#include <gtest/gtest.h>

#include "domain/request_workflow.h"

namespace roi {
namespace {

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

DenialReview OpenReview() {
  return *RequestDenialReview(RequestId{7}, Day(2026, 3, 10), Channel::kMail, "letter received",
                              Day(2026, 3, 2), Day(2026, 3, 12), UserId{1}, 100);
}

DenialReview Assigned(UserId reviewer) {
  DenialReview review = OpenReview();
  review.reviewer = reviewer;
  review.assigned_by = UserId{1};
  return review;
}

User UserWith(std::int64_t id, Role role) {
  User user;
  user.id = UserId{id};
  user.role = role;
  return user;
}

TEST(DenialReviewTest, RequestSetsTheDueDateFromTheRequestDay) {
  DenialReview review = OpenReview();
  EXPECT_EQ(review.due_on, Day(2026, 3, 10).AddDays(kDenialReviewDueDays));
  EXPECT_TRUE(review.Open());
  EXPECT_TRUE(ValidateDenialReview(review));
}

TEST(DenialReviewTest, RequestBeforeTheDenialOrInTheFutureIsRefused) {
  Result<DenialReview> early =
      RequestDenialReview(RequestId{7}, Day(2026, 3, 1), Channel::kMail, "", Day(2026, 3, 2),
                          Day(2026, 3, 12), UserId{1}, 1);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kInvalidArgument);
  Result<DenialReview> future =
      RequestDenialReview(RequestId{7}, Day(2026, 3, 13), Channel::kPortal, "", Day(2026, 3, 2),
                          Day(2026, 3, 12), UserId{1}, 1);
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error().code, ErrorCode::kInvalidArgument);
}

TEST(DenialReviewTest, ParticipantsAreMakersDeniersAndWithholdingReviewers) {
  std::vector<HarmDetermination> made = {{.request_id = RequestId{7},
                                          .document_id = DocumentId{3},
                                          .reasons = "r",
                                          .made_by = UserId{5}}};
  std::vector<UserId> deniers = {UserId{2}, UserId{5}};
  std::vector<UserId> reviewers = {UserId{9}, UserId{}};
  EXPECT_EQ(DenialParticipants(made, deniers, reviewers),
            (std::vector<UserId>{UserId{2}, UserId{5}, UserId{9}}));
}

TEST(DenialReviewTest, ReviewerMustBeALicensedProfessionalWhoDidNotTakePart) {
  std::vector<UserId> participants = {UserId{5}};
  Status participant = CheckDenialReviewer(UserWith(5, Role::kClinician), participants);
  ASSERT_FALSE(participant);
  EXPECT_EQ(participant.error().code, ErrorCode::kFailedPrecondition);
  Status clerk = CheckDenialReviewer(UserWith(6, Role::kRoiSpecialist), participants);
  ASSERT_FALSE(clerk);
  EXPECT_EQ(clerk.error().code, ErrorCode::kPermissionDenied);
  User disabled = UserWith(8, Role::kClinician);
  disabled.disabled = true;
  EXPECT_EQ(CheckDenialReviewer(disabled, participants).error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(CheckDenialReviewer(UserWith(6, Role::kClinician), participants));
}

TEST(DenialReviewTest, OnlyTheAssignedReviewerDecides) {
  std::vector<DocumentId> reviewable = {DocumentId{3}};
  Result<DenialReview> unassigned =
      DecideDenialReview(OpenReview(), {.reasons = "x"}, UserId{6}, reviewable, 5);
  EXPECT_EQ(unassigned.error().code, ErrorCode::kFailedPrecondition);
  Result<DenialReview> other =
      DecideDenialReview(Assigned(UserId{6}), {.reasons = "x"}, UserId{4}, reviewable, 5);
  EXPECT_EQ(other.error().code, ErrorCode::kPermissionDenied);
  Result<DenialReview> no_reasons =
      DecideDenialReview(Assigned(UserId{6}), {}, UserId{6}, reviewable, 5);
  EXPECT_EQ(no_reasons.error().code, ErrorCode::kInvalidArgument);
}

TEST(DenialReviewTest, UpholdKeepsEveryDocumentWithheld) {
  std::vector<DocumentId> reviewable = {DocumentId{3}};
  Result<DenialReview> upheld =
      DecideDenialReview(Assigned(UserId{6}), {.overturn = false, .reasons = "risk persists"},
                         UserId{6}, reviewable, 5);
  ASSERT_TRUE(upheld) << upheld.error().message;
  EXPECT_EQ(upheld->determination, DenialDetermination::kUpheld);
  EXPECT_TRUE(upheld->overturned_documents.empty());
  EXPECT_TRUE(ValidateDenialReview(*upheld));
  Result<DenialReview> again =
      DecideDenialReview(*upheld, {.reasons = "y"}, UserId{6}, reviewable, 6);
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
}

TEST(DenialReviewTest, OverturnInWholeOrInPart) {
  std::vector<DocumentId> reviewable = {DocumentId{3}, DocumentId{4}};
  Result<DenialReview> whole = DecideDenialReview(
      Assigned(UserId{6}), {.overturn = true, .reasons = "no risk"}, UserId{6}, reviewable, 5);
  ASSERT_TRUE(whole) << whole.error().message;
  EXPECT_EQ(whole->determination, DenialDetermination::kOverturned);
  EXPECT_EQ(whole->overturned_documents, reviewable);
  Result<DenialReview> part = DecideDenialReview(
      Assigned(UserId{6}),
      {.overturn = true, .overturned_documents = {DocumentId{4}}, .reasons = "one is safe"},
      UserId{6}, reviewable, 5);
  ASSERT_TRUE(part) << part.error().message;
  EXPECT_EQ(part->determination, DenialDetermination::kOverturnedInPart);
  EXPECT_EQ(part->overturned_documents, std::vector<DocumentId>{DocumentId{4}});
}

TEST(DenialReviewTest, OnlyReviewableWithholdingsCanBeOverturned) {
  std::vector<DocumentId> reviewable = {DocumentId{3}};
  Result<DenialReview> other = DecideDenialReview(
      Assigned(UserId{6}),
      {.overturn = true, .overturned_documents = {DocumentId{9}}, .reasons = "x"}, UserId{6},
      reviewable, 5);
  EXPECT_EQ(other.error().code, ErrorCode::kInvalidArgument);
  Result<DenialReview> none =
      DecideDenialReview(Assigned(UserId{6}), {.overturn = true, .reasons = "x"}, UserId{6}, {}, 5);
  EXPECT_EQ(none.error().code, ErrorCode::kFailedPrecondition);
}

TEST(DenialReviewTest, GroundNamesRoundTripAndCite) {
  for (HarmGround ground : {HarmGround::kEndangerLifeOrSafety, HarmGround::kHarmToReferencedPerson,
                            HarmGround::kHarmViaRepresentative}) {
    EXPECT_EQ(*ParseHarmGround(HarmGroundName(ground)), ground);
    EXPECT_EQ(HarmGroundCite(ground).substr(0, 20), "45 CFR 164.524(a)(3)");
  }
  EXPECT_FALSE(ParseHarmGround("inmate"));
  EXPECT_TRUE(IsPersonalRepresentativeRole("guardian"));
  EXPECT_FALSE(IsPersonalRepresentativeRole("patient"));
}

// The workflow's part: a denied request is reopened only after an overturn, and not closed while
// a review is open.
RequestWorkflow Denied() {
  RequestWorkflow w;
  WorkflowFacts deny{.decision = DecisionOutcome::kDeny};
  EXPECT_TRUE(w.Apply(RequestAction::kStartVerification, deny, UserId{1}, 1, "a"));
  EXPECT_TRUE(w.Apply(RequestAction::kDeny, deny, UserId{1}, 2, "b"));
  return w;
}

TEST(DenialReviewTest, HarmIsWithdrawnByItsMakerOrASupervisorUntilAReviewDecides) {
  const HarmDetermination made{.id = 3,
                               .request_id = RequestId{7},
                               .document_id = DocumentId{9},
                               .reasons = "Synthetic reasons.",
                               .made_by = UserId{4},
                               .made_micros = 100};
  Result<HarmDetermination> own =
      WithdrawHarmDetermination(made, UserId{4}, false, false, "Wrong document.", 200);
  ASSERT_TRUE(own) << own.error().ToString();
  EXPECT_TRUE(own->Withdrawn());
  EXPECT_FALSE(own->InForce());
  EXPECT_EQ(own->withdrawn_by, UserId{4});
  EXPECT_EQ(own->withdrawn_micros, 200);
  EXPECT_EQ(own->withdrawal_reason, "Wrong document.");
  EXPECT_TRUE(ValidateHarmDetermination(*own));
  // A supervisor may withdraw anyone's; another professional may not.
  EXPECT_TRUE(WithdrawHarmDetermination(made, UserId{5}, true, false, "Not supported.", 200));
  EXPECT_EQ(WithdrawHarmDetermination(made, UserId{5}, false, false, "x", 200).error().code,
            ErrorCode::kPermissionDenied);
  // Once a review has decided, when withdrawn or set aside already: refused.
  EXPECT_EQ(WithdrawHarmDetermination(made, UserId{4}, false, true, "x", 200).error().code,
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(WithdrawHarmDetermination(*own, UserId{4}, false, false, "x", 300).error().code,
            ErrorCode::kFailedPrecondition);
  HarmDetermination set_aside = made;
  set_aside.set_aside_by_review = 11;
  EXPECT_EQ(WithdrawHarmDetermination(set_aside, UserId{4}, false, false, "x", 300).error().code,
            ErrorCode::kFailedPrecondition);
  // The reason is required and bounded.
  EXPECT_EQ(WithdrawHarmDetermination(made, UserId{4}, false, false, "", 200).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(WithdrawHarmDetermination(made, UserId{4}, false, false, std::string(2001, 'x'), 200)
                .error()
                .code,
            ErrorCode::kInvalidArgument);
  // A withdrawal is whole: no time or reason without the withdrawer, and the reverse.
  HarmDetermination partial = made;
  partial.withdrawal_reason = "x";
  EXPECT_FALSE(ValidateHarmDetermination(partial));
  partial = made;
  partial.withdrawn_by = UserId{4};
  EXPECT_FALSE(ValidateHarmDetermination(partial));
}

TEST(DenialReviewWorkflowTest, ReopenNeedsAnOverturnAndAReleasableDecision) {
  RequestWorkflow w = Denied();
  WorkflowFacts facts{.decision = DecisionOutcome::kRelease};
  Status refused = w.Apply(RequestAction::kReopen, facts, UserId{6}, 3, "c");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  facts.denial_overturned = true;
  facts.decision = DecisionOutcome::kDeny;
  EXPECT_FALSE(w.Apply(RequestAction::kReopen, facts, UserId{6}, 3, "c"));
  facts.decision = DecisionOutcome::kPartial;
  ASSERT_TRUE(w.Apply(RequestAction::kReopen, facts, UserId{6}, 3, "c"));
  EXPECT_EQ(w.State(), RequestState::kRetrieving);
}

TEST(DenialReviewWorkflowTest, ADeniedRequestIsNotClosedUnderAnOpenReview) {
  RequestWorkflow w = Denied();
  WorkflowFacts facts{.decision = DecisionOutcome::kDeny, .denial_review_open = true};
  Status refused = w.Apply(RequestAction::kClose, facts, UserId{1}, 3, "c");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("review of the denial"), std::string::npos);
  facts.denial_review_open = false;
  EXPECT_TRUE(w.Apply(RequestAction::kClose, facts, UserId{1}, 3, "c"));
}

}  // namespace
}  // namespace roi
