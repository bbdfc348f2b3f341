// Organization settings and facilities (OrganizationService), the per-organization
// assignment-scoped roles read by the break-the-glass guard, and the entity type reaching the
// rules engine: a Florida hospital and a Florida physician practice charge different fees.
#include "app/organization_service.h"

#include <gtest/gtest.h>

#include <memory>

#include "app/patient_access.h"
#include "app/request_case.h"
#include "app/request_service.h"
#include "policy/engine.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"
#include "testing/in_memory_store.h"

namespace roi {
namespace {

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

class OrganizationServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Migrate());
    a_ = MakeOrganization("north", "CA");
    b_ = MakeOrganization("south", "CA");
    audit_.GuardPatients(&access_);
  }

  struct Org {
    OrganizationId id;
    Principal admin, clinician, specialist;
    PatientId patient;
  };

  Org MakeOrganization(const std::string& slug, const std::string& state) {
    Org org;
    EXPECT_TRUE(store_.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) {
      Result<Organization> stored = tx.Organizations().Insert(
          Organization{.name = "Org " + slug, .slug = slug, .state = state});
      if (stored) org.id = stored->id;
      return stored ? OkStatus() : Status(stored.error());
    }));
    EXPECT_TRUE(store_.InTransaction(org.id, TxMode::kWrite, [&](Transaction& tx) -> Status {
      Result<Patient> patient = tx.Patients().Insert(Patient{.mrn = "MRN-" + slug,
                                                             .given_name = "Testpatient",
                                                             .family_name = "Alpha",
                                                             .birth_date = Day(1970, 1, 2)});
      if (!patient) return patient.error();
      org.patient = patient->id;
      for (auto [role, out] : {std::pair{Role::kAdministrator, &org.admin},
                               std::pair{Role::kClinician, &org.clinician},
                               std::pair{Role::kRoiSpecialist, &org.specialist}}) {
        Result<User> user = tx.Users().Insert(
            User{.email = std::string(RoleName(role)) + "@" + slug + ".example.test",
                 .display_name = "Testuser " + std::string(RoleName(role)),
                 .role = role,
                 .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aA"});
        if (!user) return user.error();
        *out = Principal{.user = *user, .organization = org.id};
      }
      return OkStatus();
    }));
    return org;
  }

  // What a use case does when it reads the patient: names it in its audit note.
  Status ReadPatient(const Org& org, const Principal& caller) {
    return store_.InTransaction(org.id, TxMode::kWrite, [&](Transaction& tx) {
      return audit_.RecordNote(tx, ActorOf(caller),
                               {.action = AuditAction::kRead,
                                .patient = org.patient,
                                .entity_kind = "patient",
                                .entity_id = std::to_string(org.patient.value),
                                .detail = "read patient"});
    });
  }

  std::vector<AuditEvent> Changes(OrganizationId org) {
    std::vector<AuditEvent> out;
    EXPECT_TRUE(store_.InTransaction(org, TxMode::kRead, [&](Transaction& tx) -> Status {
      Result<std::vector<AuditEvent>> found =
          tx.Audit().Query({.action = AuditAction::kPermissionChange});
      if (!found) return found.error();
      out = *found;
      return OkStatus();
    }));
    return out;
  }

  testing::InMemoryStore store_;
  testing::FakeClock clock_;
  testing::FakeAuditHasher audit_hasher_;
  AuditTrail audit_{clock_, audit_hasher_};
  PatientAccess access_{store_, clock_, audit_};  // Deployment default: clinicians are scoped.
  OrganizationService service_{store_, audit_, {Role::kClinician}};
  Org a_, b_;
};

TEST_F(OrganizationServiceTest, AdministratorReadsAndChangesSettingsWithAnAuditedEvent) {
  Result<OrganizationSettings> read = service_.Get(a_.admin);
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(read->organization.id, a_.id);
  EXPECT_EQ(read->organization.entity_type, EntityType::kOther);
  EXPECT_FALSE(read->organization.assignment_scoped_roles.has_value());
  EXPECT_EQ(read->effective_scoped_roles, std::vector<Role>{Role::kClinician});

  Result<OrganizationSettings> changed =
      service_.Update(a_.admin, {.version = read->organization.version,
                                 .name = "North Hospital",
                                 .state = "FL",
                                 .entity_type = EntityType::kHospital,
                                 .part2_program = true,
                                 .assignment_scoped_roles = std::optional<std::vector<Role>>(
                                     std::vector<Role>{Role::kClinician, Role::kBilling})});
  ASSERT_TRUE(changed) << changed.error().ToString();
  EXPECT_EQ(changed->organization.name, "North Hospital");
  EXPECT_EQ(changed->organization.state, "FL");
  EXPECT_EQ(changed->organization.entity_type, EntityType::kHospital);
  EXPECT_TRUE(changed->organization.part2_program);
  EXPECT_EQ(changed->effective_scoped_roles, (std::vector<Role>{Role::kClinician, Role::kBilling}));
  EXPECT_EQ(changed->organization.version, read->organization.version + 1);

  std::vector<AuditEvent> events = Changes(a_.id);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].actor_id, a_.admin.user.id);
  EXPECT_EQ(events[0].entity_kind, "organization");
  EXPECT_NE(events[0].detail.find("entity type other -> hospital"), std::string::npos);
  EXPECT_NE(events[0].detail.find("clinician,billing"), std::string::npos);
  // The other organization is untouched.
  Result<OrganizationSettings> other = service_.Get(b_.admin);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->organization.name, "Org south");
  EXPECT_EQ(other->organization.entity_type, EntityType::kOther);
  EXPECT_TRUE(Changes(b_.id).empty());
}

TEST_F(OrganizationServiceTest, StaleVersionIsAbortedAndBadInputNamesTheField) {
  Result<OrganizationSettings> read = service_.Get(a_.admin);
  ASSERT_TRUE(read);
  const std::int64_t version = read->organization.version;
  ASSERT_TRUE(service_.Update(a_.admin, {.version = version, .name = "First"}));
  Result<OrganizationSettings> stale =
      service_.Update(a_.admin, {.version = version, .name = "Second"});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kAborted);

  Result<OrganizationSettings> bad_state =
      service_.Update(a_.admin, {.version = version + 1, .state = "Florida"});
  ASSERT_FALSE(bad_state);
  EXPECT_EQ(bad_state.error().code, ErrorCode::kInvalidArgument);
  ASSERT_FALSE(bad_state.error().details.empty());
  EXPECT_EQ(bad_state.error().details[0].path, "state");

  Result<OrganizationSettings> requester_scoped = service_.Update(
      a_.admin, {.version = version + 1,
                 .assignment_scoped_roles =
                     std::optional<std::vector<Role>>(std::vector<Role>{Role::kRequester})});
  ASSERT_FALSE(requester_scoped);
  EXPECT_EQ(requester_scoped.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(requester_scoped.error().details[0].path, "assignment_scoped_roles");
  EXPECT_EQ(Changes(a_.id).size(), 1u);  // Only the successful change was recorded.
}

TEST_F(OrganizationServiceTest, OnlyTheAdministratorManagesSettingsAndFacilities) {
  for (const Principal* caller : {&a_.clinician, &a_.specialist}) {
    EXPECT_EQ(service_.Get(*caller).error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(service_.Update(*caller, {.version = 1, .name = "X"}).error().code,
              ErrorCode::kPermissionDenied);
    EXPECT_EQ(service_.Facilities(*caller).error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(service_.AddFacility(*caller, "Clinic", "").error().code,
              ErrorCode::kPermissionDenied);
  }
}

TEST_F(OrganizationServiceTest, FacilitiesAreAddedChangedAndKeptApartPerOrganization) {
  Result<Facility> added = service_.AddFacility(a_.admin, "North Clinic", "1234567893");
  ASSERT_TRUE(added) << added.error().ToString();
  EXPECT_EQ(added->version, 1);
  Result<Facility> changed = service_.UpdateFacility(
      a_.admin, added->id, {.version = 1, .name = "North Campus", .npi = std::string()});
  ASSERT_TRUE(changed) << changed.error().ToString();
  EXPECT_EQ(changed->name, "North Campus");
  EXPECT_EQ(changed->npi, "");
  EXPECT_EQ(changed->version, 2);
  // Stale version, bad NPIs, another organization's id.
  EXPECT_EQ(
      service_.UpdateFacility(a_.admin, added->id, {.version = 1, .name = "Late"}).error().code,
      ErrorCode::kAborted);
  Result<Facility> bad_digit = service_.AddFacility(a_.admin, "Clinic", "1234567890");
  ASSERT_FALSE(bad_digit);
  EXPECT_EQ(bad_digit.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad_digit.error().details[0].path, "npi");
  EXPECT_EQ(service_.AddFacility(a_.admin, "Clinic", "12345").error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(service_.AddFacility(a_.admin, "", "").error().details[0].path, "name");
  EXPECT_EQ(
      service_.UpdateFacility(b_.admin, added->id, {.version = 2, .name = "Theirs"}).error().code,
      ErrorCode::kNotFound);
  Result<std::vector<Facility>> mine = service_.Facilities(a_.admin);
  Result<std::vector<Facility>> theirs = service_.Facilities(b_.admin);
  ASSERT_TRUE(mine && theirs);
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].name, "North Campus");
  EXPECT_TRUE(theirs->empty());
  std::vector<AuditEvent> events = Changes(a_.id);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].entity_kind, "facility");
  EXPECT_NE(events[1].detail.find("North Campus"), std::string::npos);
}

TEST(NpiTest, CheckDigitFollowsTheNpiStandard) {
  EXPECT_TRUE(IsValidNpi("1234567893"));
  EXPECT_TRUE(IsValidNpi("1245319599"));
  EXPECT_FALSE(IsValidNpi("1234567890"));
  EXPECT_FALSE(IsValidNpi("123456789"));
  EXPECT_FALSE(IsValidNpi("123456789a"));
}

TEST_F(OrganizationServiceTest, ScopedRolesDifferPerOrganizationForTheBreakGlassGuard) {
  // Both organizations start on the deployment default: clinicians are scoped.
  EXPECT_TRUE(IsBreakGlassRequired(ReadPatient(a_, a_.clinician).error()));
  EXPECT_TRUE(IsBreakGlassRequired(ReadPatient(b_, b_.clinician).error()));
  EXPECT_TRUE(ReadPatient(b_, b_.specialist));

  // North scopes nobody; south scopes clinicians and ROI specialists.
  Result<OrganizationSettings> north = service_.Get(a_.admin);
  Result<OrganizationSettings> south = service_.Get(b_.admin);
  ASSERT_TRUE(north && south);
  ASSERT_TRUE(service_.Update(
      a_.admin,
      {.version = north->organization.version,
       .assignment_scoped_roles = std::optional<std::vector<Role>>(std::vector<Role>{})}));
  ASSERT_TRUE(
      service_.Update(b_.admin, {.version = south->organization.version,
                                 .assignment_scoped_roles = std::optional<std::vector<Role>>(
                                     std::vector<Role>{Role::kClinician, Role::kRoiSpecialist})}));

  EXPECT_TRUE(ReadPatient(a_, a_.clinician));
  EXPECT_TRUE(ReadPatient(a_, a_.specialist));
  EXPECT_TRUE(IsBreakGlassRequired(ReadPatient(b_, b_.clinician).error()));
  EXPECT_TRUE(IsBreakGlassRequired(ReadPatient(b_, b_.specialist).error()));

  // Break-the-glass follows the same lists: nothing to break in north, a grant in south.
  Result<BreakGlassGrant> north_grant = access_.BreakGlass(
      a_.clinician, a_.patient, "Covering an urgent consult for a colleague today");
  ASSERT_FALSE(north_grant);
  EXPECT_EQ(north_grant.error().code, ErrorCode::kFailedPrecondition);
  Result<BreakGlassGrant> south_grant = access_.BreakGlass(
      b_.specialist, b_.patient, "Covering an urgent consult for a colleague today");
  ASSERT_TRUE(south_grant) << south_grant.error().ToString();
  EXPECT_TRUE(ReadPatient(b_, b_.specialist));

  // Back to the deployment default.
  south = service_.Get(b_.admin);
  ASSERT_TRUE(south);
  Result<OrganizationSettings> reset = service_.Update(
      b_.admin, {.version = south->organization.version,
                 .assignment_scoped_roles = std::optional<std::optional<std::vector<Role>>>(
                     std::optional<std::vector<Role>>())});
  ASSERT_TRUE(reset) << reset.error().ToString();
  EXPECT_FALSE(reset->organization.assignment_scoped_roles.has_value());
  EXPECT_EQ(reset->effective_scoped_roles, std::vector<Role>{Role::kClinician});
}

TEST(EntityCaseTest, TheCaseNamesTheOrganizationsEntity) {
  Organization hospital{.name = "H", .slug = "h", .state = "FL"};
  hospital.entity_type = EntityType::kHospital;
  hospital.part2_program = true;
  ReleaseRequest request{.requester_role = "patient", .received_on = Day(2025, 1, 6)};
  std::string json =
      BuildCaseJson(hospital, Patient{.birth_date = Day(1970, 1, 2)}, request, {}, Day(2025, 1, 6));
  EXPECT_NE(json.find(R"("entity":{"type":"hospital","part2_program":true})"), std::string::npos)
      << json;
}

// A third party's paper copy in Florida: a hospital charges by FS 395.3025 (per page, per year
// of records, postage), a physician practice by Rule 64B8-10.003 (per page).
TEST(EntityFeeTest, FloridaHospitalAndPhysicianPracticeApplyTheirOwnFeeSchedules) {
  testing::InMemoryStore store;
  testing::FakeClock clock;
  testing::FakeAuditHasher hasher;
  AuditTrail audit{clock, hasher};
  Result<policy::RuleSet> rules = policy::LoadRuleSet(OPENROI_RULES_DIR);
  ASSERT_TRUE(rules) << rules.error().ToString();
  RequestService service(store, clock, *rules, audit);
  ASSERT_TRUE(store.Migrate());

  auto decide = [&](const std::string& slug, EntityType type) -> std::string {
    Principal caller;
    EXPECT_TRUE(store.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) {
      Organization organization{.name = "Org " + slug, .slug = slug, .state = "FL"};
      organization.entity_type = type;
      Result<Organization> stored = tx.Organizations().Insert(organization);
      if (stored) caller.organization = stored->id;
      return stored ? OkStatus() : Status(stored.error());
    }));
    PatientId patient;
    EXPECT_TRUE(store.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
      Result<User> user =
          tx.Users().Insert(User{.email = "desk@" + slug + ".example.test",
                                 .display_name = "Sample Desk",
                                 .role = Role::kRoiSpecialist,
                                 .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"});
      if (!user) return Status(user.error());
      caller.user = *user;
      Result<Patient> stored = tx.Patients().Insert(Patient{.mrn = "MRN-1",
                                                            .given_name = "Testpatient",
                                                            .family_name = "Alpha",
                                                            .birth_date = Day(1980, 1, 1)});
      if (stored) patient = stored->id;
      return stored ? OkStatus() : Status(stored.error());
    }));
    Result<Requester> attorney = service.AddRequester(
        caller, {.role = "attorney", .name = "Sample Law Office", .organization = "Example LLP"});
    EXPECT_TRUE(attorney);
    EXPECT_TRUE(service.AddDocument(caller, {.patient_id = patient,
                                             .kind = "progress_note",
                                             .service_date = Day(2024, 3, 1),
                                             .pages = 40}));
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
    Result<RequestView> view = service.Intake(caller, {.patient_id = patient,
                                                       .requester_id = attorney->id,
                                                       .channel = Channel::kMail,
                                                       .facts = facts});
    EXPECT_TRUE(view) << view.error().ToString();
    return view ? view->request.decision_json : std::string();
  };

  std::string hospital = decide("hospital", EntityType::kHospital);
  std::string practice = decide("practice", EntityType::kPhysicianPractice);
  EXPECT_NE(hospital.find("FL_HOSPITAL_PAPER_FEE"), std::string::npos) << hospital;
  EXPECT_EQ(hospital.find("FL_PRACTITIONER"), std::string::npos) << hospital;
  EXPECT_NE(practice.find("FL_PRACTITIONER_OTHER_COPY_FEE"), std::string::npos) << practice;
  EXPECT_EQ(practice.find("FL_HOSPITAL"), std::string::npos) << practice;
  // 40 pages at $1.00 for the practice; the hospital adds $1 per year of records.
  EXPECT_NE(practice.find(R"("max_cents":4000)"), std::string::npos) << practice;
  EXPECT_EQ(hospital.find(R"("max_cents":4000)"), std::string::npos) << hospital;
}

}  // namespace
}  // namespace roi
