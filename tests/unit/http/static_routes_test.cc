// The web UI's static files: served from the web root with the right type and caching, and
// nothing outside the root reachable, however the path is spelled.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "http/api.h"
#include "http/dispatch.h"

namespace roi::http {
namespace {

namespace fs = std::filesystem;

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string HeaderOf(const HttpResponse& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

class StaticRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("openroi-static-" + std::to_string(::getpid()));
    fs::remove_all(base_);
    root_ = base_ / "dist";
    Write(root_ / "index.html", "<!doctype html><title>OpenROI</title>");
    Write(root_ / "assets" / "index-Ab12_x.js", "console.log(1)");
    Write(root_ / "assets" / "index-Cd34.css", "body{}");
    Write(root_ / "assets" / "logo-9f.svg", "<svg/>");
    Write(root_ / "assets" / "data.bin", "raw");
    Write(root_ / "assets" / ".hidden.js", "hidden");
    Write(base_ / "secret.txt", "outside the root");
    Write(root_ / "notes" / "inside.txt", "inside but not an asset");
    fs::create_symlink(base_ / "secret.txt", root_ / "assets" / "escape.js");
    fs::create_symlink(root_ / "assets" / "index-Cd34.css", root_ / "assets" / "alias.css");
    fs::create_directory_symlink(base_, root_ / "assets" / "up");
    AddStaticRoutes(router_, root_.string());
  }
  void TearDown() override { fs::remove_all(base_); }

  // Runs `target` through the same steps as the server: parse, then dispatch.
  HttpResponse Get(const std::string& target) {
    HttpRequest request;
    request.method = "GET";
    request.target = target;
    if (!ParseTarget(target, request.path, request.query)) {
      return HttpResponse::Json(400, "malformed");
    }
    int route = -1;
    return Dispatch(router_, request, route);
  }

  fs::path base_;
  fs::path root_;
  Router router_;
};

TEST_F(StaticRoutesTest, ServesIndexUncached) {
  HttpResponse response = Get("/");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(response.body, "<!doctype html><title>OpenROI</title>");
  EXPECT_EQ(HeaderOf(response, "Cache-Control"), "no-store");
  EXPECT_NE(HeaderOf(response, "Content-Security-Policy").find("default-src 'self'"),
            std::string::npos);
  EXPECT_EQ(HeaderOf(response, "X-Content-Type-Options"), "nosniff");
}

TEST_F(StaticRoutesTest, ServesAssetsWithTypeAndLongCache) {
  HttpResponse js = Get("/assets/index-Ab12_x.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(js.body, "console.log(1)");
  EXPECT_EQ(HeaderOf(js, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(Get("/assets/index-Cd34.css").content_type, "text/css; charset=utf-8");
  EXPECT_EQ(Get("/assets/logo-9f.svg").content_type, "image/svg+xml");
  EXPECT_EQ(Get("/assets/data.bin").content_type, "application/octet-stream");
  // A symlink that stays inside the root is followed.
  EXPECT_EQ(Get("/assets/alias.css").body, "body{}");
}

TEST_F(StaticRoutesTest, ContentTypes) {
  EXPECT_EQ(StaticContentType("a.html"), "text/html; charset=utf-8");
  EXPECT_EQ(StaticContentType("a.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(StaticContentType("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(StaticContentType("a.woff2"), "font/woff2");
  EXPECT_EQ(StaticContentType("js"), "application/octet-stream");
  EXPECT_EQ(StaticContentType("a.exe"), "application/octet-stream");
}

TEST_F(StaticRoutesTest, NothingOutsideTheRootIsReachable) {
  for (const char* target : {
           "/../secret.txt",
           "/assets/../../secret.txt",
           "/assets/%2e%2e/%2e%2e/secret.txt",
           "/assets/%2E%2E%2F%2E%2E%2Fsecret.txt",
           "/assets/..%2f..%2fsecret.txt",
           "/assets/..",
           "/assets/%2e%2e",
           "/assets/.",
           "/assets//etc/passwd",
           "/assets/%2fetc%2fpasswd",
           "//etc/passwd",
           "/etc/passwd",
           "/assets/escape.js",
           "/assets/up/secret.txt",
           "/assets/up",
           "/assets/.hidden.js",
           "/assets/index-Ab12_x.js%00.png",
           "/assets/..%5csecret.txt",
           "/notes/inside.txt",
           "/index.html/",
           "/secret.txt",
       }) {
    HttpResponse response = Get(target);
    EXPECT_TRUE(response.status == 404 || response.status == 400 || response.status == 405)
        << target << " answered " << response.status;
    EXPECT_EQ(response.body.find("outside the root"), std::string::npos) << target;
    EXPECT_EQ(response.body.find("inside but not"), std::string::npos) << target;
  }
}

TEST_F(StaticRoutesTest, MissingBuildAnswersAClearNotFound) {
  Router router;
  AddStaticRoutes(router, (base_ / "no-such-dist").string());
  HttpRequest request;
  request.method = "GET";
  request.path = "/";
  int route = -1;
  HttpResponse response = Dispatch(router, request, route);
  EXPECT_EQ(response.status, 404);
  EXPECT_NE(response.body.find("web UI is not built"), std::string::npos);
}

}  // namespace
}  // namespace roi::http
