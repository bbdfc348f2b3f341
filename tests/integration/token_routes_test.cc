// API tokens, administrator user management and session fixation over a real server on a free
// port, on the in-memory store with fake credentials and a fake clock.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "app/api_token_service.h"
#include "app/auth_service.h"
#include "app/totp.h"
#include "app/totp_service.h"
#include "app/user_service.h"
#include "crypto/content_cipher.h"
#include "crypto/otp.h"
#include "crypto/sodium.h"
#include "http/api.h"
#include "http/server.h"
#include "integration/http_client.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"
#include "testing/fake_credentials.h"
#include "testing/in_memory_store.h"

namespace roi::http {
namespace {

// A content cipher under a new random master key, for the second factor's sealed secrets.
std::unique_ptr<crypto::SodiumContentCipher> NewSecretCipher() {
  EXPECT_TRUE(crypto::Initialize());
  Result<crypto::MasterKey> master = crypto::MasterKey::Generate();
  EXPECT_TRUE(master);
  return std::make_unique<crypto::SodiumContentCipher>(std::move(*master),
                                                       std::vector<crypto::MasterKey>{});
}

using nlohmann::json;
using roi::testing::ClientResponse;
using roi::testing::Fetch;

constexpr const char* kPassword = "synthetic-password-1";
constexpr std::int64_t kDayMicros = 86'400LL * 1'000'000;

struct SignedIn {
  std::string cookie;  // "Cookie: openroi_session=..."
  std::string csrf;    // "X-CSRF-Token: ..."
  std::string token;   // The session token alone.
};

class TokenRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Migrate());
    for (const char* slug : {"alpha", "bravo"}) {
      ASSERT_TRUE(store_.InSystemTransaction(TxMode::kWrite, [slug](SystemTransaction& tx) {
        Result<Organization> org =
            tx.Organizations().Insert(Organization{.name = "Org", .slug = slug, .state = "CA"});
        return org ? OkStatus() : Status(org.error());
      }));
    }
    AddUser("alpha", "admin@example.test", Role::kAdministrator);
    AddUser("alpha", "sam@example.test", Role::kRoiSpecialist);
    AddUser("bravo", "bo@example.test", Role::kAdministrator);
    api_ = std::make_unique<Api>(ApiDependencies{.store = store_,
                                                 .auth = &auth_,
                                                 .clock = &clock_,
                                                 .login_attempts_per_minute = 1000,
                                                 .api_tokens = &api_tokens_,
                                                 .users = &users_,
                                                 .totp = &totp_});
    auth_.SetSecondFactor(&totp_);
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

  void AddUser(const std::string& org, const std::string& email, Role role) {
    Result<User> user = users_.AddUser(
        {.organization = org, .email = email, .display_name = "Testuser", .role = role}, kPassword,
        AuditActor{.id = {}, .label = "test setup", .remote_address = ""});
    ASSERT_TRUE(user) << user.error().ToString();
  }

  std::uint16_t Port() const { return server_->Port(); }

  ClientResponse Login(const std::string& org, const std::string& email,
                       const std::vector<std::string>& headers = {}) {
    json body = {{"organization", org}, {"email", email}, {"password", kPassword}};
    return Fetch(Port(), "POST", "/api/v1/auth/login", body.dump(), headers);
  }

  SignedIn SignIn(const std::string& org, const std::string& email) {
    ClientResponse login = Login(org, email);
    EXPECT_EQ(login.status, 200) << login.body;
    std::string cookie = login.headers["set-cookie"];
    std::string pair = cookie.substr(0, cookie.find(';'));
    json body = json::parse(login.body, nullptr, false);
    return {"Cookie: " + pair, "X-CSRF-Token: " + body.value("csrf_token", std::string()),
            pair.substr(pair.find('=') + 1)};
  }

  // Creates a token as `who` and returns the response body.
  json CreateToken(const SignedIn& who, const json& scopes, int days = 30) {
    json request = {{"name", "synthetic export"}, {"scopes", scopes}, {"expires_in_days", days}};
    ClientResponse created =
        Fetch(Port(), "POST", "/api/v1/auth/tokens", request.dump(), {who.cookie, who.csrf});
    EXPECT_EQ(created.status, 201) << created.body;
    return json::parse(created.body, nullptr, false);
  }

  static std::string Bearer(const json& created) {
    return "Authorization: Bearer " + created.value("token", std::string());
  }

  testing::InMemoryStore store_;
  testing::FakeClock clock_;
  testing::FakePasswordHasher hasher_;
  testing::FakeTokenSource tokens_;
  testing::FakeAuditHasher audit_hasher_;
  AuditTrail audit_{clock_, audit_hasher_};
  AuthService auth_{store_, clock_, hasher_, tokens_, audit_};
  ApiTokenService api_tokens_{store_, clock_, tokens_};
  UserService users_{store_, hasher_, audit_};
  crypto::OpenSslOtpPrimitives otp_;
  std::unique_ptr<crypto::SodiumContentCipher> cipher_ = NewSecretCipher();
  ContentVault secret_vault_{*cipher_, clock_};
  SecretBox secrets_{*cipher_, secret_vault_};
  TotpService totp_{store_, clock_, otp_, "OpenROI", &secrets_, &audit_};
  std::unique_ptr<Api> api_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

// Session fixation.

TEST_F(TokenRoutesTest, LoginNeverKeepsASessionTokenPlantedBeforeIt) {
  std::string planted = "1.attacker-chosen-value";
  ClientResponse login = Login("alpha", "sam@example.test", {"Cookie: openroi_session=" + planted});
  ASSERT_EQ(login.status, 200) << login.body;
  std::string cookie = login.headers["set-cookie"];
  EXPECT_TRUE(cookie.starts_with("openroi_session=")) << cookie;
  EXPECT_EQ(cookie.find(planted), std::string::npos) << cookie;
  EXPECT_EQ(
      Fetch(Port(), "GET", "/api/v1/auth/me", "", {"Cookie: openroi_session=" + planted}).status,
      401);
}

TEST_F(TokenRoutesTest, ASessionCookieTheServerDidNotIssueIsRefused) {
  for (std::string forged : {"1.token-999", "1.", "abc", "9999.token-1"}) {
    EXPECT_EQ(
        Fetch(Port(), "GET", "/api/v1/auth/me", "", {"Cookie: openroi_session=" + forged}).status,
        401)
        << forged;
  }
}

TEST_F(TokenRoutesTest, EachLoginIssuesAFreshTokenAndEndsTheSessionItReplaces) {
  SignedIn first = SignIn("alpha", "sam@example.test");
  // Signing in again while presenting the first session ends it.
  ClientResponse again = Login("alpha", "sam@example.test", {first.cookie});
  ASSERT_EQ(again.status, 200);
  std::string second = again.headers["set-cookie"];
  EXPECT_EQ(second.find(first.token), std::string::npos);
  EXPECT_EQ(Fetch(Port(), "GET", "/api/v1/auth/me", "", {first.cookie}).status, 401);
  std::string pair = second.substr(0, second.find(';'));
  EXPECT_EQ(Fetch(Port(), "GET", "/api/v1/auth/me", "", {"Cookie: " + pair}).status, 200);
}

TEST_F(TokenRoutesTest, AfterLogoutTheOldTokenIsDead) {
  SignedIn sam = SignIn("alpha", "sam@example.test");
  ASSERT_EQ(Fetch(Port(), "POST", "/api/v1/auth/logout", "", {sam.cookie, sam.csrf}).status, 204);
  EXPECT_EQ(Fetch(Port(), "GET", "/api/v1/auth/me", "", {sam.cookie}).status, 401);
  // Signing in again does not revive it.
  SignIn("alpha", "sam@example.test");
  EXPECT_EQ(Fetch(Port(), "GET", "/api/v1/auth/me", "", {sam.cookie}).status, 401);
}

// API tokens.

TEST_F(TokenRoutesTest, ATokenIsShownOnceAndWorksAsABearer) {
  SignedIn sam = SignIn("alpha", "sam@example.test");
  json created = CreateToken(sam, json::array({"read_patients", "decide", "read_patients"}));
  std::string token = created.value("token", "");
  EXPECT_TRUE(token.starts_with("oroi_1_")) << token;
  EXPECT_EQ(created["scopes"], json({"read_patients", "decide"}));
  EXPECT_EQ(
      created["expires_micros"].get<std::int64_t>() - created["created_micros"].get<std::int64_t>(),
      30 * kDayMicros);
  ClientResponse me = Fetch(Port(), "GET", "/api/v1/auth/me", "", {Bearer(created)});
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(json::parse(me.body)["user"]["email"], "sam@example.test");
  ClientResponse listed = Fetch(Port(), "GET", "/api/v1/auth/tokens", "", {sam.cookie});
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body.find(token), std::string::npos);  // Never shown again.
  json list = json::parse(listed.body)["tokens"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_FALSE(list[0]["last_used_micros"].is_null());
}

TEST_F(TokenRoutesTest, ScopesCannotExceedTheRoleAndBadRequestsAreRefused) {
  SignedIn sam = SignIn("alpha", "sam@example.test");
  auto create = [&](const json& body) {
    return Fetch(Port(), "POST", "/api/v1/auth/tokens", body.dump(), {sam.cookie, sam.csrf}).status;
  };
  EXPECT_EQ(
      create({{"name", "x"}, {"scopes", json::array({"manage_users"})}, {"expires_in_days", 5}}),
      403);
  EXPECT_EQ(create({{"name", "x"}, {"scopes", json::array()}, {"expires_in_days", 5}}), 400);
  EXPECT_EQ(create({{"name", "x"}, {"scopes", json::array({"no_such"})}, {"expires_in_days", 5}}),
            400);
  EXPECT_EQ(create({{"name", "x"}, {"scopes", json::array({"decide"})}, {"expires_in_days", 367}}),
            400);
  EXPECT_EQ(create({{"name", "x"}, {"scopes", json::array({"decide"})}, {"expires_in_days", 0}}),
            400);
  EXPECT_EQ(create({{"name", "x"}, {"scopes", json::array({"decide"})}}), 400);
  EXPECT_EQ(create({{"name", ""}, {"scopes", json::array({"decide"})}, {"expires_in_days", 5}}),
            400);
  // Creating needs the CSRF header with a session, and a token cannot mint tokens.
  EXPECT_EQ(Fetch(Port(), "POST", "/api/v1/auth/tokens",
                  R"({"name":"x","scopes":["decide"],"expires_in_days":5})", {sam.cookie})
                .status,
            403);
  json created = CreateToken(sam, json::array({"decide"}));
  EXPECT_EQ(Fetch(Port(), "POST", "/api/v1/auth/tokens",
                  R"({"name":"x","scopes":["decide"],"expires_in_days":5})", {Bearer(created)})
                .status,
            403);
}

TEST_F(TokenRoutesTest, ATokenWithoutTheRoutesPermissionGets403ThoughTheRoleHasIt) {
  SignedIn admin = SignIn("alpha", "admin@example.test");
  json narrow = CreateToken(admin, json::array({"read_patients"}));
  json wide = CreateToken(admin, json::array({"manage_users"}));
  ClientResponse refused = Fetch(Port(), "GET", "/api/v1/users", "", {Bearer(narrow)});
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("manage_users scope"), std::string::npos) << refused.body;
  EXPECT_EQ(Fetch(Port(), "GET", "/api/v1/users", "", {Bearer(wide)}).status, 200);
  // The role is checked at use time too: once demoted, the wide token loses manage_users.
  Result<std::vector<User>> alpha_users = users_.List(OrganizationId(1));
  ASSERT_TRUE(alpha_users);
  UserId admin_id = (*alpha_users)[0].id;
  ASSERT_TRUE(users_.Update(OrganizationId(1), admin_id, UserChanges{.role = Role::kSupervisor},
                            AuditActor{.id = {}, .label = "test", .remote_address = ""}));
  EXPECT_EQ(Fetch(Port(), "GET", "/api/v1/users", "", {Bearer(wide)}).status, 403);
}

TEST_F(TokenRoutesTest, BearerNeedsNoCsrfAndOverridesAnyCookie) {
  SignedIn sam = SignIn("alpha", "sam@example.test");
  json first = CreateToken(sam, json::array({"decide"}));
  json second = CreateToken(sam, json::array({"decide"}));
  std::string path = "/api/v1/auth/tokens/" + std::to_string(first["id"].get<std::int64_t>());
  EXPECT_EQ(Fetch(Port(), "DELETE", path, "", {Bearer(second)}).status, 204);
  // A bad bearer with a good cookie: judged by the bearer.
  EXPECT_EQ(Fetch(Port(), "GET", "/api/v1/auth/me", "",
                  {sam.cookie, sam.csrf, "Authorization: Bearer oroi_1_nope"})
                .status,
            401);
  EXPECT_EQ(Fetch(Port(), "GET", "/api/v1/auth/me", "", {"Authorization: Basic abc"}).status, 401);
}

TEST_F(TokenRoutesTest, ExpiredAndRevokedTokensAre401) {
  SignedIn sam = SignIn("alpha", "sam@example.test");
  json short_lived = CreateToken(sam, json::array({"decide"}), 1);
  json revoked = CreateToken(sam, json::array({"decide"}), 10);
  std::string path = "/api/v1/auth/tokens/" + std::to_string(revoked["id"].get<std::int64_t>());
  ASSERT_EQ(Fetch(Port(), "DELETE", path, "", {sam.cookie, sam.csrf}).status, 204);
  EXPECT_EQ(Fetch(Port(), "GET", "/api/v1/auth/me", "", {Bearer(revoked)}).status, 401);
  EXPECT_EQ(Fetch(Port(), "GET", "/api/v1/auth/me", "", {Bearer(short_lived)}).status, 200);
  clock_.AdvanceMicros(kDayMicros);
  EXPECT_EQ(Fetch(Port(), "GET", "/api/v1/auth/me", "", {Bearer(short_lived)}).status, 401);
}

TEST_F(TokenRoutesTest, RevokingOthersTokensIs404ExceptForTheirAdministrator) {
  SignedIn sam = SignIn("alpha", "sam@example.test");
  SignedIn admin = SignIn("alpha", "admin@example.test");
  SignedIn bo = SignIn("bravo", "bo@example.test");
  json sams = CreateToken(sam, json::array({"decide"}));
  json admins = CreateToken(admin, json::array({"manage_users"}));
  std::string sams_path = "/api/v1/auth/tokens/" + std::to_string(sams["id"].get<std::int64_t>());
  std::string admins_path =
      "/api/v1/auth/tokens/" + std::to_string(admins["id"].get<std::int64_t>());
  EXPECT_EQ(Fetch(Port(), "DELETE", admins_path, "", {sam.cookie, sam.csrf}).status, 404);
  EXPECT_EQ(Fetch(Port(), "DELETE", sams_path, "", {bo.cookie, bo.csrf}).status, 404);
  EXPECT_EQ(Fetch(Port(), "GET", "/api/v1/auth/me", "", {Bearer(sams)}).status, 200);
  EXPECT_EQ(Fetch(Port(), "DELETE", sams_path, "", {admin.cookie, admin.csrf}).status, 204);
  EXPECT_EQ(Fetch(Port(), "GET", "/api/v1/auth/me", "", {Bearer(sams)}).status, 401);
  EXPECT_EQ(Fetch(Port(), "DELETE", "/api/v1/auth/tokens/abc", "", {sam.cookie, sam.csrf}).status,
            400);
}

// Administrator user management.

TEST_F(TokenRoutesTest, AdministratorsManageUsersOfTheirOwnOrganizationOnly) {
  SignedIn sam = SignIn("alpha", "sam@example.test");
  SignedIn admin = SignIn("alpha", "admin@example.test");
  SignedIn bo = SignIn("bravo", "bo@example.test");
  EXPECT_EQ(Fetch(Port(), "GET", "/api/v1/users", "", {sam.cookie}).status, 403);
  ClientResponse listed = Fetch(Port(), "GET", "/api/v1/users", "", {admin.cookie});
  ASSERT_EQ(listed.status, 200);
  json users = json::parse(listed.body)["users"];
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(listed.body.find("password"), std::string::npos);
  std::int64_t sam_id = users[1]["id"];
  json create = {{"email", "new@example.test"},
                 {"display_name", "Testuser New"},
                 {"role", "clinician"},
                 {"password", "another-synthetic-pw"}};
  ClientResponse created =
      Fetch(Port(), "POST", "/api/v1/users", create.dump(), {admin.cookie, admin.csrf});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(json::parse(created.body)["role"], "clinician");
  EXPECT_EQ(
      Fetch(Port(), "POST", "/api/v1/users", create.dump(), {admin.cookie, admin.csrf}).status,
      409);
  create["password"] = "short";
  create["email"] = "other@example.test";
  EXPECT_EQ(
      Fetch(Port(), "POST", "/api/v1/users", create.dump(), {admin.cookie, admin.csrf}).status,
      400);
  // Another organization's administrator cannot see or change alpha's users.
  std::string sam_path = "/api/v1/users/" + std::to_string(sam_id);
  EXPECT_EQ(Fetch(Port(), "PATCH", sam_path, R"({"role":"billing"})", {bo.cookie, bo.csrf}).status,
            404);
  EXPECT_EQ(Fetch(Port(), "POST", sam_path + "/disable", "", {bo.cookie, bo.csrf}).status, 404);
}

TEST_F(TokenRoutesTest, PasswordResetEndsSessionsAndDisableStopsTokens) {
  SignedIn sam = SignIn("alpha", "sam@example.test");
  SignedIn admin = SignIn("alpha", "admin@example.test");
  json token = CreateToken(sam, json::array({"decide"}));
  Result<std::vector<User>> listed = users_.List(OrganizationId(1));
  ASSERT_TRUE(listed);
  std::string sam_path = "/api/v1/users/" + std::to_string((*listed)[1].id.value);
  ClientResponse reset =
      Fetch(Port(), "POST", sam_path + "/password", R"({"password":"a-new-synthetic-password"})",
            {admin.cookie, admin.csrf});
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(Fetch(Port(), "GET", "/api/v1/auth/me", "", {sam.cookie}).status, 401);
  EXPECT_EQ(Login("alpha", "sam@example.test").status, 401);
  json login = {{"organization", "alpha"},
                {"email", "sam@example.test"},
                {"password", "a-new-synthetic-password"}};
  EXPECT_EQ(Fetch(Port(), "POST", "/api/v1/auth/login", login.dump()).status, 200);
  EXPECT_EQ(Fetch(Port(), "GET", "/api/v1/auth/me", "", {Bearer(token)}).status, 200);
  ClientResponse disabled =
      Fetch(Port(), "POST", sam_path + "/disable", "", {admin.cookie, admin.csrf});
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_TRUE(json::parse(disabled.body)["disabled"].get<bool>());
  EXPECT_EQ(Fetch(Port(), "GET", "/api/v1/auth/me", "", {Bearer(token)}).status, 401);
  // An administrator cannot disable or demote themselves.
  std::string admin_path = "/api/v1/users/" + std::to_string((*listed)[0].id.value);
  EXPECT_EQ(Fetch(Port(), "POST", admin_path + "/disable", "", {admin.cookie, admin.csrf}).status,
            409);
  EXPECT_EQ(Fetch(Port(), "PATCH", admin_path, R"({"role":"billing"})", {admin.cookie, admin.csrf})
                .status,
            409);
}

TEST_F(TokenRoutesTest, PatchChangesRoleReleaseAuthorizationAndTraining) {
  SignedIn admin = SignIn("alpha", "admin@example.test");
  SignedIn sam = SignIn("alpha", "sam@example.test");
  Result<std::vector<User>> listed = users_.List(OrganizationId(1));
  ASSERT_TRUE(listed);
  std::string sam_path = "/api/v1/users/" + std::to_string((*listed)[1].id.value);
  ClientResponse patched = Fetch(
      Port(), "PATCH", sam_path,
      R"({"role":"supervisor","release_authorized":true,"training_attested_on":"2026-01-05","training_expires_on":"2027-01-05"})",
      {admin.cookie, admin.csrf});
  ASSERT_EQ(patched.status, 200) << patched.body;
  json body = json::parse(patched.body);
  EXPECT_EQ(body["role"], "supervisor");
  EXPECT_TRUE(body["release_authorized"].get<bool>());
  EXPECT_EQ(body["training_expires_on"], "2027-01-05");
  EXPECT_EQ(Fetch(Port(), "GET", "/api/v1/auth/me", "", {sam.cookie}).status,
            401);  // Role changed.
  EXPECT_EQ(Fetch(Port(), "PATCH", sam_path, R"({"training_expires_on":"2020-01-01"})",
                  {admin.cookie, admin.csrf})
                .status,
            400);
  EXPECT_EQ(
      Fetch(Port(), "PATCH", sam_path, R"({"role":"emperor"})", {admin.cookie, admin.csrf}).status,
      400);
  EXPECT_EQ(
      Fetch(Port(), "PATCH", sam_path, R"({"colour":"blue"})", {admin.cookie, admin.csrf}).status,
      400);
  EXPECT_EQ(Fetch(Port(), "PATCH", "/api/v1/users/987654", R"({"role":"billing"})",
                  {admin.cookie, admin.csrf})
                .status,
            404);
}

// The second factor over HTTP.

TEST_F(TokenRoutesTest, SignInAsksForTheSecondFactorOnceItIsOn) {
  SignedIn sam = SignIn("alpha", "sam@example.test");
  ClientResponse enrolled = Fetch(Port(), "POST", "/api/v1/auth/totp", "", {sam.cookie, sam.csrf});
  ASSERT_EQ(enrolled.status, 200) << enrolled.body;
  json enrolment = json::parse(enrolled.body);
  EXPECT_TRUE(enrolment["uri"].get<std::string>().starts_with("otpauth://totp/OpenROI:"));
  Result<std::string> key = Base32Decode(enrolment["secret"].get<std::string>());
  ASSERT_TRUE(key);
  auto code = [&] { return HotpCode(otp_, *key, TotpStep(clock_.NowMicros())); };
  EXPECT_EQ(Fetch(Port(), "POST", "/api/v1/auth/totp/confirm", R"({"code":"000000"})",
                  {sam.cookie, sam.csrf})
                .status,
            401);
  ASSERT_EQ(Fetch(Port(), "POST", "/api/v1/auth/totp/confirm", json{{"code", code()}}.dump(),
                  {sam.cookie, sam.csrf})
                .status,
            204);
  clock_.AdvanceMicros(kTotpStepSeconds * 1'000'000);
  ClientResponse asked = Login("alpha", "sam@example.test");
  ASSERT_EQ(asked.status, 401);
  json error = json::parse(asked.body)["error"];
  ASSERT_EQ(error["details"].size(), 1u);
  EXPECT_EQ(error["details"][0]["path"], "totp_code");
  EXPECT_EQ(error["details"][0]["message"], "totp_required");
  json body = {{"organization", "alpha"},
               {"email", "sam@example.test"},
               {"password", kPassword},
               {"totp_code", code()}};
  EXPECT_EQ(Fetch(Port(), "POST", "/api/v1/auth/login", body.dump()).status, 200);
  ClientResponse replayed = Fetch(Port(), "POST", "/api/v1/auth/login", body.dump());
  EXPECT_EQ(replayed.status, 401);
  EXPECT_NE(replayed.body.find("totp_invalid"), std::string::npos);
  // The secret is not shown again, and an administrator can turn the factor off.
  EXPECT_EQ(Fetch(Port(), "POST", "/api/v1/auth/totp", "", {sam.cookie, sam.csrf}).status, 409);
  SignedIn admin = SignIn("alpha", "admin@example.test");
  Result<std::vector<User>> listed = users_.List(OrganizationId(1));
  ASSERT_TRUE(listed);
  std::string path = "/api/v1/users/" + std::to_string((*listed)[1].id.value) + "/totp";
  EXPECT_EQ(Fetch(Port(), "DELETE", path, "", {sam.cookie, sam.csrf}).status, 403);
  EXPECT_EQ(Fetch(Port(), "DELETE", path, "", {admin.cookie, admin.csrf}).status, 204);
  EXPECT_EQ(Login("alpha", "sam@example.test").status, 200);
}

}  // namespace
}  // namespace roi::http
