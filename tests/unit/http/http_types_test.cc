#include "http/http_types.h"

#include <gtest/gtest.h>

namespace roi::http {
namespace {

TEST(ParseTargetTest, SplitsPathAndDecodesQuery) {
  std::string path;
  std::multimap<std::string, std::string> query;
  ASSERT_TRUE(ParseTarget("/api/v1/patients?family=O%27Neil&page=2&flag&name=a+b", path, query));
  EXPECT_EQ(path, "/api/v1/patients");
  EXPECT_EQ(query.find("family")->second, "O'Neil");
  EXPECT_EQ(query.find("page")->second, "2");
  EXPECT_EQ(query.find("flag")->second, "");
  EXPECT_EQ(query.find("name")->second, "a b");
}

TEST(ParseTargetTest, DecodesPathButKeepsPlus) {
  std::string path;
  std::multimap<std::string, std::string> query;
  ASSERT_TRUE(ParseTarget("/files/a%20b+c", path, query));
  EXPECT_EQ(path, "/files/a b+c");
  EXPECT_TRUE(query.empty());
}

TEST(ParseTargetTest, RejectsMalformedTargets) {
  std::string path;
  std::multimap<std::string, std::string> query;
  for (const char* target :
       {"", "relative/path", "/a%", "/a%2", "/a%zz", "/a%00b", "/x?k=%G1", "http://host/abs"}) {
    EXPECT_FALSE(ParseTarget(target, path, query)) << target;
  }
}

TEST(HttpRequestTest, HeaderAndQueryLookups) {
  HttpRequest request;
  request.headers.emplace("x-request-id", "abc");
  request.query.emplace("q", "1");
  EXPECT_EQ(request.Header("x-request-id"), "abc");
  EXPECT_EQ(request.Header("missing"), "");
  EXPECT_EQ(request.Query("q"), "1");
  EXPECT_EQ(request.Query("nope"), "");
}

}  // namespace
}  // namespace roi::http
