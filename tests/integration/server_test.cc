#include "http/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "integration/http_client.h"

namespace roi::http {
namespace {

using roi::testing::Fetch;
using roi::testing::RawExchange;

Router MakeRouter() {
  Router router;
  router.Add({.method = "GET",
              .pattern = "/hello/{name}",
              .operation_id = "hello",
              .access = Access::Public()},
             [](const HttpRequest& request) {
               nlohmann::json body = {{"hello", request.path_params.at("name")},
                                      {"q", std::string(request.Query("q"))}};
               return HttpResponse::Json(200, body.dump());
             });
  router.Add(
      {.method = "POST", .pattern = "/echo", .operation_id = "echo", .access = Access::Public()},
      [](const HttpRequest& request) {
        return HttpResponse::Text(200, request.body, "text/plain");
      });
  router.Add(
      {.method = "GET", .pattern = "/slow", .operation_id = "slow", .access = Access::Public()},
      [](const HttpRequest&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(600));
        return HttpResponse::Json(200, R"({"slow":true})");
      });
  return router;
}

// A server running on a free port in a background thread; shut down and joined on destruction.
class RunningServer {
 public:
  explicit RunningServer(ServerOptions options = {}) : router_(MakeRouter()), metrics_(router_) {
    options.port = 0;
    options.threads = 2;
    Result<std::unique_ptr<Server>> started =
        Server::Start(options, router_, metrics_, [this](const AccessRecord& record) {
          std::lock_guard<std::mutex> lock(mu_);
          log_.push_back(record);
        });
    EXPECT_TRUE(started) << started.error().ToString();
    server_ = std::move(started).value();
    thread_ = std::thread([this] { server_->Run(); });
  }
  ~RunningServer() { Stop(); }

  void Stop() {
    if (!thread_.joinable()) return;
    server_->Shutdown();
    thread_.join();
  }
  std::uint16_t Port() const { return server_->Port(); }
  Server& Get() { return *server_; }
  std::vector<AccessRecord> Log() {
    std::lock_guard<std::mutex> lock(mu_);
    return log_;
  }

 private:
  Router router_;
  HttpMetrics metrics_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::mutex mu_;
  std::vector<AccessRecord> log_;  // Guarded by mu_.
};

TEST(ServerTest, ServesJsonWithPathAndQuery) {
  RunningServer server;
  roi::testing::ClientResponse response = Fetch(server.Port(), "GET", "/hello/ada?q=x%20y");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.headers["content-type"], "application/json");
  EXPECT_EQ(response.headers["x-content-type-options"], "nosniff");
  EXPECT_FALSE(response.headers["x-request-id"].empty());
  nlohmann::json body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["hello"], "ada");
  EXPECT_EQ(body["q"], "x y");
}

TEST(ServerTest, EchoesAnOfferedRequestIdAndLogsTheRoutePattern) {
  RunningServer server;
  std::string raw =
      "GET /hello/secret-name HTTP/1.1\r\nHost: x\r\nX-Request-Id: trace-123\r\n"
      "Connection: close\r\n\r\n";
  std::string reply = RawExchange(server.Port(), raw, 2000);
  EXPECT_NE(reply.find("X-Request-Id: trace-123"), std::string::npos) << reply;
  server.Stop();
  std::vector<AccessRecord> log = server.Log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].route, "/hello/{name}");
  EXPECT_EQ(log[0].request_id, "trace-123");
  EXPECT_EQ(FormatAccessRecord(log[0]).find("secret-name"), std::string::npos);
}

TEST(ServerTest, UnknownPathsAndMethodsGetJsonErrors) {
  RunningServer server;
  roi::testing::ClientResponse missing = Fetch(server.Port(), "GET", "/nothing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(nlohmann::json::parse(missing.body)["error"]["code"], "NOT_FOUND");
  EXPECT_EQ(Fetch(server.Port(), "DELETE", "/echo").status, 405);
}

TEST(ServerTest, RejectsOversizedBodiesWith413) {
  RunningServer server({.max_body_bytes = 1024});
  EXPECT_EQ(Fetch(server.Port(), "POST", "/echo", std::string(1000, 'a')).status, 200);
  roi::testing::ClientResponse big = Fetch(server.Port(), "POST", "/echo", std::string(5000, 'a'));
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(nlohmann::json::parse(big.body)["error"]["code"], "RESOURCE_EXHAUSTED");
}

TEST(ServerTest, RejectsOversizedHeadersWith431) {
  RunningServer server({.max_header_bytes = 2048});
  std::string raw =
      "GET /hello/a HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4000, 'b') + "\r\n\r\n";
  EXPECT_NE(RawExchange(server.Port(), raw, 2000).find("HTTP/1.1 431"), std::string::npos);
}

TEST(ServerTest, MalformedRequestsGet400) {
  RunningServer server;
  std::string reply = RawExchange(server.Port(), "NOT HTTP AT ALL\r\n\r\n", 2000);
  EXPECT_NE(reply.find("HTTP/1.1 400"), std::string::npos) << reply;
  reply = RawExchange(server.Port(), "GET /a%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                      2000);
  EXPECT_NE(reply.find("HTTP/1.1 400"), std::string::npos) << reply;
}

TEST(ServerTest, AnswersKeepAliveRequestsOnOneConnection) {
  RunningServer server;
  std::string two =
      "GET /hello/a HTTP/1.1\r\nHost: x\r\n\r\nGET /hello/b HTTP/1.1\r\nHost: x\r\n"
      "Connection: close\r\n\r\n";
  std::string reply = RawExchange(server.Port(), two, 2000);
  EXPECT_NE(reply.find(R"("hello":"a")"), std::string::npos);
  EXPECT_NE(reply.find(R"("hello":"b")"), std::string::npos);
}

TEST(ServerTest, HeadSendsHeadersOnly) {
  RunningServer server;
  std::string reply = RawExchange(
      server.Port(), "HEAD /hello/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 2000);
  EXPECT_NE(reply.find("HTTP/1.1 200"), std::string::npos);
  EXPECT_NE(reply.find("Content-Length: "), std::string::npos);
  EXPECT_EQ(reply.find("hello"), std::string::npos);
}

TEST(ServerTest, ClosesSlowClientsAfterTheReadTimeout) {
  RunningServer server({.read_timeout_seconds = 1});
  auto started = std::chrono::steady_clock::now();
  // Half a request line, then silence: the server must hang up on its own.
  std::string reply = RawExchange(server.Port(), "GET /hel", 5000);
  auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_LT(waited, std::chrono::milliseconds(4000));
  EXPECT_EQ(Fetch(server.Port(), "GET", "/hello/after").status, 200);  // Still serving.
}

TEST(ServerTest, GracefulShutdownFinishesRequestsInFlight) {
  RunningServer server({.shutdown_grace_seconds = 5});
  std::atomic<long> status{0};
  std::thread client([&] { status = Fetch(server.Port(), "GET", "/slow").status; });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  server.Stop();  // Returns once the slow request has been answered.
  client.join();
  EXPECT_EQ(status.load(), 200);
  EXPECT_EQ(Fetch(server.Port(), "GET", "/hello/late").status, 0);  // No longer accepting.
}

TEST(ServerTest, ReportsBindFailuresByAddress) {
  RunningServer first;
  Router router;
  HttpMetrics metrics(router);
  Result<std::unique_ptr<Server>> second =
      Server::Start({.port = first.Port()}, router, metrics, nullptr);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(second.error().message.find(std::to_string(first.Port())), std::string::npos);
  Result<std::unique_ptr<Server>> bad_host =
      Server::Start({.host = "not-an-ip", .port = 0}, router, metrics, nullptr);
  ASSERT_FALSE(bad_host);
  EXPECT_EQ(bad_host.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace roi::http
