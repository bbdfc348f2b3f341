// ReviewService and BillingService on the in-memory store, through RequestService's transitions:
// the stored decision decides which reviews open, their count and the balance feed the guards,
// notifications are recorded once, and other organizations see nothing.
#include <gtest/gtest.h>

#include <memory>

#include "app/billing_service.h"
#include "app/decision_terms.h"
#include "app/request_service.h"
#include "app/review_service.h"
#include "policy/engine.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"
#include "testing/in_memory_store.h"

namespace roi {
namespace {

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

RequestFacts AttorneyFacts() {
  RequestFacts facts{
      .basis = "authorization", .purpose = "litigation", .format = "paper", .medium = "mail"};
  facts.written = facts.is_signed = true;
  facts.scope.all_records = true;
  AuthorizationElements a;
  a.is_signed = true;
  a.signed_on = Day(2025, 1, 2);
  a.expires_on = Day(2026, 1, 2);
  a.describes_information = a.names_discloser = a.names_recipient = a.states_purpose = true;
  a.revocation_statement = a.conditioning_statement = a.redisclosure_statement = true;
  a.covers = {"all_records"};
  facts.authorization = a;
  return facts;
}

// A court order signed by a judge (a fee under Cal. Evid. Code 1563: $0.10 a page).
RequestFacts CourtOrderFacts() {
  RequestFacts facts{
      .basis = "court_order", .purpose = "litigation", .format = "paper", .medium = "mail"};
  facts.written = facts.is_signed = true;
  facts.scope.all_records = true;
  facts.legal = LegalFacts{.judge_signed = true, .scope = {.all_records = true}};
  return facts;
}

class ReviewBillingServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<policy::RuleSet> rules = policy::LoadRuleSet(OPENROI_RULES_DIR);
    ASSERT_TRUE(rules) << rules.error().ToString();
    rules_ = std::make_unique<policy::RuleSet>(std::move(rules).value());
    requests_ = std::make_unique<RequestService>(store_, clock_, *rules_, audit_);
    ASSERT_TRUE(store_.Migrate());
    for (auto* principal : {&specialist_, &other_}) {
      ASSERT_TRUE(store_.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) {
        std::string slug = principal == &specialist_ ? "demo" : "other";
        Result<Organization> org =
            tx.Organizations().Insert({.name = "Org " + slug, .slug = slug, .state = "CA"});
        if (!org) return Status(org.error());
        principal->organization = org->id;
        return OkStatus();
      }));
    }
    specialist_.user = {.id = UserId(91), .role = Role::kRoiSpecialist};
    other_.user = {.id = UserId(92), .role = Role::kSupervisor};
    clinician_ = specialist_;
    clinician_.user = {.id = UserId(93), .role = Role::kClinician};
    supervisor_ = specialist_;
    supervisor_.user = {.id = UserId(94), .role = Role::kSupervisor};
    ASSERT_TRUE(
        store_.InTransaction(specialist_.organization, TxMode::kWrite, [&](Transaction& tx) {
          Result<Patient> patient = tx.Patients().Insert(Patient{.mrn = "MRN-1",
                                                                 .given_name = "Testpatient",
                                                                 .family_name = "Alpha",
                                                                 .birth_date = Day(1980, 1, 1)});
          if (!patient) return Status(patient.error());
          patient_ = patient->id;
          return OkStatus();
        }));
    Result<Requester> attorney =
        requests_->AddRequester(specialist_, {.role = "attorney", .name = "Sample Law Office"});
    ASSERT_TRUE(attorney) << attorney.error().ToString();
    attorney_ = attorney->id;
  }

  Result<RequestView> Intake(RequestFacts facts = AttorneyFacts()) {
    return requests_->Intake(specialist_, {.patient_id = patient_,
                                           .requester_id = attorney_,
                                           .channel = Channel::kMail,
                                           .facts = std::move(facts)});
  }
  Result<RequestView> Do(RequestId id, RequestAction action, const std::string& key) {
    return requests_->Transition(specialist_, id, {.action = action, .idempotency_key = key});
  }
  DocumentId AddDocument(const std::string& kind, std::int64_t pages) {
    Result<Document> doc =
        requests_->AddDocument(specialist_, {.patient_id = patient_, .kind = kind, .pages = pages});
    EXPECT_TRUE(doc) << doc.error().ToString();
    return doc ? doc->id : DocumentId();
  }

  testing::InMemoryStore store_;
  testing::FakeClock clock_;
  testing::FakeAuditHasher audit_hasher_;
  AuditTrail audit_{clock_, audit_hasher_};
  std::unique_ptr<policy::RuleSet> rules_;
  std::unique_ptr<RequestService> requests_;
  ReviewService reviews_{store_, clock_, audit_};
  BillingService billing_{store_, clock_, audit_};
  Principal specialist_, clinician_, supervisor_, other_;
  PatientId patient_;
  RequesterId attorney_;
};

TEST_F(ReviewBillingServiceTest, DecisionTermsComeFromTheStoredDecision) {
  DocumentId therapy = AddDocument("psychotherapy_note", 2);
  Result<RequestView> view = Intake();
  ASSERT_TRUE(view) << view.error().ToString();
  Result<DecisionTerms> terms = ReadDecisionTerms(view->request.decision_json);
  ASSERT_TRUE(terms) << terms.error().ToString();
  ASSERT_EQ(terms->documents.size(), 1u);
  EXPECT_EQ(terms->documents[0].id, therapy);
  EXPECT_TRUE(terms->Withholds("PSYCHOTHERAPY_NOTES"));
  EXPECT_FALSE(terms->rules.empty());
  EXPECT_FALSE(ReadDecisionTerms("{not json"));
  EXPECT_EQ(ReadDecisionTerms("")->outcome, DecisionOutcome::kNone);
}

TEST_F(ReviewBillingServiceTest, ReviewsOpenOnEntryAndGateCompletion) {
  AddDocument("progress_note", 4);
  DocumentId therapy = AddDocument("psychotherapy_note", 2);
  Result<RequestView> view = Intake();
  ASSERT_TRUE(view) << view.error().ToString();
  RequestId id = view->request.id;
  ASSERT_TRUE(Do(id, RequestAction::kStartVerification, "k1"));
  ASSERT_TRUE(Do(id, RequestAction::kStartRetrieval, "k2"));
  Result<RequestView> skipped = Do(id, RequestAction::kFinishRetrieval, "k3");
  ASSERT_FALSE(skipped);
  EXPECT_EQ(skipped.error().code, ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(Do(id, RequestAction::kSendToReview, "k4"));

  Result<ReviewsView> listed = reviews_.List(specialist_, id);
  ASSERT_TRUE(listed) << listed.error().ToString();
  ASSERT_EQ(listed->tasks.size(), 2u);
  EXPECT_EQ(listed->tasks[0].kind, ReviewKind::kClinician);
  EXPECT_EQ(listed->tasks[0].prepared_by, specialist_.user.id);
  EXPECT_EQ(listed->tasks[1].kind, ReviewKind::kSupervisor);
  ASSERT_EQ(listed->notifications.size(), 2u);  // Recorded once, at intake.
  EXPECT_EQ(listed->withheld_documents, std::vector<DocumentId>{therapy});

  Result<RequestView> early = Do(id, RequestAction::kCompleteReview, "k5");
  ASSERT_FALSE(early);
  EXPECT_NE(early.error().message.find("review tasks are still open"), std::string::npos);

  EXPECT_EQ(reviews_.List(other_, id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(reviews_.Complete(other_, id, listed->tasks[1].id, {.outcome = ReviewOutcome::kRelease})
                .error()
                .code,
            ErrorCode::kNotFound);
  ASSERT_TRUE(
      reviews_.Assign(specialist_, id, listed->tasks[0].id, clinician_.user.id).error().code ==
      ErrorCode::kInvalidArgument);  // UserId 93 is not a stored user.
  ASSERT_TRUE(reviews_.Complete(clinician_, id, listed->tasks[0].id,
                                {.outcome = ReviewOutcome::kWithhold,
                                 .withheld_documents = {therapy},
                                 .notes = "Discussed with the client."}));
  ASSERT_TRUE(reviews_.Complete(supervisor_, id, listed->tasks[1].id,
                                {.outcome = ReviewOutcome::kRelease}));
  Result<RequestView> ready = Do(id, RequestAction::kCompleteReview, "k6");
  ASSERT_TRUE(ready) << ready.error().ToString();
  EXPECT_EQ(ready->request.state, RequestState::kReadyToRelease);
  Result<ReviewsView> after = reviews_.List(specialist_, id);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->notifications.size(), 2u);  // Not recorded again by later transitions.
  Result<ReviewTask> late =
      reviews_.Complete(supervisor_, id, listed->tasks[1].id, {.outcome = ReviewOutcome::kRelease});
  EXPECT_EQ(late.error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(ReviewBillingServiceTest, BalanceHoldsAThirdPartyReleaseUntilPaid) {
  AddDocument("progress_note", 40);
  Result<RequestView> view = Intake(CourtOrderFacts());
  ASSERT_TRUE(view) << view.error().ToString();
  RequestId id = view->request.id;
  ASSERT_TRUE(Do(id, RequestAction::kStartVerification, "h1"));
  ASSERT_TRUE(Do(id, RequestAction::kStartRetrieval, "h2"));
  Result<BillingView> fee = billing_.Get(specialist_, id);
  ASSERT_TRUE(fee) << fee.error().ToString();
  ASSERT_GT(fee->max_cents, 0);
  EXPECT_TRUE(fee->hold.allowed);
  Result<BillingView> issued = billing_.Issue(supervisor_, id, {});
  ASSERT_TRUE(issued) << issued.error().ToString();
  EXPECT_EQ(issued->balance_cents, fee->max_cents);
  EXPECT_EQ(billing_.Issue(supervisor_, id, {}).error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(billing_.Get(other_, id).error().code, ErrorCode::kNotFound);

  ASSERT_TRUE(Do(id, RequestAction::kSendToReview, "h3a"));
  Result<ReviewsView> listed = reviews_.List(specialist_, id);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->tasks.size(), 1u);
  EXPECT_EQ(listed->tasks[0].reason, "legal_process");
  ASSERT_TRUE(reviews_.Complete(supervisor_, id, listed->tasks[0].id,
                                {.outcome = ReviewOutcome::kRelease}));
  Result<RequestView> held = Do(id, RequestAction::kCompleteReview, "h3");
  ASSERT_TRUE(held) << held.error().ToString();
  EXPECT_EQ(held->request.state, RequestState::kAwaitingPayment);
  EXPECT_EQ(held->letters.back().kind, "advance_fee_notice");
  EXPECT_FALSE(Do(id, RequestAction::kRecordPayment, "h4"));
  Result<BillingView> paid = billing_.Pay(
      supervisor_, id, {.method = PaymentMethod::kCash, .amount_cents = fee->max_cents - 50});
  ASSERT_TRUE(paid) << paid.error().ToString();
  EXPECT_EQ(paid->balance_cents, 50);
  Result<BillingView> waived = billing_.Waive(supervisor_, id, {.reason = "Rounding (synthetic)"});
  ASSERT_TRUE(waived) << waived.error().ToString();
  EXPECT_EQ(waived->balance_cents, 0);
  EXPECT_EQ(waived->credits.back().amount_cents, 50);
  EXPECT_EQ(waived->credits.back().recorded_by, supervisor_.user.id);
  Result<RequestView> ready = Do(id, RequestAction::kRecordPayment, "h5");
  ASSERT_TRUE(ready) << ready.error().ToString();
  EXPECT_EQ(ready->request.state, RequestState::kReadyToRelease);
  EXPECT_EQ(billing_.Pay(supervisor_, id, {.method = PaymentMethod::kCash, .amount_cents = 1})
                .error()
                .code,
            ErrorCode::kFailedPrecondition);
}

TEST_F(ReviewBillingServiceTest, QualityCheckSettingAddsASecondPersonReview) {
  AddDocument("progress_note", 3);
  ASSERT_TRUE(reviews_.PutSettings(specialist_, {.quality_check = true}));
  EXPECT_TRUE(reviews_.Settings(specialist_)->quality_check);
  EXPECT_FALSE(reviews_.Settings(other_)->quality_check);
  Result<RequestView> view = Intake();
  ASSERT_TRUE(view);
  RequestId id = view->request.id;
  ASSERT_TRUE(Do(id, RequestAction::kStartVerification, "q1"));
  ASSERT_TRUE(Do(id, RequestAction::kStartRetrieval, "q2"));
  ASSERT_TRUE(Do(id, RequestAction::kSendToReview, "q3"));
  Result<ReviewsView> listed = reviews_.List(specialist_, id);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->tasks.size(), 1u);
  EXPECT_EQ(listed->tasks[0].kind, ReviewKind::kQualityCheck);
  Result<ReviewTask> same =
      reviews_.Complete(specialist_, id, listed->tasks[0].id, {.outcome = ReviewOutcome::kRelease});
  EXPECT_EQ(same.error().code, ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(reviews_.Complete(supervisor_, id, listed->tasks[0].id,
                                {.outcome = ReviewOutcome::kRelease}));
  ASSERT_TRUE(Do(id, RequestAction::kCompleteReview, "q4"));
}

TEST_F(ReviewBillingServiceTest, CancellingTheRequestCancelsItsOpenReviews) {
  AddDocument("psychotherapy_note", 2);
  AddDocument("progress_note", 2);
  Result<RequestView> view = Intake();
  ASSERT_TRUE(view) << view.error().ToString();
  RequestId id = view->request.id;
  ASSERT_TRUE(Do(id, RequestAction::kStartVerification, "c1"));
  ASSERT_TRUE(Do(id, RequestAction::kStartRetrieval, "c2"));
  ASSERT_TRUE(Do(id, RequestAction::kSendToReview, "c3"));
  Result<RequestView> cancelled = Do(id, RequestAction::kCancel, "c4");
  ASSERT_TRUE(cancelled) << cancelled.error().ToString();
  Result<ReviewsView> listed = reviews_.List(specialist_, id);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->tasks.size(), 2u);
  for (const ReviewTask& task : listed->tasks) {
    EXPECT_EQ(task.status, ReviewStatus::kCancelled);
    EXPECT_EQ(task.completed_by, specialist_.user.id);
    EXPECT_EQ(task.notes, "request cancelled");
  }
}

}  // namespace
}  // namespace roi
