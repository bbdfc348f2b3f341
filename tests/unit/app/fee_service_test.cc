// FeeService: the organization's fee settings and a request's recorded costs reach the rules
// engine's case (`fee_policy`, `cost`) and so the decided fee, which bounds the invoice.
#include "app/fee_service.h"

#include <gtest/gtest.h>

#include <memory>

#include "app/billing_service.h"
#include "app/decision_terms.h"
#include "policy/engine.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"
#include "testing/in_memory_store.h"

namespace roi {
namespace {

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

// The labor charge as the engine rounds it: minutes x rate / 60, to the nearest cent.
std::int64_t Labor(std::int64_t minutes, std::int64_t rate) { return (minutes * rate + 30) / 60; }

RequestFacts PatientAccess(const std::string& format = "electronic",
                           const std::string& medium = "portal") {
  RequestFacts facts{.basis = "access", .purpose = "personal", .format = format, .medium = medium};
  facts.written = facts.is_signed = facts.identity_verified = true;
  facts.scope.all_records = true;
  return facts;
}

RequestFacts AttorneyRequest() {
  RequestFacts facts{.basis = "authorization", .purpose = "litigation", .medium = "mail"};
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

class FeeServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.SetToday(Day(2025, 1, 6));
    Result<policy::RuleSet> rules = policy::LoadRuleSet(OPENROI_RULES_DIR);
    ASSERT_TRUE(rules) << rules.error().ToString();
    rules_ = std::make_unique<policy::RuleSet>(std::move(rules).value());
    requests_ = std::make_unique<RequestService>(store_, clock_, *rules_, audit_);
    fees_ = std::make_unique<FeeService>(store_, clock_, audit_, *rules_, *requests_);
    billing_ = std::make_unique<BillingService>(store_, clock_, audit_);
    ASSERT_TRUE(store_.Migrate());
  }

  // An organization in `state` ("WA": no state overlay, federal rules only) with a desk, an
  // administrator, a supervisor and a patient with two two-page notes.
  void MakeOrganization(const std::string& state) {
    ASSERT_TRUE(store_.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) {
      Result<Organization> org =
          tx.Organizations().Insert({.name = "Org fees", .slug = "fees", .state = state});
      if (!org) return Status(org.error());
      organization_ = org->id;
      return OkStatus();
    }));
    desk_ = AddUser("desk", Role::kRoiSpecialist);
    admin_ = AddUser("admin", Role::kAdministrator);
    supervisor_ = AddUser("supervisor", Role::kSupervisor);
    ASSERT_TRUE(store_.InTransaction(organization_, TxMode::kWrite, [&](Transaction& tx) {
      Result<Patient> patient = tx.Patients().Insert(Patient{.mrn = "MRN-F1",
                                                             .given_name = "Testpatient",
                                                             .family_name = "Alpha",
                                                             .birth_date = Day(1980, 1, 1)});
      if (!patient) return Status(patient.error());
      patient_ = patient->id;
      return OkStatus();
    }));
    for (int i = 0; i < 2; ++i) {
      ASSERT_TRUE(requests_->AddDocument(
          desk_, {.patient_id = patient_, .kind = "progress_note", .pages = 2}));
    }
  }

  Principal AddUser(const std::string& name, Role role) {
    Principal principal{.organization = organization_};
    EXPECT_TRUE(store_.InTransaction(organization_, TxMode::kWrite, [&](Transaction& tx) {
      Result<User> user =
          tx.Users().Insert(User{.email = name + "@example.test",
                                 .display_name = "Synthetic " + name,
                                 .role = role,
                                 .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"});
      if (!user) return Status(user.error());
      principal.user = *user;
      return OkStatus();
    }));
    return principal;
  }

  RequestId Intake(const RequestFacts& facts, const std::string& role = "patient") {
    Result<Requester> requester = requests_->AddRequester(
        desk_, {.role = role, .name = role == "patient" ? "Testpatient Alpha" : "Synthetic Firm"});
    EXPECT_TRUE(requester) << requester.error().ToString();
    Result<RequestView> taken = requests_->Intake(
        desk_, {.patient_id = patient_, .requester_id = requester->id, .facts = facts});
    EXPECT_TRUE(taken) << taken.error().ToString();
    return taken ? taken->request.id : RequestId();
  }

  void Settle(const FeeSettingsChange& change) {
    Result<FeeSettingsView> changed = fees_->Update(admin_, change);
    ASSERT_TRUE(changed) << changed.error().ToString();
  }

  DecisionTerms Terms(RequestId id) {
    Result<RequestView> view = requests_->Get(desk_, id);
    EXPECT_TRUE(view) << view.error().ToString();
    Result<DecisionTerms> terms = ReadDecisionTerms(view->request.decision_json);
    EXPECT_TRUE(terms);
    return *terms;
  }

  testing::InMemoryStore store_;
  testing::FakeClock clock_;
  testing::FakeAuditHasher audit_hasher_;
  AuditTrail audit_{clock_, audit_hasher_};
  std::unique_ptr<policy::RuleSet> rules_;
  std::unique_ptr<RequestService> requests_;
  std::unique_ptr<FeeService> fees_;
  std::unique_ptr<BillingService> billing_;
  OrganizationId organization_;
  Principal desk_;
  Principal admin_;
  Principal supervisor_;
  PatientId patient_;
};

TEST_F(FeeServiceTest, DefaultsAreTheEnginesFlatFeeAtVersionZero) {
  MakeOrganization("WA");
  Result<FeeSettingsView> view = fees_->Get(desk_);
  ASSERT_TRUE(view) << view.error().ToString();
  EXPECT_EQ(view->settings, FeeSettings{});
  EXPECT_EQ(view->flat_fee_max_cents, 650);
  RequestId id = Intake(PatientAccess());
  EXPECT_EQ(Terms(id).fee_max_cents, 650);
  EXPECT_EQ(Terms(id).fee_basis, "HIPAA_FLAT_ELECTRONIC");
}

TEST_F(FeeServiceTest, FlatPolicyWithALowerFlatFeeChargesThatFee) {
  MakeOrganization("WA");
  Settle({.version = 0, .flat_cents = 400});
  RequestId id = Intake(PatientAccess());
  DecisionTerms terms = Terms(id);
  EXPECT_EQ(terms.fee_max_cents, 400);
  EXPECT_EQ(terms.fee_basis, "HIPAA_FLAT_ELECTRONIC");
  // The invoice can charge the whole fee and no more.
  Result<BillingView> over = billing_->Issue(supervisor_, id, {{"Copies", 1, 401}});
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, ErrorCode::kFailedPrecondition);
  Result<BillingView> issued = billing_->Issue(supervisor_, id, {});
  ASSERT_TRUE(issued) << issued.error().ToString();
  EXPECT_EQ(issued->max_cents, 400);
  ASSERT_TRUE(issued->invoice);
  EXPECT_EQ(issued->invoice->total_cents, 400);
}

TEST_F(FeeServiceTest, ActualPolicyChargesLaborAtTheRateAndRecordingCostsReDecides) {
  MakeOrganization("WA");
  Settle({.version = 0,
          .patient_electronic = PatientElectronicFee::kActual,
          .labor_rate_cents_per_hour = 3000,
          .supplies_cents = 125,
          .postage_cents = 73});
  RequestId id = Intake(PatientAccess());
  EXPECT_EQ(Terms(id).fee_max_cents, 0);  // No labor recorded yet.
  EXPECT_EQ(Terms(id).fee_basis, "HIPAA_COST_BASED");

  Result<RequestCostsView> set = fees_->SetCosts(desk_, id, {.version = 0, .labor_minutes = 45});
  ASSERT_TRUE(set) << set.error().ToString();
  // Electronic through the portal: labor only, no supplies, no postage.
  EXPECT_EQ(set->fee_max_cents, Labor(45, 3000));
  EXPECT_EQ(set->fee_basis, "HIPAA_COST_BASED");
  EXPECT_EQ(set->cost.supplies_cents, 125);
  EXPECT_EQ(Terms(id).fee_max_cents, Labor(45, 3000));
  ASSERT_TRUE(set->costs);
  EXPECT_EQ(set->costs->recorded_by, desk_.user.id);

  // A stale version is refused and changes nothing.
  Result<RequestCostsView> stale = fees_->SetCosts(desk_, id, {.version = 0, .labor_minutes = 90});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kAborted);
  EXPECT_EQ(Terms(id).fee_max_cents, Labor(45, 3000));
}

TEST_F(FeeServiceTest, PaperByMailAddsSuppliesAndPostageWithRequestOverrides) {
  MakeOrganization("WA");
  Settle({.version = 0,
          .patient_electronic = PatientElectronicFee::kActual,
          .labor_rate_cents_per_hour = 3000,
          .supplies_cents = 125,
          .postage_cents = 73});
  RequestId id = Intake(PatientAccess("paper", "mail"));
  Result<RequestCostsView> set = fees_->SetCosts(
      desk_, id, {.version = 0, .labor_minutes = 30, .supplies_cents = 300, .postage_cents = {}});
  ASSERT_TRUE(set) << set.error().ToString();
  EXPECT_EQ(set->cost.supplies_cents, 300);  // The request's own.
  EXPECT_EQ(set->cost.postage_cents, 73);    // The organization's default.
  EXPECT_EQ(set->fee_max_cents, Labor(30, 3000) + 300 + 73);
}

TEST_F(FeeServiceTest, AStateCapLowerThanTheCostWins) {
  // California: an individual's copies at most $0.25 a page plus actual labor (no supplies,
  // no postage), so paper by mail with dear supplies is capped.
  MakeOrganization("CA");
  Settle({.version = 0,
          .patient_electronic = PatientElectronicFee::kActual,
          .labor_rate_cents_per_hour = 3000,
          .supplies_cents = 500,
          .postage_cents = 100});
  RequestId id = Intake(PatientAccess("paper", "mail"));
  Result<RequestCostsView> set = fees_->SetCosts(desk_, id, {.version = 0, .labor_minutes = 30});
  ASSERT_TRUE(set) << set.error().ToString();
  std::int64_t cost = Labor(30, 3000) + 500 + 100;
  std::int64_t cap = 4 * 25 + Labor(30, 3000);
  ASSERT_LT(cap, cost);
  EXPECT_EQ(set->fee_max_cents, cap);
  EXPECT_EQ(set->fee_basis, "STATE_CAP");
}

TEST_F(FeeServiceTest, AThirdPartyRequestIgnoresThePatientPolicy) {
  MakeOrganization("WA");
  Settle({.version = 0,
          .flat_cents = 100,
          .labor_rate_cents_per_hour = 2400,
          .supplies_cents = 200,
          .postage_cents = 50});
  RequestId id = Intake(AttorneyRequest(), "attorney");
  Result<RequestCostsView> set = fees_->SetCosts(desk_, id, {.version = 0, .labor_minutes = 20});
  ASSERT_TRUE(set) << set.error().ToString();
  EXPECT_EQ(set->fee_basis, "HIPAA_COST_BASED");
  EXPECT_EQ(set->fee_max_cents, Labor(20, 2400) + 200 + 50);
}

TEST_F(FeeServiceTest, RefusesBadSettingsWithTheField) {
  MakeOrganization("WA");
  Result<FeeSettingsView> negative =
      fees_->Update(admin_, {.version = 0, .labor_rate_cents_per_hour = -1});
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error().code, ErrorCode::kInvalidArgument);
  ASSERT_FALSE(negative.error().details.empty());
  EXPECT_EQ(negative.error().details[0].path, "labor_rate_cents_per_hour");

  Result<FeeSettingsView> over = fees_->Update(admin_, {.version = 0, .flat_cents = 651});
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(over.error().message.find("maximum flat fee of 650"), std::string::npos);
  ASSERT_FALSE(over.error().details.empty());
  EXPECT_EQ(over.error().details[0].path, "flat_cents");

  Result<RequestCostsView> minutes =
      fees_->SetCosts(desk_, Intake(PatientAccess()), {.version = 0, .labor_minutes = -5});
  ASSERT_FALSE(minutes);
  EXPECT_EQ(minutes.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(minutes.error().details.at(0).path, "labor_minutes");
}

TEST_F(FeeServiceTest, OnlyTheAdministratorChangesSettingsAndStaleVersionsAreAborted) {
  MakeOrganization("WA");
  Result<FeeSettingsView> desk = fees_->Update(desk_, {.version = 0, .flat_cents = 500});
  ASSERT_FALSE(desk);
  EXPECT_EQ(desk.error().code, ErrorCode::kPermissionDenied);
  Settle({.version = 0, .flat_cents = 500});
  Result<FeeSettingsView> stale = fees_->Update(admin_, {.version = 0, .flat_cents = 450});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kAborted);
  Result<FeeSettingsView> fresh = fees_->Update(admin_, {.version = 1, .flat_cents = 450});
  ASSERT_TRUE(fresh) << fresh.error().ToString();
  EXPECT_EQ(fresh->settings.version, 2);
  EXPECT_EQ(fresh->settings.flat_cents, 450);
}

TEST_F(FeeServiceTest, ChangesAreAuditedWithTheActor) {
  MakeOrganization("WA");
  Settle({.version = 0, .patient_electronic = PatientElectronicFee::kActual});
  RequestId id = Intake(PatientAccess());
  ASSERT_TRUE(fees_->SetCosts(desk_, id, {.version = 0, .labor_minutes = 15}));
  std::vector<AuditEvent> events;
  ASSERT_TRUE(store_.InTransaction(organization_, TxMode::kRead, [&](Transaction& tx) {
    Result<std::vector<AuditEvent>> found = tx.Audit().Query({.action = AuditAction::kUpdate});
    if (!found) return Status(found.error());
    events = *found;
    return OkStatus();
  }));
  bool settings = false;
  bool costs = false;
  for (const AuditEvent& event : events) {
    if (event.entity_kind == "fee_settings") {
      settings = true;
      EXPECT_EQ(event.actor_id, admin_.user.id);
      EXPECT_NE(event.detail.find("patient electronic flat -> actual"), std::string::npos);
    }
    if (event.detail.find("request costs changed") != std::string::npos) {
      costs = true;
      EXPECT_EQ(event.actor_id, desk_.user.id);
      EXPECT_EQ(event.patient_id, patient_);
    }
  }
  EXPECT_TRUE(settings);
  EXPECT_TRUE(costs);
}

TEST_F(FeeServiceTest, CostsOfAClosedRequestCannotChange) {
  MakeOrganization("WA");
  RequestId id = Intake(PatientAccess());
  ASSERT_TRUE(requests_->Transition(desk_, id,
                                    {.action = RequestAction::kCancel,
                                     .idempotency_key = "cancel",
                                     .note = "Synthetic: withdrawn"}));
  Result<RequestCostsView> set = fees_->SetCosts(desk_, id, {.version = 0, .labor_minutes = 10});
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().code, ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace roi
