#include "http/dispatch.h"

#include <exception>
#include <nlohmann/json.hpp>
#include <optional>

#include "http/error_mapping.h"

namespace roi::http {
namespace {

bool HasHeader(const HttpResponse& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return true;
  }
  return false;
}

void AddDefault(HttpResponse& response, std::string name, std::string value) {
  if (!HasHeader(response, name)) response.headers.emplace_back(std::move(name), std::move(value));
}

}  // namespace

void AddSecurityHeaders(HttpResponse& response, bool tls) {
  // HSTS only over HTTPS: browsers ignore it on plain HTTP, and a plain-HTTP deployment (behind
  // a proxy that terminates TLS) sets it at the proxy.
  if (tls) AddDefault(response, "Strict-Transport-Security", "max-age=31536000");
  AddDefault(response, "X-Content-Type-Options", "nosniff");
  AddDefault(response, "X-Frame-Options", "DENY");
  AddDefault(response, "Referrer-Policy", "no-referrer");
  AddDefault(response, "Content-Security-Policy",
             "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  AddDefault(response, "Cache-Control", "no-store");
}

namespace {

// Tells the router's refusal recorder of a 403 to a signed-in caller, swallowing its failures.
void TellRefusal(const Router& router, int route_index, const Principal& caller,
                 std::string_view reason) {
  const RefusalRecorder& recorder = router.GetRefusalRecorder();
  if (!recorder || route_index < 0) return;
  try {
    recorder(caller, router.Spec(static_cast<std::size_t>(route_index)), reason);
  } catch (const std::exception&) {
    // Recording is best effort: the refusal stands either way.
  }
}

// The reason a handler gave for its 403: the first error detail's message when it has one (a
// code such as "break_glass_required"), else "refused by the handler".
std::string HandlerRefusalReason(const HttpResponse& response) {
  nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
  if (body.is_object() && body.contains("error") && body["error"].is_object()) {
    const nlohmann::json& details = body["error"].value("details", nlohmann::json::array());
    if (details.is_array() && !details.empty() && details[0].is_object() &&
        details[0].contains("message") && details[0]["message"].is_string()) {
      std::string reason = details[0]["message"].get<std::string>();
      if (reason.size() <= 100) return reason;
    }
  }
  return "refused by the handler";
}

// The router's per-client limit: the 429 (with Retry-After) to send, or nothing.
std::optional<HttpResponse> LimitClient(const Router& router, const HttpRequest& request) {
  const ClientLimiter& limit = router.GetClientLimiter();
  if (!limit) return std::nullopt;
  Status admitted = limit(request);
  if (admitted) return std::nullopt;
  HttpResponse refused = ErrorResponse(admitted.error());
  if (refused.status == 429) refused.headers.emplace_back("Retry-After", "60");
  return refused;
}

// Establishes and checks the caller for the matched route.  Returns the error response to send,
// or nothing when the handler may run (with `request.principal` set on non-public routes).  A
// signed-in caller refused for lack of permission is told to the refusal recorder.
std::optional<HttpResponse> CheckAccess(const Router& router, const Access& access,
                                        HttpRequest& request, int route_index) {
  request.principal.reset();
  if (access.kind == Access::Kind::kPublic) return std::nullopt;
  const Authenticator& authenticate = router.GetAuthenticator();
  if (!authenticate) return ErrorResponse(UnauthenticatedError("sign-in is not configured"));
  Result<Principal> principal = authenticate(request);
  if (!principal) return ErrorResponse(principal.error());
  if (access.kind == Access::Kind::kPermission && !principal->May(access.permission)) {
    std::string permission(PermissionName(access.permission));
    principal->remote_address = request.remote_address;
    if (!Allows(principal->user.role, access.permission)) {
      TellRefusal(router, route_index, *principal, "role lacks permission " + permission);
      return ErrorResponse(PermissionDeniedError(
          "the " + std::string(RoleName(principal->user.role)) + " role may not " + permission));
    }
    TellRefusal(router, route_index, *principal, "API token lacks scope " + permission);
    return ErrorResponse(
        PermissionDeniedError("this API token does not have the " + permission + " scope"));
  }
  request.principal = std::move(principal).value();
  request.principal->remote_address = request.remote_address;
  return std::nullopt;
}

}  // namespace

std::string FormatAccessRecord(const AccessRecord& record) {
  nlohmann::json line = {{"type", "access"},
                         {"method", record.method},
                         {"route", record.route},
                         {"status", record.status},
                         {"bytes", record.response_bytes},
                         {"duration_ms", static_cast<double>(record.micros) / 1000.0},
                         {"remote", record.remote_address},
                         {"request_id", record.request_id}};
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

HttpResponse Dispatch(const Router& router, HttpRequest& request, int& route_index) {
  RouteMatch match = router.Match(request);
  route_index = match.route_index;
  HttpResponse response;
  if (std::optional<HttpResponse> limited = LimitClient(router, request)) {
    response = std::move(*limited);
  } else if (match.handler == nullptr) {
    response = match.method_not_allowed
                   ? ErrorResponse(405, ErrorCode::kInvalidArgument, "method not allowed")
                   : ErrorResponse(404, ErrorCode::kNotFound, "no such endpoint");
  } else {
    try {
      std::optional<HttpResponse> refused =
          CheckAccess(router, *match.access, request, match.route_index);
      if (refused) {
        response = std::move(*refused);
      } else {
        response = (*match.handler)(request);
        if (response.status == 403 && request.principal) {
          TellRefusal(router, match.route_index, *request.principal,
                      HandlerRefusalReason(response));
        }
      }
    } catch (const std::exception&) {
      // The exception text may describe data; the request id is enough to find it in the logs.
      response = ErrorResponse(InternalError("unexpected exception"));
    }
  }
  AddSecurityHeaders(response, request.tls);
  return response;
}

StreamStart DispatchStreaming(const Router& router, const RouteMatch& match, HttpRequest& request) {
  StreamStart start;
  try {
    std::optional<HttpResponse> refused = LimitClient(router, request);
    if (!refused) refused = CheckAccess(router, *match.access, request, match.route_index);
    if (refused) {
      start.response = std::move(*refused);
    } else {
      start = (*match.stream)(request);
      if (!start.sink && !start.response) {
        start.response = ErrorResponse(InternalError("stream handler gave nothing"));
      }
    }
  } catch (const std::exception&) {
    start.sink.reset();
    start.response = ErrorResponse(InternalError("unexpected exception"));
  }
  if (start.response) {
    start.sink.reset();
    AddSecurityHeaders(*start.response, request.tls);
  }
  return start;
}

Status AppendStreaming(BodySink& sink, std::string_view bytes) {
  try {
    return sink.Append(bytes);
  } catch (const std::exception&) {
    return InternalError("unexpected exception");
  }
}

HttpResponse FinishStreaming(BodySink& sink, bool tls) {
  HttpResponse response;
  try {
    response = sink.Finish();
  } catch (const std::exception&) {
    response = ErrorResponse(InternalError("unexpected exception"));
  }
  AddSecurityHeaders(response, tls);
  return response;
}

}  // namespace roi::http
