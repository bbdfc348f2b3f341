// GET /api/v1/audit and /api/v1/audit/export through the real dispatcher: filters, paging, the
// read recorded in the trail, the FHIR Bundle (IHE BALP shape) and the RFC 5424 lines.
#include <gtest/gtest.h>

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

constexpr const char* kPassword = "audit-password-long-enough";

class AuditRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Migrate());
    ASSERT_TRUE(store_.InSystemTransaction(TxMode::kWrite, [](SystemTransaction& tx) {
      Result<Organization> org = tx.Organizations().Insert(
          Organization{.name = "Audit Test", .slug = "audit-test", .state = "CA"});
      return org ? OkStatus() : Status(org.error());
    }));
    const AuditActor setup{.id = {}, .label = "test setup", .remote_address = ""};
    ASSERT_TRUE(users_.AddUser({.organization = "audit-test",
                                .email = "privacy@example.test",
                                .display_name = "Priya Officer",
                                .role = Role::kPrivacyOfficer},
                               kPassword, setup));
    // One failed sign-in, then a good one.
    EXPECT_FALSE(auth_.Login({.organization = "audit-test",
                              .email = "privacy@example.test",
                              .password = "not the password",
                              .remote_address = "198.51.100.20"}));
    Result<LoginResult> login = auth_.Login({.organization = "audit-test",
                                             .email = "privacy@example.test",
                                             .password = kPassword,
                                             .remote_address = "198.51.100.20"});
    ASSERT_TRUE(login) << login.error().ToString();
    cookie_ = std::string(kSessionCookie) + "=" + login->session_token;
    api_ = std::make_unique<Api>(ApiDependencies{.store = store_,
                                                 .auth = &auth_,
                                                 .clock = &clock_,
                                                 .audit = &audit_,
                                                 .hostname = "roi.example.test"});
  }

  HttpResponse Get(const std::string& target) {
    HttpRequest request;
    request.method = "GET";
    request.target = target;
    EXPECT_TRUE(ParseTarget(target, request.path, request.query));
    request.headers.emplace("cookie", cookie_);
    request.remote_address = "198.51.100.30";
    int route = -1;
    return Dispatch(api_->Routes(), request, route);
  }

  json GetJson(const std::string& target) {
    HttpResponse response = Get(target);
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body, nullptr, false);
  }

  testing::InMemoryStore store_;
  testing::FakeClock clock_;
  testing::FakePasswordHasher hasher_;
  testing::FakeTokenSource tokens_;
  testing::FakeAuditHasher audit_hasher_;
  AuditTrail audit_{clock_, audit_hasher_};
  AuthService auth_{store_, clock_, hasher_, tokens_, audit_};
  UserService users_{store_, hasher_, audit_};
  std::string cookie_;
  std::unique_ptr<Api> api_;
};

TEST_F(AuditRoutesTest, ListsEventsAndRecordsTheRead) {
  json body = GetJson("/api/v1/audit");
  ASSERT_TRUE(body["events"].is_array());
  ASSERT_EQ(body["events"].size(), 3u);  // create, login_failed, login.
  EXPECT_EQ(body["events"][0]["action"], "create");
  EXPECT_EQ(body["events"][1]["action"], "login_failed");
  EXPECT_EQ(body["events"][1]["outcome"], "denied");
  EXPECT_EQ(body["events"][1]["remote_address"], "198.51.100.20");
  EXPECT_EQ(body["events"][2]["action"], "login");
  EXPECT_EQ(body["events"][2]["actor"]["label"], "Priya Officer");
  EXPECT_EQ(body["events"][2]["prev_hash"], body["events"][1]["hash"]);
  EXPECT_TRUE(body["next_after"].is_null());
  // The read above is now in the trail.
  json again = GetJson("/api/v1/audit?after=3");
  ASSERT_EQ(again["events"].size(), 1u);
  EXPECT_EQ(again["events"][0]["action"], "read");
  EXPECT_EQ(again["events"][0]["entity"]["kind"], "audit_log");
  EXPECT_EQ(again["events"][0]["remote_address"], "198.51.100.30");
}

TEST_F(AuditRoutesTest, FiltersAndPages) {
  json failed = GetJson("/api/v1/audit?action=login_failed");
  ASSERT_EQ(failed["events"].size(), 1u);
  json denied = GetJson("/api/v1/audit?outcome=denied");
  ASSERT_EQ(denied["events"].size(), 1u);
  json page = GetJson("/api/v1/audit?limit=2");
  ASSERT_EQ(page["events"].size(), 2u);
  ASSERT_EQ(page["next_after"], 2);
  json next = GetJson("/api/v1/audit?limit=2&after=2");
  ASSERT_EQ(next["events"].size(), 2u);
  EXPECT_EQ(next["events"][0]["sequence"], 3);
  json none = GetJson("/api/v1/audit?from=2030-01-01");
  EXPECT_TRUE(none["events"].empty());
  json window = GetJson("/api/v1/audit?from=2025-01-06T00:00:00Z&to=2025-01-07&action=login");
  EXPECT_EQ(window["events"].size(), 1u);
  for (const char* bad :
       {"/api/v1/audit?action=peek", "/api/v1/audit?outcome=ok", "/api/v1/audit?limit=0",
        "/api/v1/audit?limit=1001", "/api/v1/audit?patient=abc", "/api/v1/audit?from=yesterday",
        "/api/v1/audit/export?format=xml"}) {
    HttpResponse response = Get(bad);
    EXPECT_EQ(response.status, 400) << bad << ": " << response.body;
  }
}

TEST_F(AuditRoutesTest, ExportsAFhirBundleOfAuditEvents) {
  HttpResponse response = Get("/api/v1/audit/export?format=fhir");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.content_type, "application/fhir+json");
  json bundle = json::parse(response.body);
  EXPECT_EQ(bundle["resourceType"], "Bundle");
  EXPECT_EQ(bundle["type"], "collection");
  ASSERT_EQ(bundle["entry"].size(), 3u);
  const json& login = bundle["entry"][2]["resource"];
  EXPECT_EQ(login["resourceType"], "AuditEvent");
  EXPECT_EQ(login["id"], "audit-test-3");
  EXPECT_EQ(login["type"]["code"], "110114");
  EXPECT_EQ(login["subtype"][0]["code"], "110122");
  EXPECT_EQ(login["outcome"], "0");
  EXPECT_EQ(login["source"]["site"], "audit-test");
  EXPECT_EQ(login["agent"][0]["requestor"], true);
  EXPECT_EQ(login["agent"][0]["who"]["display"], "Priya Officer");
  EXPECT_EQ(login["agent"][1]["network"]["address"], "198.51.100.20");
  EXPECT_EQ(bundle["entry"][1]["resource"]["outcome"], "4");  // The denied sign-in.
  const json& created = bundle["entry"][0]["resource"];
  EXPECT_EQ(created["action"], "C");
  EXPECT_EQ(created["meta"]["profile"][0],
            "https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.Create");
  // The export was recorded as one.
  json after = GetJson("/api/v1/audit?action=export");
  EXPECT_EQ(after["events"].size(), 1u);
}

TEST_F(AuditRoutesTest, ExportsRfc5424Lines) {
  HttpResponse response = Get("/api/v1/audit/export?format=syslog&limit=2");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.content_type, "text/plain; charset=utf-8");
  std::string first = response.body.substr(0, response.body.find('\n'));
  EXPECT_TRUE(
      first.starts_with("<110>1 2025-01-06T09:00:00.000000Z roi.example.test openroi - "
                        "create [openroi@32473 org=\"audit-test\" seq=\"1\""))
      << first;
  std::string second = response.body.substr(first.size() + 1);
  EXPECT_TRUE(second.starts_with("<108>1 ")) << second;  // Denied: warning.
  EXPECT_NE(second.find("src=\"198.51.100.20\""), std::string::npos) << second;
  EXPECT_NE(second.find("] wrong password"), std::string::npos) << second;
  bool has_next = false;
  for (const auto& [name, value] : response.headers)
    has_next |= name == "X-Next-After" && value == "2";
  EXPECT_TRUE(has_next);
}

}  // namespace
}  // namespace roi::http
