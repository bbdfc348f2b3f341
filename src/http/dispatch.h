// Dispatch: runs one request through the router, turning a miss into 404/405, an escaped exception
// into a logged-by-id 500, and adding the security headers every response carries.  Free of Beast.
#pragma once

#include <cstdint>
#include <string>

#include "http/http_types.h"
#include "http/router.h"

namespace roi::http {

// One line of the access log.  Holds no PHI: the route pattern, never the raw path or query.
struct AccessRecord {
  std::string method;
  std::string route;  // Pattern, or "unmatched".
  int status = 0;
  std::size_t response_bytes = 0;
  std::int64_t micros = 0;
  std::string remote_address;
  std::string request_id;
};

// The JSON line for `record`, e.g. {"type":"access","method":"GET","route":"/healthz",...}.
std::string FormatAccessRecord(const AccessRecord& record);

// Answers `request`; never throws.  Sets `route_index` to the matched route or -1.
HttpResponse Dispatch(const Router& router, HttpRequest& request, int& route_index);

}  // namespace roi::http
