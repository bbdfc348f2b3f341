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

#include "app/auth_service.h"
#include "app/permissions.h"
#include "base/result.h"
#include "http/http_types.h"

namespace roi::http {

using Handler = std::function<HttpResponse(const HttpRequest&)>;

// Takes a request body piece by piece, for routes whose bodies may be larger than the server's
// body limit (the server reads them incrementally; see Router::AddStreaming).  Not thread-safe.
class BodySink {
 public:
  virtual ~BodySink() = default;
  // The next piece of the body.  An error ends the exchange: it is answered, the rest of the body
  // is not read, and the connection is closed.
  virtual Status Append(std::string_view bytes) = 0;
  // The whole body arrived; the response to send.
  virtual HttpResponse Finish() = 0;
};

// What starting a streamed exchange gives: the sink for the body, or the response to send at once
// (a refusal).  Exactly one is set.
struct StreamStart {
  std::unique_ptr<BodySink> sink;
  std::optional<HttpResponse> response;
};

// Starts a streamed exchange from the request line and headers (`request.body` is empty).
using StreamHandler = std::function<StreamStart(const HttpRequest&)>;

// Establishes the caller of a request (session cookie and CSRF check, or an API token), or
// returns Unauthenticated / PermissionDenied.
using Authenticator = std::function<Result<Principal>(const HttpRequest&)>;

// Admits or refuses a request by its client before anything else (ResourceExhausted: 429 with
// Retry-After).  Must be thread-safe.
using ClientLimiter = std::function<Status(const HttpRequest&)>;

struct RouteSpec;

// Told of every 403 given to a signed-in caller: by the dispatcher (the role or the token's scopes
// lack the route's permission) or by the handler (e.g. break_glass_required).  `reason` is short
// and free of PHI.  Must not throw; its own failures must not change the response.
using RefusalRecorder =
    std::function<void(const Principal& caller, const RouteSpec& route, std::string_view reason)>;

// Who may call a route.  Checked by Dispatch before the handler runs, so a handler of a protected
// route always finds `request.principal` set and allowed.  Value type.
struct Access {
  enum class Kind {
    kPublic,      // Anyone, signed in or not (health checks, sign-in, the API document).
    kSignedIn,    // Any signed-in user, whatever the role.
    kPermission,  // A signed-in user whose role has `permission`.
  };
  Kind kind = Kind::kPermission;
  roi::Permission permission = roi::Permission::kManageUsers;

  static Access Public() { return {Kind::kPublic, roi::Permission::kManageUsers}; }
  static Access SignedIn() { return {Kind::kSignedIn, roi::Permission::kManageUsers}; }
  static Access Permission(roi::Permission needed) { return {Kind::kPermission, needed}; }
};

// What the OpenAPI document says about one operation.  Schemas are JSON Schema objects (OpenAPI
// 3.1 uses JSON Schema 2020-12); empty objects mean "not described".
struct RouteSpec {
  std::string method;  // Upper-case, e.g. "GET".
  // "/api/v1/patients/{id}"; "{name}" matches one non-empty segment, "{name}.pdf" one that ends
  // in ".pdf" after at least one character (the capture is what precedes the suffix).
  std::string pattern;
  std::string operation_id;
  std::string summary;
  std::string tag = "system";
  nlohmann::json request_schema = nlohmann::json::object();   // For a JSON request body.
  nlohmann::json response_schema = nlohmann::json::object();  // For the 2xx JSON response.
  int success_status = 200;
  std::string response_content_type = "application/json";
  std::vector<std::string> query_parameters;  // Names of documented query parameters.
  // Required: Router::Add refuses a route that does not say who may call it.
  std::optional<Access> access;
};

// The outcome of Router::Match.
struct RouteMatch {
  const Handler* handler = nullptr;  // Null when nothing matched.
  // Set for a route added with AddStreaming (its `handler` then feeds a buffered body to it).
  const StreamHandler* stream = nullptr;
  const Access* access = nullptr;   // The matched route's access rule; null when nothing matched.
  int route_index = -1;             // Index for metrics; -1 when nothing matched.
  bool method_not_allowed = false;  // The path exists under another method.
};

// Service.  Not thread-safe while routes are being added; after that, Match() and OpenApi() may be
// called concurrently from any number of threads.
class Router {
 public:
  // Adds a route.  Returns false (and adds nothing) if the same method and pattern exist already.
  // Aborts if `spec.access` is unset: every route must say who may call it.
  bool Add(RouteSpec spec, Handler handler);
  // Adds a route whose body the server streams to the sink `handler` starts, within
  // ServerOptions::max_stream_body_bytes instead of max_body_bytes.  Dispatch of a request whose
  // body is already read (tests, the access matrix) feeds that body to the same sink.
  bool AddStreaming(RouteSpec spec, StreamHandler handler);

  // Sets how Dispatch establishes the caller of a non-public route.  Without one, every
  // non-public route answers 401.
  void SetAuthenticator(Authenticator authenticator) { authenticator_ = std::move(authenticator); }
  const Authenticator& GetAuthenticator() const { return authenticator_; }

  // Sets what Dispatch tells of refusals of signed-in callers (none by default).
  void SetRefusalRecorder(RefusalRecorder recorder) { refusal_recorder_ = std::move(recorder); }
  const RefusalRecorder& GetRefusalRecorder() const { return refusal_recorder_; }

  // Sets the per-client limit Dispatch applies to every matched route (none by default).
  void SetClientLimiter(ClientLimiter limiter) { client_limiter_ = std::move(limiter); }
  const ClientLimiter& GetClientLimiter() const { return client_limiter_; }

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
    std::shared_ptr<const StreamHandler> stream;  // Null unless added with AddStreaming.
  };
  static bool MatchSegments(const Route& route, const std::vector<std::string_view>& parts,
                            HttpRequest* request);
  std::vector<Route> routes_;
  Authenticator authenticator_;
  RefusalRecorder refusal_recorder_;
  ClientLimiter client_limiter_;
};

}  // namespace roi::http
