// HttpRequest / HttpResponse: the server's view of one exchange, free of Boost.Beast types so that
// routes and handlers compile without the heavy headers (only server.cc sees Beast).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/auth_service.h"

namespace roi::http {

// Value type.  Header names are stored lower-case.
struct HttpRequest {
  std::string method;                               // "GET", "POST", ...
  std::string target;                               // As received: path plus query.
  std::string path;                                 // Percent-decoded path without the query.
  std::multimap<std::string, std::string> query;    // Decoded query parameters.
  std::multimap<std::string, std::string> headers;  // Lower-case names.
  std::map<std::string, std::string, std::less<>> path_params;  // From "{name}" route segments.
  std::string body;
  std::string remote_address;
  std::string request_id;  // Echoed as X-Request-Id.
  bool tls = false;        // Arrived over HTTPS: responses get HSTS, cookies get Secure.
  // The caller, set by Dispatch before a non-public route's handler runs; empty on public routes.
  std::optional<Principal> principal;

  // The first value of header `name` (lower-case), or "" when absent.
  std::string_view Header(std::string_view name) const;
  // The first value of query parameter `name`, or "" when absent.
  std::string_view Query(std::string_view name) const;
};

// Value type.
struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // Extra headers.
  std::string body;

  static HttpResponse Json(int status, std::string body);
  static HttpResponse Text(int status, std::string body, std::string content_type);
};

// Splits a request target into its decoded path and query parameters.  Returns false (and leaves
// the outputs empty) for a malformed percent-escape or a path that does not start with '/'.
bool ParseTarget(std::string_view target, std::string& path,
                 std::multimap<std::string, std::string>& query);

}  // namespace roi::http
