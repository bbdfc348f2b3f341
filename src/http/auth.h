// Request authentication for handlers: the session cookie, the CSRF check on unsafe methods, and
// the per-client rate limit on sign-in.  Free of Boost.Beast.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "app/api_token_service.h"
#include "app/audit_trail.h"
#include "app/auth_service.h"
#include "app/clock.h"
#include "http/http_types.h"

namespace roi::http {

// The session cookie's name.
inline constexpr std::string_view kSessionCookie = "openroi_session";
// The header that must carry the session's CSRF token on unsafe requests.
inline constexpr std::string_view kCsrfHeader = "x-csrf-token";

// The value of cookie `name` in the request's Cookie headers, or "" when absent.
std::string_view CookieValue(const HttpRequest& request, std::string_view name);

// The caller of `request`.  With an `Authorization: Bearer <token>` header the API token alone
// decides (no cookie is involved, so no CSRF check; any session cookie is ignored): Unauthenticated
// when the token is not live or `tokens` is null.  Otherwise the session cookie: Unauthenticated
// without a valid session, PermissionDenied when the method is unsafe (anything but GET, HEAD,
// OPTIONS) and the X-CSRF-Token header does not match the session's CSRF token.
Result<Principal> Authenticate(const HttpRequest& request, AuthService& auth,
                               ApiTokenService* tokens = nullptr);

// Who makes `request`, for the audit trail: the principal's user and display name (or
// "anonymous") and the client's address.
AuditActor ActorOf(const HttpRequest& request);

// A Set-Cookie value for the session token (HttpOnly, SameSite=Strict, Path=/, and Secure when
// `secure`, i.e. served over TLS); an empty token with max_age 0 clears the cookie.
std::string SessionCookie(std::string_view token, std::int64_t max_age_seconds,
                          bool secure = false);

// Fixed-window rate limit per client key.  Thread-safe.  `clock` must outlive it.
class RateLimiter {
 public:
  // `refusal` is the message of a refused attempt.
  RateLimiter(const Clock& clock, int limit, std::int64_t window_micros,
              std::string refusal = "too many sign-in attempts; wait a minute")
      : clock_(clock), limit_(limit), window_micros_(window_micros), refusal_(std::move(refusal)) {}

  // Counts one attempt by `key`.  Returns ResourceExhausted (with the refusal message) when `key`
  // has already made `limit` attempts in the current window.
  Status Admit(const std::string& key);

 private:
  struct Window {
    std::int64_t start_micros = 0;
    int count = 0;
  };
  const Clock& clock_;
  const int limit_;
  const std::int64_t window_micros_;
  const std::string refusal_;
  std::mutex mu_;
  std::map<std::string, Window, std::less<>> windows_;  // Guarded by mu_.
};

}  // namespace roi::http
