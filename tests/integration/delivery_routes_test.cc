// Secure delivery through the HTTP routes (the real Api and dispatcher) and real SMTP: a real
// receiver (/usr/bin/aiosmtpd on loopback, writing a Maildir) gets the notification of an email
// link, and the test parses it (To, Subject, the link; no access code, no patient name).
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "app/job_runner.h"
#include "delivery_fixture.h"
#include "http/api.h"
#include "http/dispatch.h"
#include "mail/smtp_mailer.h"
#include "testing/fake_credentials.h"
#include "testing/in_memory_store.h"

extern char** environ;

namespace roi {
namespace {

using nlohmann::json;
using testing::DeliveryWorld;
using testing::ReleasedRequest;

// A free loopback TCP port (bound and released).
std::uint16_t FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t size = sizeof(address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

bool Listening(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  ::close(fd);
  return ok;
}

// /usr/bin/aiosmtpd on 127.0.0.1:port storing every message in a Maildir; stopped by pid.
class SmtpReceiver {
 public:
  SmtpReceiver() {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("smtp-" + std::to_string(::getpid()) + "-" + std::to_string(FreePort()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    port_ = FreePort();
    std::string listen = "127.0.0.1:" + std::to_string(port_);
    std::string maildir = (dir_ / "maildir").string();
    std::vector<std::string> args = {"/usr/bin/aiosmtpd",         "-n",   "-l", listen, "-c",
                                     "aiosmtpd.handlers.Mailbox", maildir};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (::posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0) pid_ = 0;
    for (int i = 0; i < 100 && pid_ != 0 && !Listening(port_); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~SmtpReceiver() {
    if (pid_ != 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
    std::filesystem::remove_all(dir_);
  }
  bool Ready() const { return pid_ != 0 && Listening(port_); }
  std::uint16_t Port() const { return port_; }

  // The messages received so far, raw.
  std::vector<std::string> Messages() const {
    std::vector<std::string> out;
    std::filesystem::path fresh = dir_ / "maildir" / "new";
    std::error_code ignored;
    if (!std::filesystem::exists(fresh, ignored)) return out;
    for (const auto& entry : std::filesystem::directory_iterator(fresh)) {
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream all;
      all << in.rdbuf();
      out.push_back(all.str());
    }
    return out;
  }

 private:
  std::filesystem::path dir_;
  std::uint16_t port_ = 0;
  pid_t pid_ = 0;
};

// Header `name` of an RFC 5322 message (first occurrence), or "".
std::string Header(const std::string& message, const std::string& name) {
  std::istringstream in(message);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;
    if (line.rfind(name + ": ", 0) == 0) return line.substr(name.size() + 2);
  }
  return {};
}

std::string Body(const std::string& message) {
  std::size_t at = message.find("\n\n");
  std::size_t crlf = message.find("\r\n\r\n");
  if (crlf != std::string::npos && (at == std::string::npos || crlf < at)) {
    return message.substr(crlf + 4);
  }
  return at == std::string::npos ? std::string() : message.substr(at + 2);
}

class DeliveryRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Migrate());
    a_ = world_.Release("alpha");
    api_ = std::make_unique<http::Api>(http::ApiDependencies{.store = store_,
                                                             .auth = &auth_,
                                                             .clock = &world_.clock_,
                                                             .audit = &world_.audit_,
                                                             .deliveries = world_.service_.get()});
    // The releaser's stored hash is the fake hasher's "fake$unused".
    Result<LoginResult> login = auth_.Login(
        {.organization = "alpha", .email = "releaser@alpha.example.test", .password = "unused"});
    ASSERT_TRUE(login) << login.error().ToString();
    cookie_ = std::string(http::kSessionCookie) + "=" + login->session_token;
    csrf_ = login->csrf_token;
  }

  http::HttpResponse Call(const std::string& method, const std::string& path,
                          const std::string& body = "", bool staff = true,
                          const std::string& type = "application/json") {
    http::HttpRequest request;
    request.method = method;
    request.path = path;
    request.target = path;
    request.body = body;
    request.remote_address = "198.51.100.9";
    if (!body.empty()) request.headers.emplace("content-type", type);
    if (staff) {
      request.headers.emplace("cookie", cookie_);
      request.headers.emplace("x-csrf-token", csrf_);
    }
    int route = -1;
    return http::Dispatch(api_->Routes(), request, route);
  }

  static std::string HeaderOf(const http::HttpResponse& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
      if (key == name) return value;
    }
    return {};
  }

  std::string Deliveries() const {
    return "/api/v1/requests/" + std::to_string(a_.request.value) + "/deliveries";
  }

  testing::InMemoryStore store_;
  DeliveryWorld world_{store_};
  testing::FakePasswordHasher session_hasher_;
  testing::FakeTokenSource session_tokens_;
  AuthService auth_{store_, world_.clock_, session_hasher_, session_tokens_, world_.audit_};
  ReleasedRequest a_;
  std::unique_ptr<http::Api> api_;
  std::string cookie_;
  std::string csrf_;
};

TEST_F(DeliveryRoutesTest, ALinkIsCreatedOpenedDownloadedListedAndRevoked) {
  http::HttpResponse created =
      Call("POST", Deliveries(), R"({"medium":"download_link","recipient":"Sample Law Office"})");
  ASSERT_EQ(created.status, 201) << created.body;
  json delivery = json::parse(created.body);
  std::string code = delivery["access_code"];
  std::string url = delivery["url"];
  std::string token = DeliveryWorld::TokenOf(url);
  EXPECT_EQ(delivery["disclosure_id"], a_.disclosure.value);
  EXPECT_EQ(delivery["link"]["max_downloads"], 3);

  // The public page: no sign-in, no PHI, no caching, no referrer.
  http::HttpResponse page = Call("GET", "/d/" + token, "", /*staff=*/false);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.content_type.find("text/html"), std::string::npos);
  EXPECT_NE(page.body.find("/api/v1/downloads/" + token), std::string::npos);
  EXPECT_EQ(page.body.find(testing::kPatientFamilyName), std::string::npos);
  EXPECT_EQ(page.body.find("R-2025"), std::string::npos);
  EXPECT_EQ(HeaderOf(page, "Cache-Control"), "no-store");
  EXPECT_EQ(HeaderOf(page, "Referrer-Policy"), "no-referrer");

  // JSON and form posts both download.
  http::HttpResponse pdf = Call("POST", "/api/v1/downloads/" + token,
                                json{{"access_code", code}}.dump(), /*staff=*/false);
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.content_type, "application/pdf");
  EXPECT_EQ(pdf.body, testing::kPacketBytes);
  EXPECT_EQ(HeaderOf(pdf, "Content-Disposition"),
            "attachment; filename=\"R-2025-alpha-packet.pdf\"");
  EXPECT_EQ(HeaderOf(pdf, "Cache-Control"), "no-store");
  http::HttpResponse form = Call("POST", "/api/v1/downloads/" + token, "access_code=" + code,
                                 /*staff=*/false, "application/x-www-form-urlencoded");
  ASSERT_EQ(form.status, 200) << form.body;
  http::HttpResponse wrong = Call("POST", "/api/v1/downloads/" + token,
                                  R"({"access_code":"not-the-code"})", /*staff=*/false);
  EXPECT_EQ(wrong.status, 403) << wrong.body;

  http::HttpResponse listed = Call("GET", Deliveries());
  ASSERT_EQ(listed.status, 200) << listed.body;
  json items = json::parse(listed.body)["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["link"]["downloads"], 2);
  std::vector<std::string> kinds;
  for (const json& event : items[0]["events"]) kinds.push_back(event["kind"]);
  EXPECT_EQ(kinds, (std::vector<std::string>{"created", "download", "download", "refused"}));
  EXPECT_EQ(items[0]["events"][1]["remote_address"], "198.51.100.9");

  http::HttpResponse revoked = Call(
      "POST", Deliveries() + "/" + std::to_string(delivery["id"].get<std::int64_t>()) + "/revoke",
      "{}");
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(json::parse(revoked.body)["status"], "revoked");
  http::HttpResponse dead = Call("POST", "/api/v1/downloads/" + token,
                                 json{{"access_code", code}}.dump(), /*staff=*/false);
  EXPECT_EQ(dead.status, 403);
  EXPECT_NE(dead.body.find("cannot be used"), std::string::npos) << dead.body;
  // An unknown token: the same refusal.
  http::HttpResponse unknown =
      Call("POST", "/api/v1/downloads/1.nope", R"({"access_code":"12345678"})", /*staff=*/false);
  EXPECT_EQ(unknown.status, 403);
  EXPECT_EQ(json::parse(unknown.body)["error"]["message"],
            json::parse(dead.body)["error"]["message"]);
}

TEST_F(DeliveryRoutesTest, MailIsRecordedAndTracked) {
  http::HttpResponse created =
      Call("POST", Deliveries(),
           R"({"medium":"mail","recipient":"Sample Law Office","address":"1 Example Street"})");
  ASSERT_EQ(created.status, 201) << created.body;
  json delivery = json::parse(created.body);
  EXPECT_FALSE(delivery.contains("access_code"));
  std::string events =
      Deliveries() + "/" + std::to_string(delivery["id"].get<std::int64_t>()) + "/events";
  http::HttpResponse sent =
      Call("POST", events, R"({"kind":"sent","tracking_number":"9400-0000-0000-0002"})");
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_EQ(json::parse(sent.body)["tracking_number"], "9400-0000-0000-0002");
  EXPECT_EQ(Call("POST", events, R"({"kind":"lost in space"})").status, 400);
  EXPECT_EQ(Call("POST", Deliveries(), R"({"medium":"pigeon","recipient":"X"})").status, 400);
  EXPECT_EQ(
      Call("POST", "/api/v1/requests/999999/deliveries", R"({"medium":"pickup","recipient":"X"})")
          .status,
      404);
}

TEST(SmtpDataTest, UsesCrlfAndStuffsDots) {
  MailMessage message{.from = "a@example.test",
                      .to = {"b@example.test", "c@example.test"},
                      .subject = "Hello",
                      .body = "line one\n.starts with a dot\n.\nend"};
  std::string data = mail::SmtpData(message, "Mon, 01 Jan 2024 00:00:00 +0000", "id@example.test");
  EXPECT_NE(data.find("To: b@example.test, c@example.test\r\n"), std::string::npos);
  EXPECT_NE(data.find("\r\n..starts with a dot\r\n..\r\nend\r\n.\r\n"), std::string::npos) << data;
  EXPECT_EQ(data.find("\n\n"), std::string::npos);
  EXPECT_EQ(data.substr(data.size() - 5), "\r\n.\r\n");
}

TEST(SmtpMailerTest, AServerThatIsDownIsUnavailable) {
  mail::SmtpMailer mailer({.host = "127.0.0.1", .port = FreePort(), .timeout_ms = 2000});
  Status sent = mailer.Send(
      {.from = "a@example.test", .to = {"b@example.test"}, .subject = "x", .body = "y\n"});
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code, ErrorCode::kUnavailable) << sent.error().ToString();
  EXPECT_EQ(mailer.Send({.from = "not an address", .to = {"b@example.test"}}).error().code,
            ErrorCode::kInvalidArgument);
}

TEST_F(DeliveryRoutesTest, AnEmailLinkArrivesThroughARealSmtpServer) {
  SmtpReceiver receiver;
  ASSERT_TRUE(receiver.Ready()) << "could not start /usr/bin/aiosmtpd";
  http::HttpResponse created = Call(
      "POST", Deliveries(),
      R"({"medium":"email_link","recipient":"Sample Law Office","address":"law@example.test"})");
  ASSERT_EQ(created.status, 201) << created.body;
  json delivery = json::parse(created.body);
  std::string code = delivery["access_code"];
  EXPECT_FALSE(delivery.contains("url"));
  EXPECT_EQ(delivery["status"], "pending");

  mail::SmtpMailer mailer({.host = "127.0.0.1",
                           .port = receiver.Port(),
                           .helo_name = "roi.example.test",
                           .timeout_ms = 5000});
  JobRunner runner(store_, world_.clock_, {.owner = "smtp-test"});
  world_.service_->RegisterJobs(runner, mailer);
  Result<JobRunReport> report = runner.RunOnce();
  ASSERT_TRUE(report) << report.error().ToString();
  ASSERT_EQ(report->done, 1) << "retried " << report->retried << " failed " << report->failed;

  std::vector<std::string> messages;
  for (int i = 0; i < 100 && messages.empty(); ++i) {
    messages = receiver.Messages();
    if (messages.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(messages.size(), 1u);
  const std::string& message = messages[0];
  EXPECT_EQ(Header(message, "To"), "law@example.test");
  EXPECT_EQ(Header(message, "X-RcptTo"), "law@example.test");
  EXPECT_EQ(Header(message, "From"), "records@example.test");
  EXPECT_EQ(Header(message, "Subject"), "Your requested records are ready");
  // The Message-ID is the one the delivery recorded before the send (a repeat would reuse it).
  std::string message_id;
  ASSERT_TRUE(store_.InTransaction(a_.organization, TxMode::kRead, [&](Transaction& tx) {
    Result<Delivery> stored = tx.Deliveries().Find(DeliveryId(delivery["id"].get<std::int64_t>()));
    if (!stored) return Status(stored.error());
    message_id = stored->message_id;
    EXPECT_EQ(stored->status, DeliveryStatus::kSent);
    EXPECT_TRUE(stored->sealed_link.empty());
    return OkStatus();
  }));
  EXPECT_TRUE(message_id.starts_with("delivery-")) << message_id;
  EXPECT_EQ(Header(message, "Message-ID"), "<" + message_id + ">");
  std::string body = Body(message);
  EXPECT_EQ(message.find(code), std::string::npos);
  EXPECT_EQ(message.find(testing::kPatientFamilyName), std::string::npos);
  EXPECT_EQ(message.find(testing::kPatientGivenName), std::string::npos);
  std::size_t at = body.find("https://roi.example.test/d/");
  ASSERT_NE(at, std::string::npos) << body;
  std::size_t end = body.find_first_of("\r\n", at);
  std::string token = DeliveryWorld::TokenOf(body.substr(at, end - at));
  http::HttpResponse pdf = Call("POST", "/api/v1/downloads/" + token,
                                json{{"access_code", code}}.dump(), /*staff=*/false);
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.body, testing::kPacketBytes);
}

}  // namespace
}  // namespace roi
