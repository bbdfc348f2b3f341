// Router: maps a method and path to a handler, and describes every route in the OpenAPI document,
// so the document grows with each endpoint registered.  Handlers hold no business rules: they
// translate JSON to use-case calls and back.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/http_types.h"

namespace roi::http {

using Handler = std::function<HttpResponse(const HttpRequest&)>;

// What the OpenAPI document says about one operation.  Schemas are JSON Schema objects (OpenAPI
// 3.1 uses JSON Schema 2020-12); empty objects mean "not described".
struct RouteSpec {
  std::string method;   // Upper-case, e.g. "GET".
  std::string pattern;  // "/api/v1/patients/{id}"; "{name}" matches one non-empty segment.
  std::string operation_id;
  std::string summary;
  std::string tag = "system";
  nlohmann::json request_schema = nlohmann::json::object();   // For a JSON request body.
  nlohmann::json response_schema = nlohmann::json::object();  // For the 2xx JSON response.
  int success_status = 200;
  std::string response_content_type = "application/json";
  std::vector<std::string> query_parameters;  // Names of documented query parameters.
};

// The outcome of Router::Match.
struct RouteMatch {
  const Handler* handler = nullptr;  // Null when nothing matched.
  int route_index = -1;              // Index for metrics; -1 when nothing matched.
  bool method_not_allowed = false;   // The path exists under another method.
};

// Service.  Not thread-safe while routes are being added; after that, Match() and OpenApi() may be
// called concurrently from any number of threads.
class Router {
 public:
  // Adds a route.  Returns false (and adds nothing) if the same method and pattern exist already.
  bool Add(RouteSpec spec, Handler handler);

  // Finds the handler for `request.method` and `request.path`, filling `request.path_params`.
  RouteMatch Match(HttpRequest& request) const;

  std::size_t RouteCount() const { return routes_.size(); }
  const RouteSpec& Spec(std::size_t index) const { return routes_[index].spec; }

  // The OpenAPI 3.1 document describing every route, the shared error schema included.
  nlohmann::json OpenApi(std::string_view version) const;

 private:
  struct Route {
    RouteSpec spec;
    std::vector<std::string> segments;  // Pattern split on '/'; "{x}" segments capture.
    Handler handler;
  };
  static bool MatchSegments(const Route& route, const std::vector<std::string_view>& parts,
                            HttpRequest* request);
  std::vector<Route> routes_;
};

}  // namespace roi::http
