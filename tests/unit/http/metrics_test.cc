#include "http/metrics.h"

#include <gtest/gtest.h>

namespace roi::http {
namespace {

TEST(HttpMetricsTest, CountsByRouteAndStatusClass) {
  Router router;
  ASSERT_TRUE(router.Add({.method = "GET", .pattern = "/healthz", .access = Access::Public()},
                         [](const HttpRequest&) { return HttpResponse{}; }));
  ASSERT_TRUE(
      router.Add({.method = "GET", .pattern = "/api/v1/patients/{id}", .access = Access::Public()},
                 [](const HttpRequest&) { return HttpResponse{}; }));
  HttpMetrics metrics(router);
  metrics.Record(0, 200, 300);
  metrics.Record(0, 200, 2000);
  metrics.Record(1, 404, 100);
  metrics.Record(-1, 404, 50);
  std::string text = metrics.Render("1.2.3");
  EXPECT_NE(text.find("openroi_build_info{version=\"1.2.3\"} 1"), std::string::npos);
  EXPECT_NE(text.find(R"(openroi_http_requests_total{method="GET",route="/healthz",code="2xx"} 2)"),
            std::string::npos);
  EXPECT_NE(
      text.find(
          R"(openroi_http_requests_total{method="GET",route="/api/v1/patients/{id}",code="4xx"} 1)"),
      std::string::npos);
  EXPECT_NE(text.find(R"(openroi_http_requests_total{method="",route="unmatched",code="4xx"} 1)"),
            std::string::npos);
  // 300 us falls in the 0.0005 s bucket; 2000 us in 0.0025.
  EXPECT_NE(
      text.find(
          R"(openroi_http_request_duration_seconds_bucket{method="GET",route="/healthz",le="0.0005"} 1)"),
      std::string::npos);
  EXPECT_NE(
      text.find(
          R"(openroi_http_request_duration_seconds_bucket{method="GET",route="/healthz",le="0.0025"} 2)"),
      std::string::npos);
  EXPECT_NE(
      text.find(R"(openroi_http_request_duration_seconds_count{method="GET",route="/healthz"} 2)"),
      std::string::npos);
}

TEST(HttpMetricsTest, TracksRequestsInFlight) {
  Router router;
  HttpMetrics metrics(router);
  metrics.RequestStarted();
  metrics.RequestStarted();
  metrics.RequestFinished();
  EXPECT_EQ(metrics.InFlight(), 1);
  EXPECT_NE(metrics.Render("v").find("openroi_http_in_flight 1"), std::string::npos);
}

}  // namespace
}  // namespace roi::http
