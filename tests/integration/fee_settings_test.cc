// Fee settings over HTTP: the administrator reads and changes the organization's fee settings
// (GET/PUT /api/v1/organization/fees; staff may read), a stale version is 409 and bad input 400
// naming the field; the desk records a request's costs (PUT /api/v1/requests/{id}/costs), which
// re-decides it, and the decided fee is what the invoice may charge.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "app/auth_service.h"
#include "app/user_service.h"
#include "http/api.h"
#include "http/dispatch.h"
#include "policy/engine.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"
#include "testing/fake_credentials.h"
#include "testing/in_memory_store.h"

namespace roi::http {
namespace {

using nlohmann::json;

constexpr const char* kPassword = "fees-password-long-enough";

struct Session {
  std::string cookie;
  std::string csrf;
};

// Labor as the engine rounds it: minutes x rate per hour / 60, to the nearest cent.
std::int64_t Labor(std::int64_t minutes, std::int64_t rate) { return (minutes * rate + 30) / 60; }

class FeeSettingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.SetToday(*Date::FromYmd(2025, 1, 6));
    ASSERT_TRUE(store_.Migrate());
    ASSERT_TRUE(store_.InSystemTransaction(TxMode::kWrite, [](SystemTransaction& tx) {
      Result<Organization> org =
          tx.Organizations().Insert(Organization{.name = "Fees", .slug = "fees", .state = "CA"});
      return org ? OkStatus() : Status(org.error());
    }));
    for (Role role : {Role::kRoiSpecialist, Role::kAdministrator, Role::kBilling, Role::kSupervisor,
                      Role::kClinician}) {
      std::string email = std::string(RoleName(role)) + "@fees.example.test";
      ASSERT_TRUE(users_.AddUser({.organization = "fees",
                                  .email = email,
                                  .display_name = std::string(RoleName(role)),
                                  .role = role},
                                 kPassword,
                                 {.id = {}, .label = "test setup", .remote_address = ""}));
      Result<LoginResult> login =
          auth_.Login({.organization = "fees", .email = email, .password = kPassword});
      ASSERT_TRUE(login) << login.error().ToString();
      sessions_[role] = {std::string(kSessionCookie) + "=" + login->session_token,
                         login->csrf_token};
    }
    Result<policy::RuleSet> rules = policy::LoadRuleSet(OPENROI_RULES_DIR);
    ASSERT_TRUE(rules) << rules.error().ToString();
    rules_ = std::make_unique<policy::RuleSet>(std::move(rules).value());
    api_ = std::make_unique<Api>(ApiDependencies{.store = store_,
                                                 .rules = rules_.get(),
                                                 .auth = &auth_,
                                                 .clock = &clock_,
                                                 .users = &users_,
                                                 .audit = &audit_});
  }

  HttpResponse Call(Role role, const std::string& method, const std::string& target,
                    const std::string& body = "") {
    HttpRequest request;
    request.method = method;
    request.target = target;
    EXPECT_TRUE(ParseTarget(target, request.path, request.query)) << target;
    request.body = body;
    request.headers.emplace("content-type", "application/json");
    request.headers.emplace("cookie", sessions_[role].cookie);
    request.headers.emplace("x-csrf-token", sessions_[role].csrf);
    request.remote_address = "192.0.2.30";
    int route = -1;
    return Dispatch(api_->Routes(), request, route);
  }

  json Ok(const HttpResponse& response, int status = 200) {
    EXPECT_EQ(response.status, status) << response.body;
    return json::parse(response.body, nullptr, false);
  }

  // A patient's request for paper copies by mail of two two-page notes; returns its id.
  std::string PaperRequest() {
    json patient_id;
    EXPECT_TRUE(store_.InTransaction(OrganizationId(1), TxMode::kWrite, [&](Transaction& tx) {
      Result<Patient> patient =
          tx.Patients().Insert(Patient{.mrn = "MRN-FEES-1",
                                       .given_name = "Testpatient",
                                       .family_name = "Alpha",
                                       .birth_date = *Date::FromYmd(1980, 1, 1)});
      if (!patient) return Status(patient.error());
      patient_id = patient->id.value;
      return OkStatus();
    }));
    for (int i = 0; i < 2; ++i) {
      Ok(Call(Role::kRoiSpecialist, "POST", "/api/v1/documents",
              json{{"patient_id", patient_id}, {"kind", "progress_note"}, {"pages", 2}}.dump()),
         201);
    }
    json requester = Ok(Call(Role::kRoiSpecialist, "POST", "/api/v1/requesters",
                             R"({"role":"patient","name":"Testpatient Alpha"})"),
                        201);
    json request = Ok(Call(Role::kRoiSpecialist, "POST", "/api/v1/requests",
                           json{{"patient_id", patient_id},
                                {"requester_id", requester["id"]},
                                {"channel", "mail"},
                                {"basis", "access"},
                                {"purpose", "personal"},
                                {"format", "paper"},
                                {"medium", "mail"},
                                {"written", true},
                                {"signed", true},
                                {"identity_verified", true},
                                {"scope", {{"all_records", true}}}}
                               .dump()),
                      201);
    return std::to_string(request["id"].get<std::int64_t>());
  }

  testing::InMemoryStore store_;
  testing::FakeClock clock_;
  testing::FakePasswordHasher hasher_;
  testing::FakeTokenSource tokens_;
  testing::FakeAuditHasher audit_hasher_;
  AuditTrail audit_{clock_, audit_hasher_};
  AuthService auth_{store_, clock_, hasher_, tokens_, audit_};
  UserService users_{store_, hasher_, audit_};
  std::map<Role, Session> sessions_;
  std::unique_ptr<policy::RuleSet> rules_;
  std::unique_ptr<Api> api_;
};

TEST_F(FeeSettingsTest, StaffReadTheAdministratorChangesWithVersionsAndFieldErrors) {
  json read = Ok(Call(Role::kBilling, "GET", "/api/v1/organization/fees"));
  EXPECT_EQ(read["patient_electronic"], "flat");
  EXPECT_EQ(read["flat_cents"], 650);
  EXPECT_EQ(read["flat_fee_max_cents"], 650);
  EXPECT_EQ(read["version"], 0);

  EXPECT_EQ(Call(Role::kRoiSpecialist, "PUT", "/api/v1/organization/fees",
                 R"({"version":0,"flat_cents":500})")
                .status,
            403);
  json saved = Ok(Call(Role::kAdministrator, "PUT", "/api/v1/organization/fees",
                       R"({"version":0,"patient_electronic":"actual",)"
                       R"("labor_rate_cents_per_hour":3000,"supplies_cents":500,)"
                       R"("postage_cents":100})"));
  EXPECT_EQ(saved["patient_electronic"], "actual");
  EXPECT_EQ(saved["labor_rate_cents_per_hour"], 3000);
  EXPECT_EQ(saved["version"], 1);
  EXPECT_EQ(Call(Role::kAdministrator, "PUT", "/api/v1/organization/fees",
                 R"({"version":0,"flat_cents":500})")
                .status,
            409);

  struct Bad {
    const char* body;
    const char* field;
  };
  for (Bad bad : {Bad{R"({"version":1,"flat_cents":700})", "flat_cents"},
                  Bad{R"({"version":1,"postage_cents":-1})", "postage_cents"},
                  Bad{R"({"version":1,"patient_electronic":"free"})", "patient_electronic"},
                  Bad{R"({"version":1,"supplies_cents":"lots"})", "supplies_cents"},
                  Bad{R"({"version":1,"flat_fee":400})", "flat_fee"},
                  Bad{R"({"flat_cents":400})", "version"}}) {
    SCOPED_TRACE(bad.body);
    HttpResponse refused = Call(Role::kAdministrator, "PUT", "/api/v1/organization/fees", bad.body);
    EXPECT_EQ(refused.status, 400) << refused.body;
    EXPECT_NE(refused.body.find(bad.field), std::string::npos) << refused.body;
  }
  json again = Ok(Call(Role::kClinician, "GET", "/api/v1/organization/fees"));
  EXPECT_EQ(again["version"], 1);
  EXPECT_EQ(again["postage_cents"], 100);
}

TEST_F(FeeSettingsTest, RecordedCostsReDecideAndTheInvoiceIsCappedByTheDecidedFee) {
  Ok(Call(Role::kAdministrator, "PUT", "/api/v1/organization/fees",
          R"({"version":0,"patient_electronic":"actual","labor_rate_cents_per_hour":3000,)"
          R"("supplies_cents":100,"postage_cents":60})"));
  std::string id = PaperRequest();
  std::string costs = "/api/v1/requests/" + id + "/costs";
  json before = Ok(Call(Role::kRoiSpecialist, "GET", costs));
  EXPECT_EQ(before["version"], 0);
  EXPECT_TRUE(before["recorded"].is_null());

  // Paper by mail: the cost is labor + supplies + postage; California caps an individual's copies
  // at 25 cents a page plus labor (no supplies or postage), so with 160 cents of supplies and
  // postage on four pages the cap wins.
  json set = Ok(Call(Role::kRoiSpecialist, "PUT", costs, R"({"version":0,"labor_minutes":20})"));
  std::int64_t cost = Labor(20, 3000) + 100 + 60;
  std::int64_t cap = 4 * 25 + Labor(20, 3000);
  EXPECT_EQ(set["fee"]["max_cents"], std::min(cost, cap));
  EXPECT_EQ(set["fee"]["basis"], "STATE_CAP");
  EXPECT_EQ(set["cost"]["labor_minutes"], 20);
  EXPECT_EQ(set["version"], 1);

  // Cheaper supplies and no postage for this request: the cost is now below the cap.
  json cheaper = Ok(Call(Role::kRoiSpecialist, "PUT", costs,
                         R"({"version":1,"labor_minutes":20,"supplies_cents":40,)"
                         R"("postage_cents":0})"));
  cost = Labor(20, 3000) + 40;
  EXPECT_EQ(cheaper["fee"]["max_cents"], std::min(cost, cap));
  EXPECT_EQ(cheaper["fee"]["basis"], "HIPAA_COST_BASED");
  EXPECT_EQ(Call(Role::kRoiSpecialist, "PUT", costs, R"({"version":1,"labor_minutes":5})").status,
            409);
  EXPECT_EQ(Call(Role::kRoiSpecialist, "PUT", costs, R"({"version":2,"labor_minutes":-5})").status,
            400);
  EXPECT_EQ(Call(Role::kRoiSpecialist, "PUT", costs, R"({"version":2})").status, 400);
  EXPECT_EQ(Call(Role::kBilling, "PUT", costs, R"({"version":2,"labor_minutes":5})").status, 403);

  // The request itself carries the re-decided fee, and the invoice cannot charge more.
  json request = Ok(Call(Role::kRoiSpecialist, "GET", "/api/v1/requests/" + id));
  EXPECT_EQ(request["decision"]["fee"]["max_cents"], cost) << request.dump();
  HttpResponse over =
      Call(Role::kBilling, "POST", "/api/v1/requests/" + id + "/invoice",
           json{{"lines", {{{"description", "Copies"}, {"quantity", 1}, {"unit_cents", cost + 1}}}}}
               .dump());
  EXPECT_EQ(over.status, 409) << over.body;
  json invoice = Ok(Call(Role::kBilling, "POST", "/api/v1/requests/" + id + "/invoice", "{}"), 201);
  EXPECT_EQ(invoice["max_cents"], cost);

  // Another request id is 404.
  EXPECT_EQ(Call(Role::kRoiSpecialist, "GET", "/api/v1/requests/999999/costs").status, 404);
  EXPECT_EQ(Call(Role::kRoiSpecialist, "PUT", "/api/v1/requests/999999/costs",
                 R"({"version":0,"labor_minutes":5})")
                .status,
            404);
}

}  // namespace
}  // namespace roi::http
