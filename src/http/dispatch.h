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

// For a request to a streaming route (`match.stream` set), whose body has not been read: checks
// access exactly as Dispatch does, then starts the route's stream handler.  Returns the sink, or
// the response to send instead (a refusal, with the security headers).  Never throws.
StreamStart DispatchStreaming(const Router& router, const RouteMatch& match, HttpRequest& request);

// `sink.Append(bytes)`, with an escaped exception turned into Internal.  Never throws.
Status AppendStreaming(BodySink& sink, std::string_view bytes);
// `sink.Finish()` with the security headers added, an escaped exception turned into a 500.  Never
// throws.
HttpResponse FinishStreaming(BodySink& sink, bool tls);
// Adds the headers every response carries (Dispatch does this itself).
void AddSecurityHeaders(HttpResponse& response, bool tls);

}  // namespace roi::http
