#include "http/auth.h"

#include <iterator>

#include "base/ascii.h"

namespace roi::http {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool IsSafeMethod(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

// Bounds the limiter's memory: windows that ended are dropped once this many keys are held.
constexpr std::size_t kMaxTrackedKeys = 10'000;

}  // namespace

std::string_view CookieValue(const HttpRequest& request, std::string_view name) {
  auto [begin, end] = request.headers.equal_range("cookie");
  for (auto it = begin; it != end; ++it) {
    std::string_view rest = it->second;
    while (!rest.empty()) {
      std::size_t semicolon = rest.find(';');
      std::string_view pair = Trim(rest.substr(0, semicolon));
      rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
      std::size_t equals = pair.find('=');
      if (equals != std::string_view::npos && Trim(pair.substr(0, equals)) == name) {
        return Trim(pair.substr(equals + 1));
      }
    }
  }
  return {};
}

Result<Principal> Authenticate(const HttpRequest& request, AuthService& auth,
                               ApiTokenService* tokens) {
  if (request.headers.contains("authorization")) {
    std::string_view authorization = Trim(request.Header("authorization"));
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization.size() <= kBearer.size() ||
        AsciiLower(authorization.substr(0, kBearer.size())) != "bearer ") {
      return UnauthenticatedError("the Authorization header must be \"Bearer <API token>\"");
    }
    if (tokens == nullptr) return UnauthenticatedError("API tokens are not enabled");
    return tokens->Authenticate(Trim(authorization.substr(kBearer.size())));
  }
  std::string_view token = CookieValue(request, kSessionCookie);
  if (token.empty()) return UnauthenticatedError("sign in first");
  Result<Principal> principal = auth.Authenticate(token);
  if (!principal) return principal;
  if (!IsSafeMethod(request.method)) {
    std::string_view csrf = request.Header(kCsrfHeader);
    if (csrf.empty() || csrf != principal->csrf_token) {
      return PermissionDeniedError("missing or wrong X-CSRF-Token header");
    }
  }
  return principal;
}

AuditActor ActorOf(const HttpRequest& request) {
  if (!request.principal) {
    return AuditActor{.id = {}, .label = "anonymous", .remote_address = request.remote_address};
  }
  AuditActor actor = roi::ActorOf(*request.principal);
  actor.remote_address = request.remote_address;
  return actor;
}

std::string SessionCookie(std::string_view token, std::int64_t max_age_seconds, bool secure) {
  return std::string(kSessionCookie) + "=" + std::string(token) +
         "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" + std::to_string(max_age_seconds) +
         (secure ? "; Secure" : "");
}

Status RateLimiter::Admit(const std::string& key) {
  std::int64_t now = clock_.NowMicros();
  std::lock_guard<std::mutex> lock(mu_);
  if (windows_.size() >= kMaxTrackedKeys) {
    std::erase_if(windows_, [&](const auto& entry) {
      return now - entry.second.start_micros >= window_micros_;
    });
  }
  Window& window = windows_[key];
  if (now - window.start_micros >= window_micros_) window = Window{.start_micros = now, .count = 0};
  if (window.count >= limit_) {
    return ResourceExhaustedError(refusal_);
  }
  ++window.count;
  return OkStatus();
}

}  // namespace roi::http
