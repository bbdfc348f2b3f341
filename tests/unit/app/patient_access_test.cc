// The assignment rule and break-the-glass in the app layer: a clinician is refused (with
// break_glass_required) a patient outside their assignments at the audit trail's choke point,
// is let in while assigned or with a live grant, and a grant needs a reason, expires, is recorded
// as a break_glass event and is listed for the privacy office.
#include "app/patient_access.h"

#include <gtest/gtest.h>

#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"
#include "testing/in_memory_store.h"

namespace roi {
namespace {

constexpr std::int64_t kMinute = 60'000'000;

class PatientAccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Migrate());
    ASSERT_TRUE(store_.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) {
      Result<Organization> org = tx.Organizations().Insert(
          Organization{.name = "Access", .slug = "access", .state = "CA"});
      if (org) org_ = org->id;
      return org ? OkStatus() : Status(org.error());
    }));
    Status made = Write([&](Transaction& tx) -> Status {
      Result<Patient> patient =
          tx.Patients().Insert(Patient{.mrn = "MRN-BG1",
                                       .given_name = "Alpha",
                                       .family_name = "Testpatient",
                                       .birth_date = *Date::FromYmd(1970, 1, 2)});
      if (!patient) return patient.error();
      patient_ = patient->id;
      for (auto [role, out] :
           {std::pair{Role::kClinician, &clinician_}, std::pair{Role::kRoiSpecialist, &specialist_},
            std::pair{Role::kPrivacyOfficer, &privacy_}}) {
        Result<User> user =
            tx.Users().Insert(User{.email = std::string(RoleName(role)) + "@example.test",
                                   .display_name = "Testuser " + std::string(RoleName(role)),
                                   .role = role,
                                   .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aA"});
        if (!user) return user.error();
        *out = Principal{.user = *user, .organization = org_};
      }
      Result<Requester> requester = tx.Requesters().Insert(Requester{.role = "attorney",
                                                                     .name = "Sample Law Office",
                                                                     .organization = "Example LLP",
                                                                     .email = "law@example.test"});
      if (!requester) return requester.error();
      Result<ReleaseRequest> request = tx.Requests().Insert(
          ReleaseRequest{.number = "R-2025-000001",
                         .patient_id = patient_,
                         .requester_id = requester->id,
                         .requester_role = "attorney",
                         .received_on = *Date::FromYmd(2025, 1, 6),
                         .facts = {.basis = "authorization", .purpose = "litigation"}});
      if (!request) return request.error();
      request_ = *request;
      return OkStatus();
    });
    ASSERT_TRUE(made) << made.error().ToString();
    audit_.GuardPatients(&access_);
  }

  Status Write(const std::function<Status(Transaction&)>& work) {
    return store_.InTransaction(org_, TxMode::kWrite, work);
  }

  // What a use case does when it reads the patient: names it in its audit note.
  Status ReadPatient(const Principal& caller) {
    return Write([&](Transaction& tx) {
      return audit_.RecordNote(tx, ActorOf(caller),
                               {.action = AuditAction::kRead,
                                .patient = patient_,
                                .entity_kind = "patient",
                                .entity_id = std::to_string(patient_.value),
                                .detail = "read patient"});
    });
  }

  std::vector<AuditEvent> Events(AuditAction action) {
    std::vector<AuditEvent> out;
    EXPECT_TRUE(store_.InTransaction(org_, TxMode::kRead, [&](Transaction& tx) -> Status {
      Result<std::vector<AuditEvent>> found = tx.Audit().Query({.action = action});
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
  PatientAccess access_{store_, clock_, audit_};
  OrganizationId org_;
  PatientId patient_;
  ReleaseRequest request_;
  Principal clinician_, specialist_, privacy_;
};

TEST_F(PatientAccessTest, ClinicianOutsideTheirAssignmentsIsRefusedWithBreakGlassRequired) {
  Status refused = ReadPatient(clinician_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_TRUE(IsBreakGlassRequired(refused.error()));
  // The refused work rolled back: no read event was recorded.
  EXPECT_TRUE(Events(AuditAction::kRead).empty());
  // Unscoped roles read as before.
  EXPECT_TRUE(ReadPatient(specialist_));
  EXPECT_TRUE(ReadPatient(privacy_));
}

TEST_F(PatientAccessTest, AssignmentToTheRequestOrAReviewLetsTheClinicianIn) {
  request_.assignee = clinician_.user.id;
  ASSERT_TRUE(Write([&](Transaction& tx) -> Status {
    Result<ReleaseRequest> updated = tx.Requests().Update(request_);
    return updated ? OkStatus() : Status(updated.error());
  }));
  EXPECT_TRUE(ReadPatient(clinician_));
}

TEST_F(PatientAccessTest, BreakGlassNeedsAReasonOpensThePatientForAnHourAndIsFlagged) {
  EXPECT_EQ(access_.BreakGlass(clinician_, patient_, "   short  ").error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(access_.BreakGlass(clinician_, PatientId(patient_.value + 999), "Emergency admission")
                .error()
                .code,
            ErrorCode::kNotFound);
  EXPECT_EQ(access_.BreakGlass(specialist_, patient_, "Emergency admission").error().code,
            ErrorCode::kFailedPrecondition);
  Principal token = clinician_;
  token.api_token = ApiTokenId(5);
  EXPECT_EQ(access_.BreakGlass(token, patient_, "Emergency admission").error().code,
            ErrorCode::kPermissionDenied);

  Result<BreakGlassGrant> grant =
      access_.BreakGlass(clinician_, patient_, "Emergency admission, seen in the ED");
  ASSERT_TRUE(grant) << grant.error().ToString();
  EXPECT_EQ(grant->expires_micros - grant->granted_micros, 60 * kMinute);
  EXPECT_TRUE(ReadPatient(clinician_));
  std::vector<AuditEvent> flagged = Events(AuditAction::kBreakGlass);
  ASSERT_EQ(flagged.size(), 1u);
  EXPECT_EQ(flagged[0].patient_id, patient_);
  EXPECT_EQ(flagged[0].actor_id, clinician_.user.id);
  EXPECT_EQ(flagged[0].detail.find("ED"), std::string::npos);  // The reason stays out.

  clock_.AdvanceMicros(60 * kMinute);
  Status expired = ReadPatient(clinician_);
  ASSERT_FALSE(expired);
  EXPECT_TRUE(IsBreakGlassRequired(expired.error()));
}

TEST_F(PatientAccessTest, ThePrivacyOfficeListsTheGrants) {
  ASSERT_TRUE(access_.BreakGlass(clinician_, patient_, "Emergency admission, seen in the ED"));
  EXPECT_EQ(access_.Grants(clinician_, {}).error().code, ErrorCode::kPermissionDenied);
  Result<BreakGlassPage> page = access_.Grants(privacy_, {.patient = patient_});
  ASSERT_TRUE(page) << page.error().ToString();
  ASSERT_EQ(page->grants.size(), 1u);
  EXPECT_EQ(page->grants[0].reason, "Emergency admission, seen in the ED");
  EXPECT_EQ(page->grants[0].user_id, clinician_.user.id);
  EXPECT_FALSE(page->next_after.IsSet());
}

TEST_F(PatientAccessTest, RulesAreConfigurable) {
  Result<std::vector<Role>> roles = ParseRoleList(" clinician , billing");
  ASSERT_TRUE(roles);
  EXPECT_EQ(*roles, (std::vector<Role>{Role::kClinician, Role::kBilling}));
  EXPECT_TRUE(ParseRoleList("")->empty());
  EXPECT_TRUE(ParseRoleList("none")->empty());
  EXPECT_FALSE(ParseRoleList("surgeon"));
  EXPECT_FALSE(ParseRoleList("patient"));
  EXPECT_FALSE(ValidatePatientAccessRules({.break_glass_minutes = 0}));
  EXPECT_TRUE(ValidatePatientAccessRules({}));
  PatientAccess nobody_scoped(store_, clock_, audit_, {.scoped_roles = {}});
  audit_.GuardPatients(&nobody_scoped);
  EXPECT_TRUE(ReadPatient(clinician_));
}

}  // namespace
}  // namespace roi
