// /healthz, /readyz, /metrics, /api/v1/version, /api/v1/openapi.json.
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/error_mapping.h"

namespace roi::http {
namespace {

using nlohmann::json;

json StatusSchema() {
  return {{"type", "object"}, {"properties", {{"status", {{"type", "string"}}}}}};
}

void AddHealth(Router& router) {
  router.Add({.method = "GET",
              .pattern = "/healthz",
              .operation_id = "healthz",
              .summary = "Liveness: the process answers.",
              .response_schema = StatusSchema(),
              .access = Access::Public()},
             [](const HttpRequest&) { return HttpResponse::Json(200, R"({"status":"ok"})"); });
}

void AddReady(Router& router, Store& store) {
  router.Add({.method = "GET",
              .pattern = "/readyz",
              .operation_id = "readyz",
              .summary = "Readiness: the database answers and its schema is migrated.",
              .response_schema = StatusSchema(),
              .access = Access::Public()},
             [&store](const HttpRequest&) {
               if (Status ping = store.Ping(); !ping) {
                 return ErrorResponse(503, ErrorCode::kUnavailable, "database unavailable");
               }
               Result<int> version = store.SchemaVersion();
               if (!version || *version == 0) {
                 return ErrorResponse(503, ErrorCode::kUnavailable, "database not migrated");
               }
               json body = {{"status", "ready"},
                            {"database", std::string(store.Kind())},
                            {"schema_version", *version}};
               return HttpResponse::Json(200, body.dump());
             });
}

void AddMetrics(Router& router, const std::string& version,
                const std::unique_ptr<HttpMetrics>& metrics) {
  router.Add({.method = "GET",
              .pattern = "/metrics",
              .operation_id = "metrics",
              .summary = "Prometheus metrics (text exposition format 0.0.4).",
              .response_schema = {{"type", "string"}},
              .response_content_type = "text/plain; version=0.0.4",
              .access = Access::Public()},
             [&metrics, version](const HttpRequest&) {
               return HttpResponse::Text(200, metrics->Render(version),
                                         "text/plain; version=0.0.4; charset=utf-8");
             });
}

void AddVersion(Router& router, Store& store, const std::string& version) {
  json body = {{"name", "openroi"},
               {"version", version},
               {"api", "v1"},
               {"database", std::string(store.Kind())}};
  std::string text = body.dump();
  router.Add({.method = "GET",
              .pattern = "/api/v1/version",
              .operation_id = "getVersion",
              .summary = "The server's name, version, API level and database kind.",
              .response_schema = {{"type", "object"},
                                  {"properties",
                                   {{"name", {{"type", "string"}}},
                                    {"version", {{"type", "string"}}},
                                    {"api", {{"type", "string"}}},
                                    {"database", {{"type", "string"}}}}}},
              .access = Access::Public()},
             [text](const HttpRequest&) { return HttpResponse::Json(200, text); });
}

void AddOpenApi(Router& router, const std::string& version) {
  // The document is built on first use, after every route has been registered.
  auto cached = std::make_shared<std::string>();
  auto once = std::make_shared<std::once_flag>();
  router.Add({.method = "GET",
              .pattern = "/api/v1/openapi.json",
              .operation_id = "getOpenApi",
              .summary = "This OpenAPI 3.1 document.",
              .response_schema = {{"type", "object"}},
              .access = Access::Public()},
             [&router, version, cached, once](const HttpRequest&) {
               std::call_once(*once, [&] { *cached = router.OpenApi(version).dump(); });
               return HttpResponse::Json(200, *cached);
             });
}

}  // namespace

void AddSystemRoutes(Router& router, Store& store, const std::string& version,
                     const std::unique_ptr<HttpMetrics>& metrics) {
  AddHealth(router);
  AddReady(router, store);
  AddMetrics(router, version, metrics);
  AddVersion(router, store, version);
  AddOpenApi(router, version);
}

}  // namespace roi::http
