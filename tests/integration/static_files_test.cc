// The web UI's files through a real server: raw request targets (which no client library would
// normalise first) must never reach a file outside the web root.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "http/api.h"
#include "http/server.h"
#include "integration/http_client.h"

namespace roi::http {
namespace {

namespace fs = std::filesystem;
using roi::testing::Fetch;
using roi::testing::RawExchange;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("openroi-static-it-" + std::to_string(::getpid()));
    fs::remove_all(base_);
    fs::create_directories(base_ / "dist" / "assets");
    std::ofstream(base_ / "dist" / "index.html") << "<!doctype html><title>ui</title>";
    std::ofstream(base_ / "dist" / "assets" / "app-1a2b.js") << "export {}";
    std::ofstream(base_ / "secret.txt") << "TOP-SECRET";
    fs::create_symlink(base_ / "secret.txt", base_ / "dist" / "assets" / "out.js");
    AddStaticRoutes(router_, (base_ / "dist").string());
    metrics_ = std::make_unique<HttpMetrics>(router_);
    Result<std::unique_ptr<Server>> started =
        Server::Start({.port = 0, .threads = 1}, router_, *metrics_, nullptr);
    ASSERT_TRUE(started) << started.error().ToString();
    server_ = std::move(started).value();
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    if (server_) server_->Shutdown();
    if (thread_.joinable()) thread_.join();
    fs::remove_all(base_);
  }

  std::string Raw(const std::string& target) {
    return RawExchange(server_->Port(),
                       "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 2000);
  }

  fs::path base_;
  Router router_;
  std::unique_ptr<HttpMetrics> metrics_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

TEST_F(StaticFilesTest, ServesTheUi) {
  roi::testing::ClientResponse index = Fetch(server_->Port(), "GET", "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_EQ(index.headers["cache-control"], "no-store");
  EXPECT_NE(index.headers["content-security-policy"].find("default-src 'self'"), std::string::npos);
  roi::testing::ClientResponse js = Fetch(server_->Port(), "GET", "/assets/app-1a2b.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.body, "export {}");
  EXPECT_EQ(js.headers["content-type"], "text/javascript; charset=utf-8");
  EXPECT_EQ(js.headers["cache-control"], "public, max-age=31536000, immutable");
}

TEST_F(StaticFilesTest, RawTraversalTargetsNeverLeaveTheRoot) {
  for (const char* target :
       {"/../secret.txt", "/assets/../../secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt",
        "/assets/%2e%2e%2f%2e%2e%2fsecret.txt", "/assets/..%2F..%2Fsecret.txt",
        "/assets/%2fetc%2fpasswd", "//etc/passwd", "/assets/out.js", "/assets/..",
        "/assets/..%5c..%5csecret.txt", "/secret.txt"}) {
    std::string reply = Raw(target);
    EXPECT_EQ(reply.find("TOP-SECRET"), std::string::npos) << target;
    EXPECT_TRUE(reply.find("HTTP/1.1 404") != std::string::npos ||
                reply.find("HTTP/1.1 400") != std::string::npos)
        << target << "\n"
        << reply;
  }
}

}  // namespace
}  // namespace roi::http
