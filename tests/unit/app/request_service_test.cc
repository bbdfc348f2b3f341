#include "app/request_service.h"

#include <gtest/gtest.h>

#include <memory>

#include "app/demo_data.h"
#include "app/demo_requests.h"
#include "policy/engine.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"
#include "testing/fake_credentials.h"
#include "testing/in_memory_store.h"

namespace roi {
namespace {

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

// A complete, signed, unexpired authorization (FakeClock's today is 2025-01-06).
AuthorizationElements ValidAuthorization() {
  AuthorizationElements a;
  a.is_signed = true;
  a.signed_on = Day(2025, 1, 2);
  a.expires_on = Day(2026, 1, 2);
  a.describes_information = a.names_discloser = a.names_recipient = a.states_purpose = true;
  a.revocation_statement = a.conditioning_statement = a.redisclosure_statement = true;
  a.covers = {"all_records"};
  return a;
}

RequestFacts PatientAccess() {
  RequestFacts facts{.basis = "access", .purpose = "personal", .medium = "portal"};
  facts.written = facts.is_signed = facts.identity_verified = true;
  facts.scope.all_records = true;
  return facts;
}

RequestFacts AttorneyRequest() {
  RequestFacts facts{.basis = "authorization", .purpose = "litigation", .medium = "mail"};
  facts.written = facts.is_signed = true;
  facts.scope.all_records = true;
  facts.authorization = ValidAuthorization();
  return facts;
}

class RequestServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<policy::RuleSet> rules = policy::LoadRuleSet(OPENROI_RULES_DIR);
    ASSERT_TRUE(rules) << rules.error().ToString();
    rules_ = std::make_unique<policy::RuleSet>(std::move(rules).value());
    service_ = std::make_unique<RequestService>(store_, clock_, *rules_, audit_);
    ASSERT_TRUE(store_.Migrate());
    caller_ = MakeOrganization("demo");
    other_ = MakeOrganization("other");
    ASSERT_TRUE(store_.InTransaction(caller_.organization, TxMode::kWrite, [&](Transaction& tx) {
      Result<Patient> patient = tx.Patients().Insert(Patient{.mrn = "MRN-1",
                                                             .given_name = "Testpatient",
                                                             .family_name = "Alpha",
                                                             .birth_date = Day(1980, 1, 1)});
      if (!patient) return Status(patient.error());
      patient_ = *patient;
      return OkStatus();
    }));
    Result<Requester> self = service_->AddRequester(
        caller_, {.role = "patient", .name = "Testpatient Alpha", .email = "alpha@example.test"});
    ASSERT_TRUE(self) << self.error().ToString();
    self_ = *self;
    Result<Requester> attorney = service_->AddRequester(
        caller_, {.role = "attorney", .name = "Sample Law Office", .organization = "Example LLP"});
    ASSERT_TRUE(attorney) << attorney.error().ToString();
    attorney_ = *attorney;
    ASSERT_TRUE(service_->AddDocument(
        caller_, {.patient_id = patient_.id, .kind = "progress_note", .pages = 3}));
  }

  Principal MakeOrganization(const std::string& slug) {
    Principal principal;
    EXPECT_TRUE(store_.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) {
      Result<Organization> org =
          tx.Organizations().Insert({.name = "Org " + slug, .slug = slug, .state = "CA"});
      if (!org) return Status(org.error());
      principal.organization = org->id;
      return OkStatus();
    }));
    // A release-authorized specialist with current training (FakeClock's today is 2025-01-06).
    EXPECT_TRUE(store_.InTransaction(principal.organization, TxMode::kWrite, [&](Transaction& tx) {
      Result<User> user =
          tx.Users().Insert(User{.email = "releaser@" + slug + ".example.test",
                                 .display_name = "Sample Releaser",
                                 .role = Role::kRoiSpecialist,
                                 .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA",
                                 .release_authorized = true,
                                 .training_attested_on = Day(2024, 6, 1),
                                 .training_expires_on = Day(2025, 6, 1)});
      if (!user) return Status(user.error());
      principal.user = *user;
      return OkStatus();
    }));
    return principal;
  }

  Result<RequestView> Intake(const Requester& requester, RequestFacts facts) {
    return service_->Intake(caller_, {.patient_id = patient_.id,
                                      .requester_id = requester.id,
                                      .channel = Channel::kPortal,
                                      .facts = std::move(facts)});
  }

  Result<RequestView> Do(RequestId id, RequestAction action, const std::string& key) {
    return service_->Transition(caller_, id, {.action = action, .idempotency_key = key});
  }

  testing::InMemoryStore store_;
  testing::FakeClock clock_;
  testing::FakeAuditHasher audit_hasher_;
  AuditTrail audit_{clock_, audit_hasher_};
  std::unique_ptr<policy::RuleSet> rules_;
  std::unique_ptr<RequestService> service_;
  Principal caller_;
  Principal other_;
  Patient patient_;
  Requester self_;
  Requester attorney_;
};

TEST_F(RequestServiceTest, PatientAccessIsDecidedAcknowledgedAndReleased) {
  Result<RequestView> view = Intake(self_, PatientAccess());
  ASSERT_TRUE(view) << view.error().ToString();
  const ReleaseRequest& request = view->request;
  EXPECT_EQ(request.number, "R-2025-000001");
  EXPECT_EQ(request.received_on, Day(2025, 1, 6));
  EXPECT_EQ(request.state, RequestState::kReceived);
  EXPECT_EQ(request.decision, DecisionOutcome::kRelease);
  EXPECT_NE(request.decision_json.find("\"schema\":\"openroi.decision/1\""), std::string::npos);
  EXPECT_NE(request.decision_json.find("\"cite\""), std::string::npos);
  ASSERT_TRUE(request.due_on.has_value());
  EXPECT_TRUE(view->warnings.empty());
  ASSERT_EQ(view->letters.size(), 1u);
  EXPECT_EQ(view->letters[0].kind, "acknowledgment");
  EXPECT_EQ(view->letters[0].recipient, "Testpatient Alpha");
  EXPECT_EQ(FieldValue(view->letters[0].body, "request_number"), "R-2025-000001");

  RequestId id = request.id;
  ASSERT_TRUE(Do(id, RequestAction::kStartVerification, "k1"));
  ASSERT_TRUE(Do(id, RequestAction::kStartRetrieval, "k2"));
  Result<RequestView> ready = Do(id, RequestAction::kFinishRetrieval, "k3");
  ASSERT_TRUE(ready) << ready.error().ToString();
  EXPECT_EQ(ready->request.state, RequestState::kReadyToRelease);
  Result<RequestView> released = Do(id, RequestAction::kRelease, "k4");
  ASSERT_TRUE(released) << released.error().ToString();
  EXPECT_EQ(released->request.state, RequestState::kReleased);
  ASSERT_EQ(released->history.size(), 4u);
  EXPECT_EQ(released->history[3].event.actor, caller_.user.id);
  // A retry with a used key changes nothing and records nothing.
  Result<RequestView> retry = Do(id, RequestAction::kRelease, "k4");
  ASSERT_TRUE(retry) << retry.error().ToString();
  EXPECT_EQ(retry->history.size(), 4u);
  EXPECT_EQ(retry->request.version, released->request.version);
  EXPECT_EQ(Do(id, RequestAction::kClose, "k4").error().code, ErrorCode::kInvalidArgument);
}

TEST_F(RequestServiceTest, ReleaseWritesItsDisclosureEntryInTheSameTransaction) {
  Result<RequestView> view = Intake(attorney_, AttorneyRequest());
  ASSERT_TRUE(view) << view.error().ToString();
  RequestId id = view->request.id;
  EXPECT_TRUE(view->disclosures.empty());
  ASSERT_TRUE(Do(id, RequestAction::kStartVerification, "d1"));
  ASSERT_TRUE(Do(id, RequestAction::kStartRetrieval, "d2"));
  Result<RequestView> ready = Do(id, RequestAction::kFinishRetrieval, "d3");
  ASSERT_TRUE(ready) << ready.error().ToString();
  ASSERT_EQ(ready->request.state, RequestState::kReadyToRelease);
  EXPECT_TRUE(ready->disclosures.empty());
  Result<RequestView> released = Do(id, RequestAction::kRelease, "d4");
  ASSERT_TRUE(released) << released.error().ToString();
  ASSERT_EQ(released->disclosures.size(), 1u);
  const DisclosureEntry& entry = released->disclosures[0];
  EXPECT_EQ(entry.request_id, id);
  EXPECT_EQ(entry.patient_id, patient_.id);
  EXPECT_EQ(entry.disclosed_on, Day(2025, 1, 6));
  EXPECT_EQ(entry.recipient_name, "Sample Law Office, Example LLP");
  EXPECT_EQ(entry.released_by, caller_.user.id);
  EXPECT_EQ(entry.means, DisclosureMeans::kMail);
  EXPECT_EQ(entry.basis, DisclosureBasis::kAuthorization);
  EXPECT_FALSE(IsAccountable(entry.basis));
  EXPECT_EQ(entry.description, "Request R-2025-000001, 1 document released: progress note");
  EXPECT_EQ(entry.purpose,
            "Purpose: litigation; basis: authorization; requested by attorney (request "
            "R-2025-000001)");
  EXPECT_EQ(entry.fee, Money::Zero());
  // The entry is in the patient's log, and a retried release writes no second one.
  ASSERT_TRUE(Do(id, RequestAction::kRelease, "d4"));
  std::vector<DisclosureEntry> logged;
  ASSERT_TRUE(store_.InTransaction(caller_.organization, TxMode::kRead, [&](Transaction& tx) {
    Result<std::vector<DisclosureEntry>> found =
        tx.Disclosures().List(DisclosureQuery{.patient = patient_.id});
    if (!found) return Status(found.error());
    logged = *found;
    return OkStatus();
  }));
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0], entry);
}

TEST_F(RequestServiceTest, ReleaseNeedsCurrentTrainingAndLeavesNothingWhenRefused) {
  Result<RequestView> view = Intake(self_, PatientAccess());
  ASSERT_TRUE(view) << view.error().ToString();
  RequestId id = view->request.id;
  ASSERT_TRUE(Do(id, RequestAction::kStartVerification, "t1"));
  ASSERT_TRUE(Do(id, RequestAction::kStartRetrieval, "t2"));
  ASSERT_TRUE(Do(id, RequestAction::kFinishRetrieval, "t3"));
  clock_.SetToday(Day(2025, 6, 1));  // The training attestation expired that day.
  Result<RequestView> refused = Do(id, RequestAction::kRelease, "t4");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_NE(refused.error().message.find("training"), std::string::npos);
  Result<RequestView> after = service_->Get(caller_, id);
  ASSERT_TRUE(after) << after.error().ToString();
  EXPECT_EQ(after->request.state, RequestState::kReadyToRelease);
  EXPECT_TRUE(after->disclosures.empty());
  // A session that still says "release authorized" does not help: the user is read afresh.
  clock_.SetToday(Day(2025, 1, 6));
  ASSERT_TRUE(store_.InTransaction(caller_.organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<User> user = tx.Users().Find(caller_.user.id);
    if (!user) return Status(user.error());
    user->release_authorized = false;
    Result<User> updated = tx.Users().Update(*user);
    return updated ? OkStatus() : Status(updated.error());
  }));
  EXPECT_EQ(Do(id, RequestAction::kRelease, "t5").error().code, ErrorCode::kPermissionDenied);
}

TEST_F(RequestServiceTest, EveryCallIsAuditedWithThePatientAndAFailedCallIsNot) {
  caller_.remote_address = "192.0.2.7";
  Result<RequestView> view = Intake(self_, PatientAccess());
  ASSERT_TRUE(view) << view.error().ToString();
  RequestId id = view->request.id;
  ASSERT_TRUE(service_->Get(caller_, id));
  ASSERT_TRUE(Do(id, RequestAction::kStartVerification, "v1"));
  ASSERT_TRUE(Do(id, RequestAction::kStartRetrieval, "v2"));
  ASSERT_TRUE(Do(id, RequestAction::kFinishRetrieval, "v3"));
  ASSERT_TRUE(Do(id, RequestAction::kRelease, "v4"));
  ASSERT_TRUE(service_->Queue(caller_, {}));
  // Another organization's caller finds nothing, and nothing is recorded for the failed look.
  EXPECT_EQ(service_->Get(other_, id).error().code, ErrorCode::kNotFound);

  std::vector<AuditEvent> events;
  ASSERT_TRUE(store_.InTransaction(caller_.organization, TxMode::kRead, [&](Transaction& tx) {
    Result<std::vector<AuditEvent>> found = tx.Audit().Query({.limit = 1000});
    if (!found) return Status(found.error());
    events = *found;
    return OkStatus();
  }));
  std::vector<std::string> seen;
  for (const AuditEvent& event : events) {
    if (event.entity_kind != "request" && event.entity_kind != "request_queue") continue;
    seen.push_back(std::string(AuditActionName(event.action)) + ":" + event.detail);
    EXPECT_EQ(event.actor_id, caller_.user.id);
    EXPECT_EQ(event.remote_address, "192.0.2.7");
    if (event.entity_kind == "request") {
      EXPECT_EQ(event.patient_id, patient_.id);
      EXPECT_EQ(event.entity_id, std::to_string(id.value));
    } else {
      EXPECT_FALSE(event.patient_id.IsSet());
    }
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"create:intake request", "read:read request",
                                            "update:start_verification", "update:start_retrieval",
                                            "update:finish_retrieval", "release:release",
                                            "read:work queue page of 1 requests"}));
  std::int64_t other_events = -1;
  ASSERT_TRUE(store_.InTransaction(other_.organization, TxMode::kRead, [&](Transaction& tx) {
    Result<AuditChainHead> head = tx.Audit().Head();
    if (!head) return Status(head.error());
    other_events = head->sequence;
    return OkStatus();
  }));
  EXPECT_EQ(other_events, 0);
}

TEST_F(RequestServiceTest, DownloadingALetterIsAuditedAsADownload) {
  Result<RequestView> view = Intake(self_, PatientAccess());
  ASSERT_TRUE(view) << view.error().ToString();
  RequestId id = view->request.id;
  std::int64_t letter_id = view->letters.at(0).id;
  Result<std::pair<std::string, Letter>> found = service_->DownloadLetter(caller_, id, letter_id);
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(found->first, view->request.number);
  EXPECT_EQ(found->second.kind, "acknowledgment");
  EXPECT_EQ(service_->DownloadLetter(caller_, id, letter_id + 1000).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(service_->DownloadLetter(other_, id, letter_id).error().code, ErrorCode::kNotFound);

  std::vector<std::string> seen;
  ASSERT_TRUE(store_.InTransaction(caller_.organization, TxMode::kRead, [&](Transaction& tx) {
    Result<std::vector<AuditEvent>> events = tx.Audit().Query({.limit = 1000});
    if (!events) return Status(events.error());
    for (const AuditEvent& event : *events) {
      if (event.action == AuditAction::kDownload) {
        seen.push_back(event.detail);
        EXPECT_EQ(event.patient_id, patient_.id);
      }
    }
    return OkStatus();
  }));
  EXPECT_EQ(seen, (std::vector<std::string>{"download letter " + std::to_string(letter_id) +
                                            " (acknowledgment)"}));
}

TEST_F(RequestServiceTest, UnsignedAuthorizationPendsUntilFixed) {
  RequestFacts facts = AttorneyRequest();
  facts.authorization->is_signed = false;
  Result<RequestView> view = Intake(attorney_, facts);
  ASSERT_TRUE(view) << view.error().ToString();
  EXPECT_EQ(view->request.decision, DecisionOutcome::kPend);
  EXPECT_NE(view->request.decision_json.find("AUTH_UNSIGNED"), std::string::npos);
  RequestId id = view->request.id;
  ASSERT_TRUE(Do(id, RequestAction::kStartVerification, "a1"));
  Result<RequestView> blocked = Do(id, RequestAction::kStartRetrieval, "a2");
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(blocked.error().message.find("pending information"), std::string::npos);
  Result<RequestView> pending = Do(id, RequestAction::kRequestInformation, "a3");
  ASSERT_TRUE(pending) << pending.error().ToString();
  EXPECT_EQ(pending->request.state, RequestState::kPendingInformation);

  // A stale version is refused; the current one re-decides.
  FactsChange change{.version = pending->request.version - 1, .facts = AttorneyRequest()};
  EXPECT_EQ(service_->ChangeFacts(caller_, id, change).error().code, ErrorCode::kAborted);
  change.version = pending->request.version;
  Result<RequestView> fixed = service_->ChangeFacts(caller_, id, change);
  ASSERT_TRUE(fixed) << fixed.error().ToString();
  EXPECT_EQ(fixed->request.decision, DecisionOutcome::kRelease);
  ASSERT_TRUE(Do(id, RequestAction::kInformationReceived, "a4"));
  ASSERT_TRUE(Do(id, RequestAction::kStartRetrieval, "a5"));
  Result<RequestView> ready = Do(id, RequestAction::kFinishRetrieval, "a6");
  ASSERT_TRUE(ready) << ready.error().ToString();
  EXPECT_EQ(ready->request.state, RequestState::kReadyToRelease);
}

TEST_F(RequestServiceTest, RevokingTheAuthorizationBlocksRelease) {
  Result<RequestView> view = Intake(attorney_, AttorneyRequest());
  ASSERT_TRUE(view) << view.error().ToString();
  RequestId id = view->request.id;
  ASSERT_TRUE(Do(id, RequestAction::kStartVerification, "r1"));
  ASSERT_TRUE(Do(id, RequestAction::kStartRetrieval, "r2"));
  Result<RequestView> current = service_->Get(caller_, id);
  ASSERT_TRUE(current);
  RequestFacts revoked = current->request.facts;
  revoked.authorization->revoked_on = Day(2025, 1, 6);
  revoked.authorization->revocation_written = true;
  Result<RequestView> changed =
      service_->ChangeFacts(caller_, id, {.version = current->request.version, .facts = revoked});
  ASSERT_TRUE(changed) << changed.error().ToString();
  EXPECT_EQ(changed->request.decision, DecisionOutcome::kDeny);
  Result<RequestView> blocked = Do(id, RequestAction::kFinishRetrieval, "r3");
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(blocked.error().message.find("revoked"), std::string::npos);
}

TEST_F(RequestServiceTest, SamePatientAndRequesterWithin30DaysIsAWarning) {
  ASSERT_TRUE(Intake(self_, PatientAccess()));
  clock_.AdvanceDays(30);
  Result<RequestView> second = Intake(self_, PatientAccess());
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_EQ(second->request.number, "R-2025-000002");
  ASSERT_EQ(second->warnings.size(), 1u);
  EXPECT_NE(second->warnings[0].find("R-2025-000001"), std::string::npos);
  Result<RequestView> by_attorney = Intake(attorney_, AttorneyRequest());
  ASSERT_TRUE(by_attorney);
  EXPECT_TRUE(by_attorney->warnings.empty());
  clock_.AdvanceDays(20);
  Result<RequestView> later = Intake(self_, PatientAccess());
  ASSERT_TRUE(later);
  EXPECT_EQ(later->warnings.size(), 1u);  // Only the second is within 30 days.
}

TEST_F(RequestServiceTest, BadInputNamesTheFieldAndOtherOrganizationsSeeNothing) {
  RequestFacts facts = PatientAccess();
  facts.scope.kinds = {"xray"};
  Result<RequestView> bad = Intake(self_, facts);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(bad.error().message.find("scope.kinds"), std::string::npos);
  EXPECT_EQ(service_->AddRequester(caller_, {.role = "wizard", .name = "X"}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(
      service_
          ->AddDocument(caller_,
                        {.patient_id = patient_.id, .kind = "progress_note", .labels = {"secret"}})
          .error()
          .message,
      "labels: unknown value");

  Result<RequestView> view = Intake(self_, PatientAccess());
  ASSERT_TRUE(view);
  EXPECT_EQ(service_->Get(other_, view->request.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->GetRequester(other_, self_.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->PatientDocuments(other_, patient_.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Do(RequestId(view->request.id.value), RequestAction::kStartVerification, "x")
                .value()
                .request.state,
            RequestState::kVerifying);
  EXPECT_EQ(service_
                ->Transition(other_, view->request.id,
                             {.action = RequestAction::kCancel, .idempotency_key = "y"})
                .error()
                .code,
            ErrorCode::kNotFound);
}

TEST_F(RequestServiceTest, QueuePagesWithACursorAndAssignmentFilters) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Intake(self_, PatientAccess()));
  Result<QueuePage> first = service_->Queue(caller_, {.query = {.limit = 2}});
  ASSERT_TRUE(first) << first.error().ToString();
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_EQ(first->items[0].patient.family_name, "Alpha");
  ASSERT_FALSE(first->next_cursor.empty());
  Result<QueuePage> second =
      service_->Queue(caller_, {.query = {.limit = 2}, .cursor = first->next_cursor});
  ASSERT_TRUE(second) << second.error().ToString();
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_TRUE(second->next_cursor.empty());
  EXPECT_EQ(service_->Queue(caller_, {.cursor = "r.12"}).error().code, ErrorCode::kInvalidArgument);

  RequestView target = *service_->Get(caller_, first->items[0].request.id);
  EXPECT_EQ(service_->Assign(caller_, target.request.id, UserId(12345), target.request.version)
                .error()
                .code,
            ErrorCode::kInvalidArgument);
}

TEST(DemoRequestsTest, LoadsThreeDecidedRequestsOnce) {
  testing::InMemoryStore store;
  ASSERT_TRUE(store.Migrate());
  testing::FakeClock clock;
  testing::FakePasswordHasher hasher;
  Result<DemoSummary> demo = LoadDemoData(store, {.hasher = &hasher, .today = clock.Today()});
  ASSERT_TRUE(demo) << demo.error().ToString();
  Result<policy::RuleSet> rules = policy::LoadRuleSet(OPENROI_RULES_DIR);
  ASSERT_TRUE(rules) << rules.error().ToString();
  testing::FakeAuditHasher audit_hasher;
  AuditTrail audit(clock, audit_hasher);
  RequestService service(store, clock, *rules, audit);
  Result<DemoRequestSummary> loaded =
      LoadDemoRequests(store, service, demo->organization, clock.Today());
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  EXPECT_EQ(loaded->requests, 3);
  EXPECT_EQ(loaded->documents, 9);
  Principal caller{.organization = demo->organization};
  Result<QueuePage> queue = service.Queue(caller, {.query = {.sort = RequestSort::kReceived}});
  ASSERT_TRUE(queue) << queue.error().ToString();
  ASSERT_EQ(queue->items.size(), 3u);
  // Access reaches everything but the psychotherapy note: a partial release.
  EXPECT_EQ(queue->items[0].request.decision, DecisionOutcome::kPartial);
  EXPECT_EQ(queue->items[1].request.decision, DecisionOutcome::kPend);
  EXPECT_NE(queue->items[2].request.decision, DecisionOutcome::kNone);
  Result<DemoRequestSummary> again =
      LoadDemoRequests(store, service, demo->organization, clock.Today());
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->already_loaded);
  EXPECT_EQ(again->requests, 0);
}

}  // namespace
}  // namespace roi
