// The small APIs behind the workspace's remaining screens, through the real dispatcher:
// GET /api/v1/review-tasks (the review work list), GET /api/v1/rules (the loaded rule packs) and
// POST /api/v1/audit/verify (the audit chain check).
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

constexpr const char* kPassword = "dash-password-long-enough";

struct Session {
  std::string cookie;
  std::string csrf;
  UserId id;
};

class DashRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Migrate());
    ASSERT_TRUE(store_.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) {
      Result<Organization> org = tx.Organizations().Insert(
          Organization{.name = "Dash Test", .slug = "dash", .state = "CA"});
      if (org) org_ = org->id;
      return org ? OkStatus() : Status(org.error());
    }));
    for (auto [name, role] :
         {std::pair{"clinician", Role::kClinician}, std::pair{"clinician2", Role::kClinician},
          std::pair{"supervisor", Role::kSupervisor}, std::pair{"privacy", Role::kPrivacyOfficer},
          std::pair{"billing", Role::kBilling}}) {
      std::string email = std::string(name) + "@dash.example.test";
      Result<User> user = users_.AddUser({.organization = "dash",
                                          .email = email,
                                          .display_name = std::string("Test ") + name,
                                          .role = role},
                                         kPassword, {.id = {}, .label = "setup"});
      ASSERT_TRUE(user) << user.error().ToString();
      Result<LoginResult> login =
          auth_.Login({.organization = "dash", .email = email, .password = kPassword});
      ASSERT_TRUE(login) << login.error().ToString();
      sessions_[name] = {std::string(kSessionCookie) + "=" + login->session_token,
                         login->csrf_token, user->id};
    }
    Result<policy::RuleSet> rules = policy::LoadRuleSet(OPENROI_RULES_DIR);
    ASSERT_TRUE(rules) << rules.error().ToString();
    rules_ = std::make_unique<policy::RuleSet>(std::move(rules).value());
    api_ = std::make_unique<Api>(ApiDependencies{.store = store_,
                                                 .rules = rules_.get(),
                                                 .auth = &auth_,
                                                 .clock = &clock_,
                                                 .audit = &audit_,
                                                 .audit_verifier = &verifier_});
  }

  HttpResponse Call(const std::string& who, const std::string& method, const std::string& target) {
    HttpRequest request;
    request.method = method;
    request.target = target;
    EXPECT_TRUE(ParseTarget(target, request.path, request.query));
    request.headers.emplace("cookie", sessions_[who].cookie);
    request.headers.emplace("x-csrf-token", sessions_[who].csrf);
    if (method != "GET") {
      request.body = "{}";
      request.headers.emplace("content-type", "application/json");
    }
    int route = -1;
    return Dispatch(api_->Routes(), request, route);
  }

  json CallJson(const std::string& who, const std::string& method, const std::string& target) {
    HttpResponse response = Call(who, method, target);
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body, nullptr, false);
  }

  // A request in review, received and due on the given days, with review tasks as given.
  RequestId AddRequest(const std::string& number, std::optional<Date> due) {
    RequestId id;
    Status done = store_.InTransaction(org_, TxMode::kWrite, [&](Transaction& tx) -> Status {
      Result<Patient> patient =
          tx.Patients().Insert(Patient{.mrn = "MRN-" + number,
                                       .given_name = "Alpha",
                                       .family_name = "Testpatient",
                                       .birth_date = *Date::FromYmd(1980, 1, 2)});
      if (!patient) return patient.error();
      Result<Requester> requester =
          tx.Requesters().Insert(Requester{.role = "attorney", .name = "Sample Law Office"});
      if (!requester) return requester.error();
      ReleaseRequest request{
          .number = number,
          .patient_id = patient->id,
          .requester_id = requester->id,
          .requester_role = "attorney",
          .received_on = *Date::FromYmd(2025, 1, 6),
          .received_micros = clock_.NowMicros(),
          .facts = RequestFacts{.basis = "authorization", .purpose = "litigation"}};
      request.due_on = due;
      Result<ReleaseRequest> stored = tx.Requests().Insert(request);
      if (!stored) return stored.error();
      id = stored->id;
      return OkStatus();
    });
    EXPECT_TRUE(done) << done.error().ToString();
    return id;
  }

  ReviewId AddTask(RequestId request, ReviewKind kind, UserId assignee) {
    ReviewId id;
    Status done = store_.InTransaction(org_, TxMode::kWrite, [&](Transaction& tx) -> Status {
      Result<ReviewTask> task = tx.Reviews().Insert(ReviewTask{.request_id = request,
                                                               .kind = kind,
                                                               .reason = "PSYCHOTHERAPY_NOTES",
                                                               .assignee = assignee,
                                                               .created_micros = opened_});
      if (!task) return task.error();
      id = task->id;
      return OkStatus();
    });
    EXPECT_TRUE(done) << done.error().ToString();
    return id;
  }

  testing::InMemoryStore store_;
  testing::FakeClock clock_;
  testing::FakePasswordHasher hasher_;
  testing::FakeTokenSource tokens_;
  testing::FakeAuditHasher audit_hasher_;
  AuditTrail audit_{clock_, audit_hasher_};
  testing::FakeSignatureChecker checker_;
  AuditVerifier verifier_{audit_hasher_, checker_, ""};
  AuthService auth_{store_, clock_, hasher_, tokens_, audit_};
  UserService users_{store_, hasher_, audit_};
  std::unique_ptr<policy::RuleSet> rules_;
  std::unique_ptr<Api> api_;
  OrganizationId org_;
  std::map<std::string, Session> sessions_;
  std::int64_t opened_ = 0;
};

TEST_F(DashRoutesTest, ReviewTasksListWhatTheCallerMayActOn) {
  // Opened three days ago (the clock stays put: sessions time out after 30 idle minutes).
  opened_ = clock_.NowMicros() - 3 * 86'400'000'000LL;
  RequestId first = AddRequest("R-2025-000001", *Date::FromYmd(2025, 2, 5));
  RequestId second = AddRequest("R-2025-000002", std::nullopt);
  ReviewId pooled = AddTask(first, ReviewKind::kClinician, UserId());
  ReviewId supervisor = AddTask(first, ReviewKind::kSupervisor, UserId());
  ReviewId mine = AddTask(second, ReviewKind::kClinician, sessions_["clinician"].id);
  AddTask(second, ReviewKind::kClinician, sessions_["clinician2"].id);

  json list = CallJson("clinician", "GET", "/api/v1/review-tasks");
  ASSERT_EQ(list["tasks"].size(), 2u) << list.dump();
  EXPECT_EQ(list["tasks"][0]["id"], pooled.value);
  EXPECT_EQ(list["tasks"][0]["request_id"], first.value);
  EXPECT_EQ(list["tasks"][0]["request_number"], "R-2025-000001");
  EXPECT_EQ(list["tasks"][0]["kind"], "clinician");
  EXPECT_EQ(list["tasks"][0]["due_on"], "2025-02-05");
  EXPECT_EQ(list["tasks"][0]["age_days"], 3);
  EXPECT_EQ(list["tasks"][0]["assigned_to_me"], false);
  EXPECT_EQ(list["tasks"][1]["id"], mine.value);
  EXPECT_TRUE(list["tasks"][1]["due_on"].is_null());
  EXPECT_EQ(list["tasks"][1]["assigned_to_me"], true);
  EXPECT_TRUE(list["next_after"].is_null());
  // No patient data in the list.
  EXPECT_EQ(list.dump().find("Testpatient"), std::string::npos);
  EXPECT_EQ(list.dump().find("MRN-"), std::string::npos);

  // Paging.
  json page = CallJson("clinician", "GET", "/api/v1/review-tasks?limit=1");
  ASSERT_EQ(page["tasks"].size(), 1u);
  EXPECT_EQ(page["next_after"], pooled.value);
  json next = CallJson("clinician", "GET",
                       "/api/v1/review-tasks?limit=1&after=" + std::to_string(pooled.value));
  ASSERT_EQ(next["tasks"].size(), 1u);
  EXPECT_EQ(next["tasks"][0]["id"], mine.value);

  // The supervisor's pool is the supervisor review (and not the clinicians').
  json supervisors = CallJson("supervisor", "GET", "/api/v1/review-tasks");
  ASSERT_EQ(supervisors["tasks"].size(), 1u);
  EXPECT_EQ(supervisors["tasks"][0]["id"], supervisor.value);

  // Bad paging is a 400 naming the parameter; billing may not review.
  for (const char* target : {"/api/v1/review-tasks?limit=0", "/api/v1/review-tasks?limit=201",
                             "/api/v1/review-tasks?limit=x", "/api/v1/review-tasks?after=-1"}) {
    HttpResponse bad = Call("clinician", "GET", target);
    EXPECT_EQ(bad.status, 400) << target;
  }
  EXPECT_EQ(Call("billing", "GET", "/api/v1/review-tasks").status, 403);

  // The read is in the audit trail, without a patient.
  json events = CallJson("privacy", "GET", "/api/v1/audit?limit=1000");
  bool found = false;
  for (const json& event : events["events"]) {
    if (event["entity"]["kind"] == "review_tasks") {
      found = true;
      EXPECT_TRUE(event["patient_id"].is_null()) << event.dump();
    }
  }
  EXPECT_TRUE(found) << events.dump();
}

TEST_F(DashRoutesTest, RulesListThePacksAndFilter) {
  json all = CallJson("clinician", "GET", "/api/v1/rules");
  ASSERT_GE(all["packs"].size(), 2u);
  EXPECT_EQ(all["packs"][0]["jurisdiction"], "US");
  bool access = false;
  for (const json& rule : all["packs"][0]["rules"]) {
    if (rule["code"] == "ACCESS_30_DAYS") {
      access = true;
      EXPECT_EQ(rule["citation"], "45 CFR 164.524(b)(2)");
      EXPECT_EQ(rule["summary"], "Access 30 days");
    }
  }
  EXPECT_TRUE(access);

  json california = CallJson("billing", "GET", "/api/v1/rules?jurisdiction=US-CA");
  ASSERT_EQ(california["packs"].size(), 1u);
  EXPECT_EQ(california["packs"][0]["name"], "California");
  bool deadline = false;
  for (const json& rule : california["packs"][0]["rules"]) {
    if (rule["code"] == "CA_ACCESS_COPIES_15_DAYS") {
      deadline = true;
      EXPECT_EQ(rule["citation"], "Cal. Health & Safety Code 123110(b)");
      EXPECT_EQ(rule["kind"], "deadline");
      EXPECT_NE(rule["summary"].get<std::string>().find("15 calendar days"), std::string::npos)
          << rule.dump();
    }
  }
  EXPECT_TRUE(deadline);

  json filtered = CallJson("clinician", "GET", "/api/v1/rules?code=access_30");
  std::size_t rules = 0;
  for (const json& pack : filtered["packs"]) {
    for (const json& rule : pack["rules"]) {
      ++rules;
      EXPECT_NE(rule["code"].get<std::string>().find("ACCESS_30"), std::string::npos);
    }
  }
  EXPECT_GE(rules, 1u);

  HttpResponse bad = Call("clinician", "GET", "/api/v1/rules?jurisdiction=US-ZZ");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("jurisdiction"), std::string::npos);
}

TEST_F(DashRoutesTest, AuditVerifyReportsIntactThenTheFirstBrokenEventAndIsAudited) {
  json intact = CallJson("privacy", "POST", "/api/v1/audit/verify");
  EXPECT_EQ(intact["intact"], true) << intact.dump();
  EXPECT_GT(intact["events"].get<int>(), 0);
  EXPECT_TRUE(intact["problem"].is_null());

  // The verification itself is an event of the chain.
  json again = CallJson("privacy", "POST", "/api/v1/audit/verify");
  EXPECT_EQ(again["events"].get<int>(), intact["events"].get<int>() + 1);
  json events = CallJson("privacy", "GET", "/api/v1/audit?limit=1000");
  int recorded = 0;
  for (const json& event : events["events"]) {
    if (event["entity"]["kind"] == "audit_chain") ++recorded;
  }
  EXPECT_EQ(recorded, 2);

  // Alter event 2: the check names it.
  store_.MutateForTest([&](testing::InMemoryData& data) {
    data.audit_events[{org_.value, 2}].detail = "changed afterwards";
  });
  json broken = CallJson("privacy", "POST", "/api/v1/audit/verify");
  EXPECT_EQ(broken["intact"], false);
  EXPECT_EQ(broken["problem"]["sequence"], 2);
  EXPECT_EQ(broken["problem"]["kind"], "altered");

  EXPECT_EQ(Call("clinician", "POST", "/api/v1/audit/verify").status, 403);
}

}  // namespace
}  // namespace roi::http
