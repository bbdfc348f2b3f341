// GET /api/v1/patients/{id}/authorizations through the real dispatcher: the authorizations
// recorded with a patient's requests, newest request first, only that patient's, audited; refused
// to roles that do not manage requests; 404 for a patient that is not there.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "app/auth_service.h"
#include "app/user_service.h"
#include "http/api.h"
#include "http/dispatch.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"
#include "testing/fake_credentials.h"
#include "testing/in_memory_store.h"

namespace roi::http {
namespace {

using nlohmann::json;

constexpr const char* kPassword = "authorizations-password-long";

class PatientAuthorizationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Migrate());
    ASSERT_TRUE(store_.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) {
      Result<Organization> org = tx.Organizations().Insert(
          Organization{.name = "Authorization Test Clinic", .slug = "auths", .state = "CA"});
      if (org) org_ = org->id;
      return org ? OkStatus() : Status(org.error());
    }));
    for (auto [name, role] :
         {std::pair{"specialist", Role::kRoiSpecialist}, std::pair{"clinician", Role::kClinician},
          std::pair{"billing", Role::kBilling}}) {
      std::string email = std::string(name) + "@auths.example.test";
      Result<User> user = users_.AddUser({.organization = "auths",
                                          .email = email,
                                          .display_name = std::string("Synthetic ") + name,
                                          .role = role},
                                         kPassword, {.id = {}, .label = "setup"});
      ASSERT_TRUE(user) << user.error().ToString();
      Result<LoginResult> login =
          auth_.Login({.organization = "auths", .email = email, .password = kPassword});
      ASSERT_TRUE(login) << login.error().ToString();
      cookies_[name] = std::string(kSessionCookie) + "=" + login->session_token;
    }
    api_ = std::make_unique<Api>(
        ApiDependencies{.store = store_, .auth = &auth_, .clock = &clock_, .audit = &audit_});
    alpha_ = AddPatient("AUTH-0001", "Testpatient");
    beta_ = AddPatient("AUTH-0002", "Otherpatient");
  }

  PatientId AddPatient(const std::string& mrn, const std::string& family) {
    PatientId id;
    Status done = store_.InTransaction(org_, TxMode::kWrite, [&](Transaction& tx) -> Status {
      Result<Patient> patient = tx.Patients().Insert(Patient{
          .mrn = mrn, .given_name = "Alpha", .family_name = family, .birth_date = Day(1980, 1, 2)});
      if (!patient) return patient.error();
      id = patient->id;
      return OkStatus();
    });
    EXPECT_TRUE(done) << done.error().ToString();
    return id;
  }

  static Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

  // A request of `patient`, with `authorization` when given.
  RequestId AddRequest(PatientId patient, const std::string& number,
                       std::optional<AuthorizationElements> authorization) {
    RequestId id;
    Status done = store_.InTransaction(org_, TxMode::kWrite, [&](Transaction& tx) -> Status {
      Result<Requester> requester = tx.Requesters().Insert(
          Requester{.role = "attorney", .name = "Sample Law Office (synthetic)"});
      if (!requester) return requester.error();
      RequestFacts facts{.basis = "authorization", .purpose = "litigation"};
      facts.authorization = std::move(authorization);
      Result<ReleaseRequest> stored =
          tx.Requests().Insert(ReleaseRequest{.number = number,
                                              .patient_id = patient,
                                              .requester_id = requester->id,
                                              .requester_role = "attorney",
                                              .received_on = Day(2025, 1, 6),
                                              .received_micros = clock_.NowMicros(),
                                              .facts = std::move(facts)});
      if (!stored) return stored.error();
      id = stored->id;
      return OkStatus();
    });
    EXPECT_TRUE(done) << done.error().ToString();
    return id;
  }

  HttpResponse Get(const std::string& who, const std::string& target) {
    HttpRequest request;
    request.method = "GET";
    request.target = target;
    EXPECT_TRUE(ParseTarget(target, request.path, request.query));
    request.headers.emplace("cookie", cookies_[who]);
    int route = -1;
    return Dispatch(api_->Routes(), request, route);
  }

  std::string PathOf(PatientId patient) {
    return "/api/v1/patients/" + std::to_string(patient.value) + "/authorizations";
  }

  testing::InMemoryStore store_;
  testing::FakeClock clock_;
  testing::FakePasswordHasher hasher_;
  testing::FakeTokenSource tokens_;
  testing::FakeAuditHasher audit_hasher_;
  AuditTrail audit_{clock_, audit_hasher_};
  AuthService auth_{store_, clock_, hasher_, tokens_, audit_};
  UserService users_{store_, hasher_, audit_};
  std::unique_ptr<Api> api_;
  OrganizationId org_;
  std::map<std::string, std::string> cookies_;
  PatientId alpha_, beta_;
};

TEST_F(PatientAuthorizationsTest, ListsThePatientsAuthorizationsNewestFirstAndAuditsTheLook) {
  AuthorizationElements first{.is_signed = true,
                              .signed_on = Day(2025, 1, 2),
                              .expires_on = Day(2026, 1, 2),
                              .describes_information = true,
                              .names_recipient = true,
                              .covers = {"all_records"}};
  AuthorizationElements second{.is_signed = false, .covers = {"psychotherapy_notes"}};
  RequestId older = AddRequest(alpha_, "R-2025-000001", first);
  AddRequest(alpha_, "R-2025-000002", std::nullopt);  // No authorization: not listed.
  RequestId newer = AddRequest(alpha_, "R-2025-000003", second);
  AddRequest(beta_, "R-2025-000004", first);  // Another patient's.

  HttpResponse response = Get("specialist", PathOf(alpha_));
  ASSERT_EQ(response.status, 200) << response.body;
  json items = json::parse(response.body)["items"];
  ASSERT_EQ(items.size(), 2u) << response.body;
  EXPECT_EQ(items[0]["request_id"], newer.value);
  EXPECT_EQ(items[0]["number"], "R-2025-000003");
  EXPECT_EQ(items[0]["authorization"]["signed"], false);
  EXPECT_EQ(items[0]["authorization"]["covers"], json::array({"psychotherapy_notes"}));
  EXPECT_EQ(items[1]["request_id"], older.value);
  EXPECT_EQ(items[1]["state"], "received");
  EXPECT_EQ(items[1]["received_on"], "2025-01-06");
  EXPECT_EQ(items[1]["requester"]["name"], "Sample Law Office (synthetic)");
  EXPECT_EQ(items[1]["requester"]["role"], "attorney");
  EXPECT_EQ(items[1]["purpose"], "litigation");
  const json& a = items[1]["authorization"];
  EXPECT_EQ(a["signed"], true);
  EXPECT_EQ(a["signed_on"], "2025-01-02");
  EXPECT_EQ(a["expires_on"], "2026-01-02");
  EXPECT_TRUE(a["revoked_on"].is_null());
  EXPECT_EQ(a["describes_information"], true);
  EXPECT_EQ(a["names_recipient"], true);
  EXPECT_EQ(a["names_discloser"], false);
  bool no_store = false;
  for (const auto& [name, value] : response.headers) {
    no_store = no_store || (name == "Cache-Control" && value == "no-store");
  }
  EXPECT_TRUE(no_store);

  // A patient without requests has none; the look is audited as a read of that patient.
  HttpResponse none = Get("specialist", PathOf(AddPatient("AUTH-0003", "Thirdpatient")));
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_TRUE(json::parse(none.body)["items"].empty());

  std::vector<AuditEvent> events;
  ASSERT_TRUE(store_.InTransaction(org_, TxMode::kRead, [&](Transaction& tx) -> Status {
    Result<std::vector<AuditEvent>> found = tx.Audit().Query(AuditQuery{.patient = alpha_});
    if (!found) return found.error();
    events = *found;
    return OkStatus();
  }));
  int reads = 0;
  for (const AuditEvent& event : events) {
    if (event.entity_kind == "patient_authorizations" && event.action == AuditAction::kRead &&
        event.entity_id == std::to_string(alpha_.value)) {
      ++reads;
    }
  }
  EXPECT_EQ(reads, 1);
}

TEST_F(PatientAuthorizationsTest, RolesThatDoNotManageRequestsAreRefusedAndUnknownPatientsAre404) {
  AddRequest(alpha_, "R-2025-000001", AuthorizationElements{.is_signed = true});
  for (const char* who : {"clinician", "billing"}) {
    HttpResponse response = Get(who, PathOf(alpha_));
    EXPECT_EQ(response.status, 403) << who << ": " << response.body;
    EXPECT_EQ(response.body.find("Sample Law Office"), std::string::npos);
  }
  EXPECT_EQ(Get("specialist", "/api/v1/patients/999999/authorizations").status, 404);
  EXPECT_EQ(Get("specialist", "/api/v1/patients/abc/authorizations").status, 404);
}

}  // namespace
}  // namespace roi::http
