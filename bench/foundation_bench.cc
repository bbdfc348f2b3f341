// Micro-benchmarks of the foundation's hot paths: date arithmetic for deadlines, routing, and
// error bodies.
#include <benchmark/benchmark.h>

#include "base/date.h"
#include "base/money.h"
#include "http/dispatch.h"
#include "http/error_mapping.h"
#include "http/router.h"

namespace {

void BM_DateParse(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(roi::Date::Parse("2026-03-02"));
}
BENCHMARK(BM_DateParse);

void BM_AddBusinessDays15(benchmark::State& state) {
  roi::Date start = *roi::Date::Parse("2026-12-15");
  for (auto _ : state) benchmark::DoNotOptimize(start.AddBusinessDays(15));
}
BENCHMARK(BM_AddBusinessDays15);

void BM_MoneyParse(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(roi::Money::Parse("$1,234.50"));
}
BENCHMARK(BM_MoneyParse);

roi::http::Router BenchRouter() {
  roi::http::Router router;
  const char* patterns[] = {"/healthz",
                            "/readyz",
                            "/metrics",
                            "/api/v1/version",
                            "/api/v1/openapi.json",
                            "/api/v1/patients",
                            "/api/v1/patients/{id}",
                            "/api/v1/requests",
                            "/api/v1/requests/{id}",
                            "/api/v1/requests/{id}/decision"};
  for (const char* pattern : patterns) {
    router.Add(
        {.method = "GET", .pattern = pattern, .access = roi::http::Access::Public()},
        [](const roi::http::HttpRequest&) { return roi::http::HttpResponse::Json(200, "{}"); });
  }
  return router;
}

void BM_RouteAndDispatch(benchmark::State& state) {
  roi::http::Router router = BenchRouter();
  for (auto _ : state) {
    roi::http::HttpRequest request;
    request.method = "GET";
    request.path = "/api/v1/requests/12345/decision";
    int route = 0;
    benchmark::DoNotOptimize(roi::http::Dispatch(router, request, route));
  }
}
BENCHMARK(BM_RouteAndDispatch);

void BM_ErrorBody(benchmark::State& state) {
  roi::Error error = roi::InvalidArgumentError("case is invalid");
  error.details.push_back({"/documents/3/kind", "unknown value \"xray\""});
  for (auto _ : state) benchmark::DoNotOptimize(roi::http::ErrorResponse(error));
}
BENCHMARK(BM_ErrorBody);

}  // namespace
