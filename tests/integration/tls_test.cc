// HTTPS: a server with a certificate generated at test time (openssl CLI, never committed) answers
// over TLS with HSTS and a Secure session cookie; the same API over plain HTTP has neither.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
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
using roi::testing::FetchUrl;

constexpr const char* kLoginBody =
    R"({"organization":"demo","email":"sam@example.test","password":"synthetic-password-3"})";

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("openroi-tls-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    cert_ = (dir_ / "cert.pem").string();
    key_ = (dir_ / "key.pem").string();
    std::string command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1"
        " -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout '" +
        key_ + "' -out '" + cert_ + "' >/dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << "openssl CLI failed";
    ASSERT_TRUE(store_.Migrate());
    ASSERT_TRUE(store_.InSystemTransaction(TxMode::kWrite, [](SystemTransaction& tx) {
      Result<Organization> org =
          tx.Organizations().Insert(Organization{.name = "Demo", .slug = "demo", .state = "CA"});
      return org ? OkStatus() : Status(org.error());
    }));
    ASSERT_TRUE(users_.AddUser({.organization = "demo",
                                .email = "sam@example.test",
                                .display_name = "Testuser Sam",
                                .role = Role::kRoiSpecialist},
                               "synthetic-password-3",
                               AuditActor{.id = {}, .label = "test setup", .remote_address = ""}));
    api_ =
        std::make_unique<Api>(ApiDependencies{.store = store_, .auth = &auth_, .clock = &clock_});
  }
  void TearDown() override {
    for (auto& [server, thread] : servers_) {
      server->Shutdown();
      thread.join();
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // Starts a server (TLS when `tls`) and returns its port.
  std::uint16_t Start(bool tls) {
    ServerOptions options{.port = 0, .threads = 2};
    if (tls) {
      options.tls_cert_file = cert_;
      options.tls_key_file = key_;
    }
    Result<std::unique_ptr<Server>> started =
        Server::Start(options, api_->Routes(), api_->Metrics(), nullptr);
    EXPECT_TRUE(started) << started.error().ToString();
    if (!started) return 0;
    Server* server = started->get();
    servers_.emplace_back(std::move(*started), std::thread([server] { server->Run(); }));
    return server->Port();
  }

  std::filesystem::path dir_;
  std::string cert_;
  std::string key_;
  testing::InMemoryStore store_;
  testing::FakeClock clock_;
  testing::FakePasswordHasher hasher_;
  testing::FakeTokenSource tokens_;
  testing::FakeAuditHasher audit_hasher_;
  AuditTrail audit_{clock_, audit_hasher_};
  AuthService auth_{store_, clock_, hasher_, tokens_, audit_};
  UserService users_{store_, hasher_, audit_};
  std::unique_ptr<Api> api_;
  std::vector<std::pair<std::unique_ptr<Server>, std::thread>> servers_;
};

TEST_F(TlsTest, HttpsAnswersWithHstsAndASecureCookie) {
  std::uint16_t port = Start(true);
  ASSERT_NE(port, 0);
  std::string base = "https://127.0.0.1:" + std::to_string(port);
  ClientResponse health = FetchUrl(base + "/healthz", "GET", "", {}, cert_);
  ASSERT_EQ(health.status, 200) << health.body;
  EXPECT_EQ(health.headers["strict-transport-security"], "max-age=31536000");
  ClientResponse login = FetchUrl(base + "/api/v1/auth/login", "POST", kLoginBody, {}, cert_);
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_NE(login.headers["set-cookie"].find("; Secure"), std::string::npos);
  // Plain HTTP to the TLS port does not get an answer.
  EXPECT_NE(Fetch(port, "GET", "/healthz").status, 200);
  // A client that does not trust the certificate refuses it.
  EXPECT_EQ(FetchUrl(base + "/healthz", "GET", "", {}, "").status, 0);
}

TEST_F(TlsTest, PlainHttpHasNoHstsAndNoSecureCookie) {
  std::uint16_t port = Start(false);
  ASSERT_NE(port, 0);
  ClientResponse health = Fetch(port, "GET", "/healthz");
  ASSERT_EQ(health.status, 200);
  EXPECT_FALSE(health.headers.contains("strict-transport-security"));
  ClientResponse login = Fetch(port, "POST", "/api/v1/auth/login", kLoginBody);
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(login.headers["set-cookie"].find("Secure"), std::string::npos);
}

TEST_F(TlsTest, BadTlsConfigurationIsAClearError) {
  ServerOptions only_cert{.port = 0, .threads = 1, .tls_cert_file = cert_};
  Result<std::unique_ptr<Server>> half =
      Server::Start(only_cert, api_->Routes(), api_->Metrics(), nullptr);
  ASSERT_FALSE(half);
  EXPECT_EQ(half.error().code, ErrorCode::kInvalidArgument);
  ServerOptions missing{
      .port = 0, .threads = 1, .tls_cert_file = (dir_ / "none.pem").string(), .tls_key_file = key_};
  Result<std::unique_ptr<Server>> absent =
      Server::Start(missing, api_->Routes(), api_->Metrics(), nullptr);
  ASSERT_FALSE(absent);
  EXPECT_NE(absent.error().message.find("none.pem"), std::string::npos);
}

}  // namespace
}  // namespace roi::http
