// The shared set-up of the request-lifecycle integration tests: a store of one backend (SQLite or,
// when ROI_TEST_POSTGRES_URL is set, PostgreSQL) migrated, one organization with one patient and
// signed-in users of given roles, the rule packs, and the real HTTP server on a free port with its
// Api.  A test fixture derives from LifecycleFixture, passing StoreSource::Of<Factory>() and its
// World; it adds services through the Configure hook and calls CallAs(who, ...) to use the API.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "app/auth_service.h"
#include "app/user_service.h"
#include "contract/store_factories.h"
#include "http/api.h"
#include "http/server.h"
#include "integration/http_client.h"
#include "policy/engine.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"
#include "testing/fake_credentials.h"

namespace roi::testing {

// How a fixture opens its store: the test's store factory (contract/store_factories.h), kept alive
// (its destructor removes the database) for as long as the fixture.
struct StoreSource {
  std::function<std::optional<std::string>()> skip_reason;
  std::function<Result<std::unique_ptr<Store>>()> open;

  template <typename Factory>
  static StoreSource Of() {
    auto factory = std::make_shared<Factory>();
    return {[factory] { return factory->SkipReason(); }, [factory] { return factory->Open(); }};
  }
};

// A user of the test organization, signed in under `name` (also the local part of the e-mail).
struct WorldUser {
  std::string name;
  Role role = Role::kRoiSpecialist;
  std::string display_name;  // Empty: "Synthetic <name>".
};

// What the fixture sets up.
struct World {
  std::string organization_name;
  std::string slug;
  std::string state = "CA";
  std::string patient_mrn;  // Empty: no patient.
  std::string password;
  std::vector<WorldUser> users = {{.name = "specialist"}};
  // ROI specialists are release-authorized and everyone's training is current (2024-2030).
  bool trained = true;
};

class LifecycleFixture : public ::testing::Test {
 protected:
  LifecycleFixture(StoreSource source, World world)
      : source_(std::move(source)), world_(std::move(world)) {}

  // Derived fixtures that add to SetUp call this first and stop if
  // IsSkipped() || HasFatalFailure().
  void SetUp() override {
    if (std::optional<std::string> skip = source_.skip_reason()) GTEST_SKIP() << *skip;
    Result<std::unique_ptr<Store>> opened = source_.open();
    ASSERT_TRUE(opened) << opened.error().ToString();
    store_ = std::move(*opened);
    ASSERT_TRUE(store_->Migrate());
    ASSERT_TRUE(store_->InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) {
      Result<Organization> org = tx.Organizations().Insert(Organization{
          .name = world_.organization_name, .slug = world_.slug, .state = world_.state});
      if (!org) return Status(org.error());
      organization_ = org->id;
      return OkStatus();
    }));
    if (!world_.patient_mrn.empty()) {
      ASSERT_TRUE(store_->InTransaction(organization_, TxMode::kWrite, [&](Transaction& tx) {
        Result<Patient> patient =
            tx.Patients().Insert(Patient{.mrn = world_.patient_mrn,
                                         .given_name = "Testpatient",
                                         .family_name = "Alpha",
                                         .birth_date = *Date::FromYmd(1980, 1, 1)});
        if (!patient) return Status(patient.error());
        patient_ = patient->id;
        return OkStatus();
      }));
    }
    users_ = std::make_unique<UserService>(*store_, hasher_, audit_);
    auth_ = std::make_unique<AuthService>(*store_, clock_, hasher_, tokens_, audit_);
    for (const WorldUser& user : world_.users) {
      NewUser added{
          .organization = world_.slug,
          .email = user.name + "@example.test",
          .display_name = user.display_name.empty() ? "Synthetic " + user.name : user.display_name,
          .role = user.role};
      if (world_.trained) {
        added.release_authorized = user.role == Role::kRoiSpecialist;
        added.training_attested_on = *Date::FromYmd(2024, 1, 1);
        added.training_expires_on = *Date::FromYmd(2030, 1, 1);
      }
      Result<User> made =
          users_->AddUser(added, world_.password,
                          AuditActor{.id = {}, .label = "test setup", .remote_address = ""});
      ASSERT_TRUE(made) << made.error().ToString();
      principals_[user.name] = Principal{.user = *made, .organization = organization_};
      user_ids_[user.name] = made->id.value;
    }
    Result<policy::RuleSet> rules = policy::LoadRuleSet(OPENROI_RULES_DIR);
    ASSERT_TRUE(rules) << rules.error().ToString();
    rules_ = std::make_unique<policy::RuleSet>(std::move(rules).value());
    http::ApiDependencies dependencies{.store = *store_,
                                       .rules = rules_.get(),
                                       .auth = auth_.get(),
                                       .clock = &clock_,
                                       .audit = &audit_};
    Configure(dependencies);
    if (HasFatalFailure()) return;
    api_ = std::make_unique<http::Api>(std::move(dependencies));
    Result<std::unique_ptr<http::Server>> started =
        http::Server::Start({.port = 0, .threads = 2}, api_->Routes(), api_->Metrics(), nullptr);
    ASSERT_TRUE(started) << started.error().ToString();
    server_ = std::move(started).value();
    thread_ = std::thread([this] { server_->Run(); });
    LoginAll();
  }
  void TearDown() override {
    if (!thread_.joinable()) return;
    server_->Shutdown();
    thread_.join();
  }

  // Adds services to the Api before it is built (called by SetUp; may ASSERT).
  virtual void Configure(http::ApiDependencies& /*dependencies*/) {}

  // Signs `who` in (again: a session does not outlive days of fake time).
  void Login(const std::string& who) {
    ClientResponse login = Fetch(server_->Port(), "POST", "/api/v1/auth/login",
                                 nlohmann::json{{"organization", world_.slug},
                                                {"email", who + "@example.test"},
                                                {"password", world_.password}}
                                     .dump());
    ASSERT_EQ(login.status, 200) << login.body;
    std::string cookie = login.headers["set-cookie"];
    headers_[who] = {
        "Cookie: " + cookie.substr(0, cookie.find(';')),
        "X-CSRF-Token: " + nlohmann::json::parse(login.body)["csrf_token"].get<std::string>(),
        "Content-Type: application/json"};
  }
  void LoginAll() {
    for (const WorldUser& user : world_.users) {
      Login(user.name);
      if (HasFatalFailure()) return;
    }
  }

  // Sends a request as `who`; RawAs returns the response as is, CallAs {status, parsed body}.
  ClientResponse RawAs(const std::string& who, const std::string& method, const std::string& path,
                       const nlohmann::json& body = nullptr) {
    return Fetch(server_->Port(), method, path, body.is_null() ? "" : body.dump(), headers_[who]);
  }
  std::pair<long, nlohmann::json> CallAs(const std::string& who, const std::string& method,
                                         const std::string& path,
                                         const nlohmann::json& body = nullptr) {
    ClientResponse response = RawAs(who, method, path, body);
    return {response.status, nlohmann::json::parse(response.body, nullptr, false)};
  }

  StoreSource source_;
  World world_;
  std::unique_ptr<Store> store_;
  OrganizationId organization_;
  PatientId patient_;
  FakeClock clock_;  // 2025-01-06.
  FakePasswordHasher hasher_;
  FakeTokenSource tokens_;
  FakeAuditHasher audit_hasher_;
  AuditTrail audit_{clock_, audit_hasher_};
  std::unique_ptr<UserService> users_;
  std::unique_ptr<AuthService> auth_;
  std::unique_ptr<policy::RuleSet> rules_;
  std::map<std::string, Principal> principals_;
  std::map<std::string, std::int64_t> user_ids_;
  std::unique_ptr<http::Api> api_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  std::map<std::string, std::vector<std::string>> headers_;
};

}  // namespace roi::testing
