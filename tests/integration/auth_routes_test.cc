// The /api/v1/auth routes over a real server on a free port, on the in-memory store with fake
// credentials and a fake clock.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
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

using roi::testing::ClientResponse;
using roi::testing::Fetch;

constexpr const char* kPassword = "demo-password-change-me";
constexpr const char* kLoginBody =
    R"({"organization":"demo","email":"Sam@Example.test","password":"demo-password-change-me"})";

class AuthRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Migrate());
    ASSERT_TRUE(store_.InSystemTransaction(TxMode::kWrite, [](SystemTransaction& tx) {
      Result<Organization> org =
          tx.Organizations().Insert(Organization{.name = "Demo", .slug = "demo", .state = "CA"});
      return org ? OkStatus() : Status(org.error());
    }));
    ASSERT_TRUE(users_.AddUser({.organization = "demo",
                                .email = "sam@example.test",
                                .display_name = "Sam",
                                .role = Role::kRoiSpecialist},
                               kPassword, {.id = {}, .label = "test setup", .remote_address = ""}));
    api_ =
        std::make_unique<Api>(ApiDependencies{.store = store_, .auth = &auth_, .clock = &clock_});
    Result<std::unique_ptr<Server>> started =
        Server::Start({.port = 0, .threads = 2}, api_->Routes(), api_->Metrics(), nullptr);
    ASSERT_TRUE(started) << started.error().ToString();
    server_ = std::move(started).value();
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    if (!thread_.joinable()) return;
    server_->Shutdown();
    thread_.join();
  }

  std::uint16_t Port() const { return server_->Port(); }
  // Signs in and returns {cookie header, csrf token}.
  std::pair<std::string, std::string> SignIn() {
    ClientResponse login = Fetch(Port(), "POST", "/api/v1/auth/login", kLoginBody);
    EXPECT_EQ(login.status, 200) << login.body;
    std::string cookie = login.headers["set-cookie"];
    std::string pair = cookie.substr(0, cookie.find(';'));
    nlohmann::json body = nlohmann::json::parse(login.body, nullptr, false);
    return {"Cookie: " + pair, body.value("csrf_token", std::string())};
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
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

TEST_F(AuthRoutesTest, LoginSetsAStrictHttpOnlyCookieAndReturnsTheUser) {
  ClientResponse login = Fetch(Port(), "POST", "/api/v1/auth/login", kLoginBody);
  ASSERT_EQ(login.status, 200) << login.body;
  std::string cookie = login.headers["set-cookie"];
  EXPECT_TRUE(cookie.starts_with("openroi_session=")) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/"), std::string::npos);
  nlohmann::json body = nlohmann::json::parse(login.body);
  EXPECT_EQ(body["user"]["email"], "sam@example.test");
  EXPECT_EQ(body["user"]["role"], "roi_specialist");
  EXPECT_EQ(body["user"]["display_name"], "Sam");
  EXPECT_FALSE(body["csrf_token"].get<std::string>().empty());
  EXPECT_FALSE(body["user"].contains("password_hash"));
}

TEST_F(AuthRoutesTest, MeNeedsAValidSession) {
  EXPECT_EQ(Fetch(Port(), "GET", "/api/v1/auth/me").status, 401);
  EXPECT_EQ(Fetch(Port(), "GET", "/api/v1/auth/me", "", {"Cookie: openroi_session=1.nope"}).status,
            401);
  auto [cookie, csrf] = SignIn();
  ClientResponse me = Fetch(Port(), "GET", "/api/v1/auth/me", "", {cookie});
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(nlohmann::json::parse(me.body)["user"]["email"], "sam@example.test");
}

TEST_F(AuthRoutesTest, LogoutNeedsTheCsrfHeaderAndEndsTheSession) {
  auto [cookie, csrf] = SignIn();
  EXPECT_EQ(Fetch(Port(), "POST", "/api/v1/auth/logout", "", {cookie}).status, 403);
  EXPECT_EQ(
      Fetch(Port(), "POST", "/api/v1/auth/logout", "", {cookie, "X-CSRF-Token: wrong"}).status,
      403);
  ClientResponse out =
      Fetch(Port(), "POST", "/api/v1/auth/logout", "", {cookie, "X-CSRF-Token: " + csrf});
  EXPECT_EQ(out.status, 204) << out.body;
  EXPECT_EQ(Fetch(Port(), "GET", "/api/v1/auth/me", "", {cookie}).status, 401);
}

TEST_F(AuthRoutesTest, BadCredentialsAndBadBodies) {
  ClientResponse wrong =
      Fetch(Port(), "POST", "/api/v1/auth/login",
            R"({"organization":"demo","email":"sam@example.test","password":"x"})");
  ClientResponse unknown =
      Fetch(Port(), "POST", "/api/v1/auth/login",
            R"({"organization":"demo","email":"who@example.test","password":"x"})");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_EQ(Fetch(Port(), "POST", "/api/v1/auth/login", "{not json").status, 400);
  EXPECT_EQ(Fetch(Port(), "POST", "/api/v1/auth/login", R"({"organization":"demo"})").status, 400);
}

TEST_F(AuthRoutesTest, LoginIsRateLimitedPerClient) {
  std::string body = R"({"organization":"demo","email":"who@example.test","password":"x"})";
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(Fetch(Port(), "POST", "/api/v1/auth/login", body).status, 401) << i;
  }
  ClientResponse limited = Fetch(Port(), "POST", "/api/v1/auth/login", body);
  EXPECT_EQ(limited.status, 429);
  EXPECT_NE(limited.body.find("RESOURCE_EXHAUSTED"), std::string::npos);
  clock_.AdvanceMicros(60'000'000);
  EXPECT_EQ(Fetch(Port(), "POST", "/api/v1/auth/login", kLoginBody).status, 200);
}

// The per-client request limit (security.requests_per_minute): counted before sign-in on the API,
// download links and /verify; the web UI's files and the probes are not counted.
TEST_F(AuthRoutesTest, EveryClientIsLimitedToItsRequestsAMinute) {
  Api limited(
      ApiDependencies{.store = store_, .auth = &auth_, .clock = &clock_, .requests_per_minute = 5});
  Result<std::unique_ptr<Server>> started =
      Server::Start({.port = 0, .threads = 1}, limited.Routes(), limited.Metrics(), nullptr);
  ASSERT_TRUE(started) << started.error().ToString();
  std::unique_ptr<Server> server = std::move(started).value();
  std::thread thread([&] { server->Run(); });
  const std::uint16_t port = server->Port();
  // Five API calls pass, signed in or not, to a route or not (401 and 404 are answers, not
  // refusals by the limit).
  EXPECT_EQ(Fetch(port, "GET", "/api/v1/version").status, 200);
  EXPECT_EQ(Fetch(port, "GET", "/api/v1/auth/me").status, 401);
  EXPECT_EQ(Fetch(port, "POST", "/api/v1/auth/login", kLoginBody).status, 200);
  EXPECT_EQ(Fetch(port, "GET", "/api/v1/openapi.json").status, 200);
  EXPECT_EQ(Fetch(port, "GET", "/api/v1/no-such-route").status, 404);
  // The sixth is refused with 429 and Retry-After, before any handler runs.
  ClientResponse refused = Fetch(port, "POST", "/api/v1/auth/login", kLoginBody);
  EXPECT_EQ(refused.status, 429);
  EXPECT_NE(refused.body.find("too many requests from this address"), std::string::npos)
      << refused.body;
  EXPECT_EQ(refused.headers["retry-after"], "60");
  EXPECT_EQ(Fetch(port, "GET", "/verify").status, 429);
  // Probes are not counted.
  EXPECT_EQ(Fetch(port, "GET", "/healthz").status, 200);
  // A minute later the client may call again.
  clock_.AdvanceMicros(60'000'000);
  EXPECT_EQ(Fetch(port, "GET", "/api/v1/version").status, 200);
  server->Shutdown();
  thread.join();
}

TEST_F(AuthRoutesTest, TheOpenApiDocumentListsTheAuthRoutes) {
  ClientResponse doc = Fetch(Port(), "GET", "/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  nlohmann::json paths = nlohmann::json::parse(doc.body)["paths"];
  EXPECT_TRUE(paths.contains("/api/v1/auth/login"));
  EXPECT_TRUE(paths.contains("/api/v1/auth/logout"));
  EXPECT_TRUE(paths.contains("/api/v1/auth/me"));
}

}  // namespace
}  // namespace roi::http
