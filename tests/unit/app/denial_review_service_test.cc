#include "app/denial_review_service.h"

#include <gtest/gtest.h>

#include <memory>

#include "app/review_service.h"
#include "policy/engine.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"
#include "testing/in_memory_store.h"

namespace roi {
namespace {

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

// A patient's access request over two progress notes, both withheld on a clinician's harm
// determination and denied; the tests take it from there.
class DenialReviewServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<policy::RuleSet> rules = policy::LoadRuleSet(OPENROI_RULES_DIR);
    ASSERT_TRUE(rules) << rules.error().ToString();
    rules_ = std::make_unique<policy::RuleSet>(std::move(rules).value());
    requests_ = std::make_unique<RequestService>(store_, clock_, *rules_, audit_);
    reviews_ = std::make_unique<DenialReviewService>(store_, clock_, audit_, *requests_);
    ASSERT_TRUE(store_.Migrate());
    ASSERT_TRUE(store_.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) {
      Result<Organization> org =
          tx.Organizations().Insert({.name = "Org demo", .slug = "demo", .state = "CA"});
      if (!org) return Status(org.error());
      organization_ = org->id;
      return OkStatus();
    }));
    desk_ = AddUser("desk", Role::kRoiSpecialist);
    maker_ = AddUser("maker", Role::kClinician);
    reviewer_ = AddUser("reviewer", Role::kClinician);
    ASSERT_TRUE(store_.InTransaction(organization_, TxMode::kWrite, [&](Transaction& tx) {
      Result<Patient> patient = tx.Patients().Insert(Patient{.mrn = "MRN-1",
                                                             .given_name = "Testpatient",
                                                             .family_name = "Alpha",
                                                             .birth_date = Day(1980, 1, 1)});
      if (!patient) return Status(patient.error());
      patient_ = patient->id;
      return OkStatus();
    }));
    for (DocumentId* slot : {&first_, &second_}) {
      Result<Document> document = requests_->AddDocument(
          desk_, {.patient_id = patient_, .kind = "progress_note", .pages = 2});
      ASSERT_TRUE(document) << document.error().ToString();
      *slot = document->id;
    }
    Result<Requester> self =
        requests_->AddRequester(desk_, {.role = "patient", .name = "Testpatient Alpha"});
    ASSERT_TRUE(self);
    RequestFacts facts{.basis = "access", .purpose = "personal", .medium = "portal"};
    facts.written = facts.is_signed = facts.identity_verified = true;
    facts.scope.all_records = true;
    Result<RequestView> taken = requests_->Intake(
        desk_, {.patient_id = patient_, .requester_id = self->id, .facts = facts});
    ASSERT_TRUE(taken) << taken.error().ToString();
    request_ = taken->request.id;
    ASSERT_TRUE(Do(RequestAction::kStartVerification, "v"));
    Result<std::vector<HarmDetermination>> made =
        reviews_->RecordHarm(maker_, request_,
                             {.document_ids = {first_, second_},
                              .ground = HarmGround::kHarmToReferencedPerson,
                              .reasons = "Synthetic: both notes describe a third person at risk."});
    ASSERT_TRUE(made) << made.error().ToString();
    Result<RequestView> denied = Do(RequestAction::kDeny, "d");
    ASSERT_TRUE(denied) << denied.error().ToString();
    ASSERT_EQ(denied->request.state, RequestState::kDenied);
  }

  Principal AddUser(const std::string& name, Role role) {
    Principal principal{.organization = organization_};
    EXPECT_TRUE(store_.InTransaction(organization_, TxMode::kWrite, [&](Transaction& tx) {
      Result<User> user =
          tx.Users().Insert(User{.email = name + "@example.test",
                                 .display_name = "Synthetic " + name,
                                 .role = role,
                                 .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA",
                                 .release_authorized = role == Role::kRoiSpecialist,
                                 .training_attested_on = Day(2024, 6, 1),
                                 .training_expires_on = Day(2025, 6, 1)});
      if (!user) return Status(user.error());
      principal.user = *user;
      return OkStatus();
    }));
    return principal;
  }

  Result<RequestView> Do(RequestAction action, const std::string& key) {
    return requests_->Transition(desk_, request_, {.action = action, .idempotency_key = key});
  }

  testing::InMemoryStore store_;
  testing::FakeClock clock_;
  testing::FakeAuditHasher audit_hasher_;
  AuditTrail audit_{clock_, audit_hasher_};
  std::unique_ptr<policy::RuleSet> rules_;
  std::unique_ptr<RequestService> requests_;
  std::unique_ptr<DenialReviewService> reviews_;
  OrganizationId organization_;
  Principal desk_;
  Principal maker_;
  Principal reviewer_;
  PatientId patient_;
  DocumentId first_;
  DocumentId second_;
  RequestId request_;
};

TEST_F(DenialReviewServiceTest, OverturnedInPartReleasesOnlyTheOverturnedDocument) {
  Result<DenialReview> asked = reviews_->RequestReview(desk_, request_, {.channel = Channel::kFax});
  ASSERT_TRUE(asked) << asked.error().ToString();
  ASSERT_TRUE(reviews_->AssignReviewer(desk_, request_, asked->id, reviewer_.user.id));
  Result<DenialReviewResult> result = reviews_->Decide(
      reviewer_, request_, asked->id,
      {.overturn = true, .overturned_documents = {second_}, .reasons = "Synthetic: one is safe."});
  ASSERT_TRUE(result) << result.error().ToString();
  EXPECT_EQ(result->review.determination, DenialDetermination::kOverturnedInPart);
  EXPECT_EQ(result->state, RequestState::kRetrieving) << result->reopen_error;

  Result<RequestView> view = requests_->Get(desk_, request_);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->request.decision, DecisionOutcome::kPartial);
  EXPECT_NE(view->request.decision_json.find("HARM_DETERMINATION"), std::string::npos);
  // The reviewable withholding was reviewed: no second licensed-professional task is asked for
  // (the supervisor's red-flag review of a harm withholding still is).
  ReviewService tasks(store_, clock_, audit_);
  Result<ReviewsView> needed = tasks.List(desk_, request_);
  ASSERT_TRUE(needed) << needed.error().ToString();
  for (const ReviewNeed& need : needed->needed) {
    EXPECT_NE(need.kind, ReviewKind::kLicensedProfessional) << need.reason;
  }
  EXPECT_FALSE(needed->needed.empty());
  Result<DenialReviewView> reviewed = reviews_->Get(reviewer_, request_);
  ASSERT_TRUE(reviewed);
  EXPECT_EQ(reviewed->reviewable_documents, std::vector<DocumentId>{first_});
  EXPECT_FALSE(reviewed->review_available);
}

TEST_F(DenialReviewServiceTest, GuardsTheDeskAndTheReviewer) {
  Result<DenialReview> early = reviews_->RequestReview(
      desk_, request_, {.requested_on = Day(2025, 1, 5), .channel = Channel::kMail});
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kInvalidArgument);
  Result<DenialReview> asked = reviews_->RequestReview(desk_, request_, {});
  ASSERT_TRUE(asked) << asked.error().ToString();
  EXPECT_EQ(asked->due_on, clock_.Today().AddDays(kDenialReviewDueDays));
  Result<DenialReview> again = reviews_->RequestReview(desk_, request_, {});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  Result<DenialReview> maker = reviews_->AssignReviewer(desk_, request_, asked->id, maker_.user.id);
  ASSERT_FALSE(maker);
  EXPECT_EQ(maker.error().code, ErrorCode::kFailedPrecondition);
  Result<DenialReview> nobody = reviews_->AssignReviewer(desk_, request_, asked->id, UserId(999));
  ASSERT_FALSE(nobody);
  EXPECT_EQ(nobody.error().code, ErrorCode::kInvalidArgument);
  Result<DenialReviewResult> unassigned =
      reviews_->Decide(reviewer_, request_, asked->id, {.reasons = "x"});
  ASSERT_FALSE(unassigned);
  EXPECT_EQ(unassigned.error().code, ErrorCode::kFailedPrecondition);
  Result<DenialReview> other = reviews_->RequestReview(desk_, RequestId(424242), {});
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace roi
