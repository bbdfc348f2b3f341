// The disclosure log and accounting routes over a real server on a free port, on the in-memory
// store with fake credentials and a fake clock: a mix of disclosures goes in, and the accounting
// must list exactly the accountable ones.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "app/auth_service.h"
#include "app/user_service.h"
#include "http/api.h"
#include "http/server.h"
#include "integration/http_client.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"
#include "testing/fake_credentials.h"
#include "testing/in_memory_store.h"

namespace roi::http {
namespace {

using nlohmann::json;
using roi::testing::ClientResponse;
using roi::testing::Fetch;

constexpr const char* kPassword = "disclosure-password-long-enough";

class DisclosureRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.SetToday(*Date::FromYmd(2026, 11, 23));
    ASSERT_TRUE(store_.Migrate());
    for (const char* slug : {"alpha", "beta"}) {
      ASSERT_TRUE(store_.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) {
        Result<Organization> org = tx.Organizations().Insert(
            Organization{.name = std::string("Org ") + slug, .slug = slug, .state = "CA"});
        return org ? OkStatus() : Status(org.error());
      }));
      ASSERT_TRUE(users_.AddUser({.organization = slug,
                                  .email = "supervisor@example.test",
                                  .display_name = "Sample Supervisor",
                                  .role = Role::kSupervisor},
                                 kPassword,
                                 {.id = {}, .label = "test setup", .remote_address = ""}));
    }
    patient_ = AddPatient("alpha", "MRN-ALPHA");
    other_patient_ = AddPatient("beta", "MRN-BETA");
    api_ = std::make_unique<Api>(
        ApiDependencies{.store = store_, .auth = &auth_, .clock = &clock_, .audit = &audit_});
    Result<std::unique_ptr<Server>> started =
        Server::Start({.port = 0, .threads = 2}, api_->Routes(), api_->Metrics(), nullptr);
    ASSERT_TRUE(started) << started.error().ToString();
    server_ = std::move(started).value();
    thread_ = std::thread([this] { server_->Run(); });
    SignIn("alpha");
  }
  void TearDown() override {
    if (!thread_.joinable()) return;
    server_->Shutdown();
    thread_.join();
  }

  std::int64_t AddPatient(const std::string& slug, const std::string& mrn) {
    Result<OrganizationId> org = FindOrganizationId(store_, slug);
    EXPECT_TRUE(org);
    std::int64_t id = 0;
    EXPECT_TRUE(store_.InTransaction(*org, TxMode::kWrite, [&](Transaction& tx) -> Status {
      Result<Patient> patient =
          tx.Patients().Insert(Patient{.mrn = mrn,
                                       .given_name = "Testpatient",
                                       .family_name = "Alpha",
                                       .birth_date = *Date::FromYmd(1970, 1, 1)});
      if (!patient) return patient.error();
      id = patient->id.value;
      return OkStatus();
    }));
    return id;
  }

  void SignIn(const std::string& slug) {
    json body = {
        {"organization", slug}, {"email", "supervisor@example.test"}, {"password", kPassword}};
    ClientResponse login = Fetch(Port(), "POST", "/api/v1/auth/login", body.dump());
    ASSERT_EQ(login.status, 200) << login.body;
    std::string cookie = login.headers["set-cookie"];
    cookie_ = "Cookie: " + cookie.substr(0, cookie.find(';'));
    csrf_ = "X-CSRF-Token: " + json::parse(login.body).value("csrf_token", std::string());
  }

  ClientResponse Get(const std::string& path) { return Fetch(Port(), "GET", path, "", {cookie_}); }
  ClientResponse Post(const std::string& path, const json& body) {
    return Fetch(Port(), "POST", path, body.dump(),
                 {cookie_, csrf_, "Content-Type: application/json"});
  }

  std::int64_t Disclose(const std::string& on, const std::string& basis,
                        const std::string& recipient, const std::string& purpose) {
    ClientResponse response = Post("/api/v1/disclosures", {{"patient_id", patient_},
                                                           {"disclosed_on", on},
                                                           {"recipient_name", recipient},
                                                           {"recipient_address", "Example City"},
                                                           {"description", "Records"},
                                                           {"purpose", purpose},
                                                           {"means", "mail"},
                                                           {"basis", basis}});
    EXPECT_EQ(response.status, 201) << response.body;
    return json::parse(response.body, nullptr, false).value("id", std::int64_t{0});
  }

  std::uint16_t Port() const { return server_->Port(); }
  std::string PatientPath(std::int64_t id) { return "/api/v1/patients/" + std::to_string(id); }

  testing::InMemoryStore store_;
  testing::FakeClock clock_;
  testing::FakePasswordHasher hasher_;
  testing::FakeTokenSource tokens_;
  testing::FakeAuditHasher audit_hasher_;
  AuditTrail audit_{clock_, audit_hasher_};
  AuthService auth_{store_, clock_, hasher_, tokens_, audit_};
  UserService users_{store_, hasher_, audit_};
  std::unique_ptr<Api> api_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::string cookie_;
  std::string csrf_;
  std::int64_t patient_ = 0;
  std::int64_t other_patient_ = 0;
};

TEST_F(DisclosureRoutesTest, AccountingListsExactlyTheAccountableDisclosures) {
  // Excluded by 164.528(a)(1).
  Disclose("2026-01-05", "treatment", "Example Clinic", "Referral");
  Disclose("2026-01-06", "to_individual", "Testpatient Alpha", "Access request");
  Disclose("2026-01-07", "authorization", "Example Insurer", "Life insurance application");
  Disclose("2026-01-08", "limited_data_set", "Example University", "Study");
  Disclose("2026-01-09", "incidental", "Waiting room", "Overheard");
  // Accountable.
  std::int64_t report1 = Disclose("2026-02-01", "public_health", "County Health", "Flu report");
  std::int64_t report2 = Disclose("2026-03-01", "public_health", "county  health", "FLU REPORT");
  std::int64_t report3 = Disclose("2026-04-01", "public_health", "County Health", "Flu report");
  std::int64_t subpoena =
      Disclose("2026-05-01", "judicial_administrative", "Example Court", "Subpoena");
  std::int64_t research = Disclose("2026-06-01", "research", "Example IRB Study", "Waiver study");
  std::int64_t coroner = Disclose("2021-01-01", "decedent", "Example Coroner", "Inquest");
  Disclose("2020-11-22", "public_health", "Old Registry", "Report");  // Over six years ago.
  std::int64_t police =
      Disclose("2026-07-01", "law_enforcement", "Example City Police", "Investigation");
  ClientResponse suspended =
      Post("/api/v1/accounting-suspensions", {{"agency_kind", "law_enforcement"},
                                              {"agency_name", "Example City Police"},
                                              {"statement", "written"},
                                              {"starts_on", "2026-11-01"},
                                              {"ends_on", "2026-12-31"},
                                              {"reason", "Case 2026-17"}});
  ASSERT_EQ(suspended.status, 201) << suspended.body;

  ClientResponse response = Get(PatientPath(patient_) + "/accounting");
  ASSERT_EQ(response.status, 200) << response.body;
  json accounting = json::parse(response.body);
  EXPECT_EQ(accounting["from"], "2020-11-23");
  EXPECT_EQ(accounting["to"], "2026-11-23");
  const json& lines = accounting["lines"];
  ASSERT_EQ(lines.size(), 4u) << response.body;
  EXPECT_EQ(lines[0]["disclosure"]["id"], coroner);
  EXPECT_EQ(lines[1]["disclosure"]["id"], report1);
  EXPECT_TRUE(lines[1]["summary"]);
  EXPECT_EQ(lines[1]["count"], 3);
  EXPECT_EQ(lines[1]["last_disclosed_on"], "2026-04-01");
  EXPECT_EQ(lines[1]["disclosure_ids"], json::array({report1, report2, report3}));
  EXPECT_EQ(lines[2]["disclosure"]["id"], subpoena);
  EXPECT_EQ(lines[3]["disclosure"]["id"], research);
  EXPECT_EQ(accounting["disclosure_count"], 6);
  for (const json& line : lines) EXPECT_TRUE(line["disclosure"]["accountable"]);

  // After the suspension ends, the police disclosure is accounted for.
  clock_.SetToday(*Date::FromYmd(2027, 1, 5));
  SignIn("alpha");  // The session expired with the time jump.
  ClientResponse later = Get(PatientPath(patient_) + "/accounting");
  ASSERT_EQ(later.status, 200) << later.body;
  std::set<std::int64_t> firsts;
  json later_body = json::parse(later.body);
  for (const json& line : later_body["lines"]) {
    firsts.insert(line["disclosure"]["id"].get<std::int64_t>());
  }
  EXPECT_TRUE(firsts.contains(police)) << later.body;

  // The staff log shows everything, accountable or not.
  ClientResponse log = Get(PatientPath(patient_) + "/disclosures?limit=1000");
  ASSERT_EQ(log.status, 200) << log.body;
  EXPECT_EQ(json::parse(log.body)["items"].size(), 13u);
}

TEST_F(DisclosureRoutesTest, WindowsAndBadInputGetClearErrors) {
  ClientResponse too_long = Get(PatientPath(patient_) + "/accounting?from=2020-11-22");
  EXPECT_EQ(too_long.status, 400) << too_long.body;
  EXPECT_NE(too_long.body.find("six years"), std::string::npos);
  ClientResponse exactly = Get(PatientPath(patient_) + "/accounting?from=2020-11-23");
  EXPECT_EQ(exactly.status, 200) << exactly.body;
  EXPECT_EQ(Get(PatientPath(patient_) + "/accounting?as_of=2027-01-01").status, 400);
  EXPECT_EQ(Get(PatientPath(patient_) + "/accounting?to=not-a-date").status, 400);
  ClientResponse oral = Post("/api/v1/accounting-suspensions", {{"agency_kind", "health_oversight"},
                                                                {"agency_name", "State Board"},
                                                                {"official", "Sample Inspector"},
                                                                {"statement", "oral"},
                                                                {"starts_on", "2026-11-01"},
                                                                {"ends_on", "2026-12-15"}});
  EXPECT_EQ(oral.status, 400) << oral.body;
  EXPECT_NE(oral.body.find("30 days"), std::string::npos);
  ClientResponse bad_basis = Post("/api/v1/disclosures", {{"patient_id", patient_},
                                                          {"disclosed_on", "2026-01-01"},
                                                          {"recipient_name", "X"},
                                                          {"description", "Records"},
                                                          {"purpose", "P"},
                                                          {"means", "mail"},
                                                          {"basis", "tpo"}});
  EXPECT_EQ(bad_basis.status, 400) << bad_basis.body;
  EXPECT_EQ(Get(PatientPath(patient_) + "/disclosures?after=garbage").status, 400);
}

TEST_F(DisclosureRoutesTest, AnotherOrganizationsPatientIsNotFound) {
  EXPECT_EQ(Get(PatientPath(other_patient_) + "/accounting").status, 404);
  EXPECT_EQ(Get(PatientPath(other_patient_) + "/disclosures").status, 404);
  ClientResponse foreign = Post("/api/v1/disclosures", {{"patient_id", other_patient_},
                                                        {"disclosed_on", "2026-01-01"},
                                                        {"recipient_name", "County Health"},
                                                        {"description", "Records"},
                                                        {"purpose", "Report"},
                                                        {"means", "fax"},
                                                        {"basis", "public_health"}});
  EXPECT_EQ(foreign.status, 404) << foreign.body;
}

TEST_F(DisclosureRoutesTest, EveryLookAndEntryIsAuditedWithThePatient) {
  std::int64_t id = Disclose("2026-02-01", "public_health", "County Health", "Flu report");
  ASSERT_EQ(Get(PatientPath(patient_) + "/accounting").status, 200);
  ASSERT_EQ(Get(PatientPath(patient_) + "/disclosures").status, 200);
  ASSERT_EQ(Get(PatientPath(other_patient_) + "/accounting").status, 404);  // Not recorded.
  std::vector<AuditEvent> events;
  OrganizationId alpha;
  ASSERT_TRUE(store_.InSystemTransaction(TxMode::kRead, [&](SystemTransaction& tx) {
    Result<Organization> org = tx.Organizations().FindBySlug("alpha");
    if (!org) return Status(org.error());
    alpha = org->id;
    return OkStatus();
  }));
  ASSERT_TRUE(store_.InTransaction(alpha, TxMode::kRead, [&](Transaction& tx) {
    Result<std::vector<AuditEvent>> found = tx.Audit().Query({.patient = PatientId(patient_)});
    if (!found) return Status(found.error());
    events = *found;
    return OkStatus();
  }));
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].action, AuditAction::kCreate);
  EXPECT_EQ(events[0].entity_kind, "disclosure");
  EXPECT_EQ(events[0].entity_id, std::to_string(id));
  EXPECT_EQ(events[1].action, AuditAction::kRead);
  EXPECT_EQ(events[1].entity_kind, "accounting");
  EXPECT_EQ(events[2].entity_kind, "patient_disclosures");
  for (const AuditEvent& event : events) {
    EXPECT_EQ(event.actor_label, "Sample Supervisor");
    EXPECT_EQ(event.remote_address, "127.0.0.1");
  }
}

TEST_F(DisclosureRoutesTest, ProvidedAccountingsRecordWhetherAFeeMayApply) {
  Disclose("2026-02-01", "public_health", "County Health", "Flu report");
  ClientResponse first = Post(PatientPath(patient_) + "/accountings", json::object());
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_FALSE(json::parse(first.body)["record"]["fee_may_apply"]);
  EXPECT_EQ(json::parse(first.body)["accounting"]["lines"].size(), 1u);
  ClientResponse charged_free =
      Post(PatientPath(patient_) + "/accountings", {{"as_of", "2025-06-01"}, {"fee", "5.00"}});
  EXPECT_EQ(charged_free.status, 400) << charged_free.body;
  ClientResponse second = Post(PatientPath(patient_) + "/accountings", {{"fee", "5.00"}});
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_TRUE(json::parse(second.body)["record"]["fee_may_apply"]);
  EXPECT_EQ(json::parse(second.body)["record"]["fee"], "5.00");
}

TEST_F(DisclosureRoutesTest, VolumeReportCountsPerBasis) {
  Disclose("2026-01-05", "treatment", "Example Clinic", "Referral");
  Disclose("2026-02-01", "public_health", "County Health", "Flu report");
  Disclose("2026-03-01", "public_health", "County Health", "Flu report");
  Disclose("2025-01-01", "public_health", "County Health", "Flu report");  // Before the range.
  ClientResponse response = Get("/api/v1/reports/disclosures-by-basis");
  ASSERT_EQ(response.status, 200) << response.body;
  json report = json::parse(response.body);
  EXPECT_EQ(report["from"], "2025-11-24");
  EXPECT_EQ(report["to"], "2026-11-23");
  EXPECT_EQ(report["total"], 3);
  ASSERT_EQ(report["bases"].size(), 2u);
  EXPECT_EQ(report["bases"][0]["basis"], "treatment");
  EXPECT_EQ(report["bases"][0]["accountable"], false);
  EXPECT_EQ(report["bases"][1]["basis"], "public_health");
  EXPECT_EQ(report["bases"][1]["count"], 2);
  EXPECT_EQ(Get("/api/v1/reports/disclosures-by-basis?from=2026-05-01&to=2026-04-01").status, 400);
}

TEST_F(DisclosureRoutesTest, LogIsKeysetPaged) {
  for (int day = 1; day <= 5; ++day) {
    Disclose("2026-01-0" + std::to_string(day), "treatment", "Example Clinic", "Referral");
  }
  std::vector<std::int64_t> seen;
  std::string path = PatientPath(patient_) + "/disclosures?limit=2";
  for (int round = 0; round < 5; ++round) {
    ClientResponse page = Get(path);
    ASSERT_EQ(page.status, 200) << page.body;
    json body = json::parse(page.body);
    for (const json& item : body["items"]) seen.push_back(item["id"].get<std::int64_t>());
    if (body["next"].is_null()) break;
    path = PatientPath(patient_) + "/disclosures?limit=2&after=" + body["next"].get<std::string>();
  }
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
}

}  // namespace
}  // namespace roi::http
