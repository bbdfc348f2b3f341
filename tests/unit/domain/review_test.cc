#include "domain/review.h"

#include <gtest/gtest.h>

namespace roi {
namespace {

DecisionTerms Terms(DecisionOutcome outcome) {
  DecisionTerms terms;
  terms.outcome = outcome;
  return terms;
}

std::vector<ReviewKind> Kinds(const std::vector<ReviewNeed>& needs) {
  std::vector<ReviewKind> kinds;
  for (const ReviewNeed& need : needs) kinds.push_back(need.kind);
  return kinds;
}

TEST(ReviewNames, RoundTrip) {
  for (ReviewKind kind : {ReviewKind::kClinician, ReviewKind::kSupervisor,
                          ReviewKind::kLicensedProfessional, ReviewKind::kQualityCheck}) {
    Result<ReviewKind> parsed = ParseReviewKind(ReviewKindName(kind));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(*parsed, kind);
  }
  EXPECT_EQ(ReviewKindName(ReviewKind::kLicensedProfessional), "licensed_professional");
  EXPECT_FALSE(ParseReviewKind("janitor"));
  EXPECT_FALSE(ParseReviewOutcome("maybe"));
  EXPECT_EQ(*ParseReviewStatus("cancelled"), ReviewStatus::kCancelled);
}

TEST(RequiredReviews, PlainReleaseNeedsNone) {
  DecisionTerms terms = Terms(DecisionOutcome::kRelease);
  terms.documents = {{DocumentId(1), false, {}}};
  std::vector<Document> docs = {{.id = DocumentId(1), .kind = "progress_note"}};
  EXPECT_TRUE(RequiredReviews({.terms = &terms, .basis = "access", .documents = docs}).empty());
}

TEST(RequiredReviews, WithheldPsychotherapyNotesNeedClinicianAndSupervisor) {
  DecisionTerms terms = Terms(DecisionOutcome::kPartial);
  terms.documents = {{DocumentId(1), false, {}}, {DocumentId(2), true, {"PSYCHOTHERAPY_NOTES"}}};
  std::vector<Document> docs = {{.id = DocumentId(1), .kind = "progress_note"},
                                {.id = DocumentId(2), .kind = "psychotherapy_note"}};
  std::vector<ReviewNeed> needs = RequiredReviews(
      {.terms = &terms, .basis = "authorization", .requester_role = "attorney", .documents = docs});
  ASSERT_EQ(needs.size(), 2u);
  EXPECT_EQ(needs[0], (ReviewNeed{ReviewKind::kClinician, "PSYCHOTHERAPY_NOTES"}));
  EXPECT_EQ(needs[1], (ReviewNeed{ReviewKind::kSupervisor, "PSYCHOTHERAPY_NOTES"}));
}

TEST(RequiredReviews, MentalHealthLabelNeedsAClinician) {
  DecisionTerms terms = Terms(DecisionOutcome::kRelease);
  terms.documents = {{DocumentId(4), false, {}}};
  std::vector<Document> docs = {
      {.id = DocumentId(4), .kind = "progress_note", .labels = {"mental_health"}},
      {.id = DocumentId(5), .kind = "psychotherapy_note"}};  // Not in the decision: ignored.
  std::vector<ReviewNeed> needs =
      RequiredReviews({.terms = &terms, .basis = "access", .documents = docs});
  ASSERT_EQ(needs.size(), 1u);
  EXPECT_EQ(needs[0], (ReviewNeed{ReviewKind::kClinician, "mental_health"}));
}

TEST(RequiredReviews, RedFlagsNeedASupervisor) {
  DecisionTerms terms = Terms(DecisionOutcome::kRelease);
  EXPECT_EQ(Kinds(RequiredReviews({.terms = &terms, .basis = "subpoena"})),
            std::vector<ReviewKind>{ReviewKind::kSupervisor});
  EXPECT_EQ(Kinds(RequiredReviews({.terms = &terms, .basis = "access", .abuse_concern = true})),
            std::vector<ReviewKind>{ReviewKind::kSupervisor});
  terms.documents = {{DocumentId(3), true, {"SUD_COUNSELING_NOTES"}}};
  std::vector<ReviewNeed> needs = RequiredReviews({.terms = &terms, .basis = "access"});
  ASSERT_EQ(needs.size(), 1u);
  EXPECT_EQ(needs[0].reason, "SUD_COUNSELING_NOTES");
}

TEST(RequiredReviews, ReviewableDenialNeedsALicensedProfessional) {
  DecisionTerms terms = Terms(DecisionOutcome::kDeny);
  terms.denial_reviewable = true;
  EXPECT_EQ(Kinds(RequiredReviews({.terms = &terms, .basis = "access"})),
            std::vector<ReviewKind>{ReviewKind::kLicensedProfessional});
  terms.denial_reviewable = false;
  EXPECT_TRUE(RequiredReviews({.terms = &terms, .basis = "subpoena"}).empty());
}

TEST(RequiredReviews, QualityCheckFollowsTheSettingAndOnlyForReleases) {
  DecisionTerms terms = Terms(DecisionOutcome::kRelease);
  EXPECT_TRUE(RequiredReviews({.terms = &terms, .basis = "access"}).empty());
  EXPECT_EQ(Kinds(RequiredReviews(
                {.terms = &terms, .basis = "access", .settings = {.quality_check = true}})),
            std::vector<ReviewKind>{ReviewKind::kQualityCheck});
  DecisionTerms pend = Terms(DecisionOutcome::kPend);
  EXPECT_TRUE(
      RequiredReviews({.terms = &pend, .basis = "subpoena", .settings = {.quality_check = true}})
          .empty());
  EXPECT_TRUE(RequiredReviews({}).empty());
}

ReviewTask Open(ReviewKind kind) {
  return ReviewTask{.id = ReviewId(1),
                    .request_id = RequestId(2),
                    .kind = kind,
                    .reason = "r",
                    .prepared_by = UserId(10)};
}

TEST(CompleteReview, ClinicianWithholdsNamedDocuments) {
  std::vector<DocumentId> known = {DocumentId(7), DocumentId(8)};
  Result<ReviewTask> done = CompleteReview(Open(ReviewKind::kClinician),
                                           {.outcome = ReviewOutcome::kWithhold,
                                            .withheld_documents = {DocumentId(8)},
                                            .notes = "Discussed with the client."},
                                           UserId(11), Role::kClinician, 500, known);
  ASSERT_TRUE(done) << done.error().ToString();
  EXPECT_EQ(done->status, ReviewStatus::kCompleted);
  EXPECT_EQ(done->outcome, ReviewOutcome::kWithhold);
  EXPECT_EQ(done->completed_by, UserId(11));
  EXPECT_EQ(done->completed_micros, 500);
  EXPECT_TRUE(ValidateReviewTask(*done));
}

TEST(CompleteReview, RefusesWithClearErrors) {
  std::vector<DocumentId> known = {DocumentId(7)};
  auto code = [&](const ReviewTask& task, const ReviewCompletion& c, UserId by, Role role) {
    Result<ReviewTask> r = CompleteReview(task, c, by, role, 1, known);
    return r ? std::string("ok") : std::string(ErrorCodeName(r.error().code));
  };
  ReviewCompletion release{.outcome = ReviewOutcome::kRelease};
  EXPECT_EQ(code(Open(ReviewKind::kClinician), release, UserId(11), Role::kRoiSpecialist),
            "PERMISSION_DENIED");
  EXPECT_EQ(code(Open(ReviewKind::kSupervisor), release, UserId(11), Role::kClinician),
            "PERMISSION_DENIED");
  EXPECT_EQ(code(Open(ReviewKind::kSupervisor), release, UserId(11), Role::kPrivacyOfficer), "ok");
  EXPECT_EQ(code(Open(ReviewKind::kClinician), {}, UserId(11), Role::kClinician),
            "INVALID_ARGUMENT");
  EXPECT_EQ(code(Open(ReviewKind::kClinician), {.outcome = ReviewOutcome::kWithhold}, UserId(11),
                 Role::kClinician),
            "INVALID_ARGUMENT");
  EXPECT_EQ(code(Open(ReviewKind::kClinician),
                 {.outcome = ReviewOutcome::kWithhold, .withheld_documents = {DocumentId(99)}},
                 UserId(11), Role::kClinician),
            "INVALID_ARGUMENT");
  EXPECT_EQ(code(Open(ReviewKind::kClinician),
                 {.outcome = ReviewOutcome::kRelease, .withheld_documents = {DocumentId(7)}},
                 UserId(11), Role::kClinician),
            "INVALID_ARGUMENT");
  EXPECT_EQ(code(Open(ReviewKind::kClinician),
                 {.outcome = ReviewOutcome::kRelease, .notes = std::string(4001, 'x')}, UserId(11),
                 Role::kClinician),
            "INVALID_ARGUMENT");
  ReviewTask closed = Open(ReviewKind::kClinician);
  closed.status = ReviewStatus::kCancelled;
  EXPECT_EQ(code(closed, release, UserId(11), Role::kClinician), "FAILED_PRECONDITION");
}

TEST(CompleteReview, QualityCheckNeedsASecondPerson) {
  Result<ReviewTask> same =
      CompleteReview(Open(ReviewKind::kQualityCheck), {.outcome = ReviewOutcome::kRelease},
                     UserId(10), Role::kRoiSpecialist, 1, {});
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(same.error().message.find("someone other than"), std::string::npos);
  EXPECT_TRUE(CompleteReview(Open(ReviewKind::kQualityCheck), {.outcome = ReviewOutcome::kRelease},
                             UserId(12), Role::kRoiSpecialist, 1, {}));
}

TEST(CompleteReview, OnlySupervisorsCancel) {
  ReviewCompletion cancel{.status = ReviewStatus::kCancelled, .notes = "No longer needed."};
  Result<ReviewTask> by_clinician =
      CompleteReview(Open(ReviewKind::kClinician), cancel, UserId(11), Role::kClinician, 1, {});
  ASSERT_FALSE(by_clinician);
  EXPECT_EQ(by_clinician.error().code, ErrorCode::kPermissionDenied);
  Result<ReviewTask> by_supervisor =
      CompleteReview(Open(ReviewKind::kClinician), cancel, UserId(12), Role::kSupervisor, 1, {});
  ASSERT_TRUE(by_supervisor);
  EXPECT_EQ(by_supervisor->status, ReviewStatus::kCancelled);
  EXPECT_EQ(by_supervisor->outcome, ReviewOutcome::kNone);
  EXPECT_TRUE(ValidateReviewTask(*by_supervisor));
}

TEST(OwedNotifications, AttorneysCourtsAndTheDecisionNotifyProviderAndAdministrator) {
  DecisionTerms terms = Terms(DecisionOutcome::kRelease);
  EXPECT_TRUE(OwedNotifications(terms, "access", "patient").empty());
  std::vector<RequestNotification> attorney = OwedNotifications(terms, "authorization", "attorney");
  ASSERT_EQ(attorney.size(), 2u);
  EXPECT_EQ(attorney[0].recipient, "provider");
  EXPECT_EQ(attorney[1].recipient, "administrator");
  EXPECT_EQ(attorney[0].reason, "ATTORNEY_REQUEST");
  EXPECT_EQ(OwedNotifications(terms, "court_order", "court")[0].reason, "LEGAL_PROCESS");
  EXPECT_EQ(OwedNotifications(terms, "authorization", "court").size(), 2u);
  terms.notices = {"NOTIFY_PROVIDER"};
  EXPECT_EQ(OwedNotifications(terms, "access", "patient")[0].reason, "NOTIFY_PROVIDER");
  RequestNotification n = attorney[0];
  EXPECT_FALSE(ValidateNotification(n));  // No request yet.
  n.request_id = RequestId(3);
  EXPECT_TRUE(ValidateNotification(n));
}

}  // namespace
}  // namespace roi
