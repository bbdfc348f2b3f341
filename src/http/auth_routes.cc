// POST /api/v1/auth/login, POST /api/v1/auth/logout, GET /api/v1/auth/me.
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/auth.h"
#include "http/error_mapping.h"

namespace roi::http {
namespace {

using nlohmann::json;

json UserJson(const User& user) {
  return {{"id", user.id.value},
          {"email", user.email},
          {"display_name", user.display_name},
          {"role", std::string(RoleName(user.role))}};
}

json UserSchema() {
  json string = {{"type", "string"}};
  return {{"type", "object"},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"email", string},
            {"display_name", string},
            {"role", string}}}};
}

json SessionSchema() {
  return {{"type", "object"},
          {"properties", {{"user", UserSchema()}, {"csrf_token", {{"type", "string"}}}}}};
}

// The login body's fields, or InvalidArgument.
Result<LoginAttempt> ParseLogin(const HttpRequest& request) {
  json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return InvalidArgumentError("body must be a JSON object");
  }
  LoginAttempt attempt{.remote_address = request.remote_address};
  for (auto [name, field] :
       {std::pair{"organization", &attempt.organization}, std::pair{"email", &attempt.email},
        std::pair{"password", &attempt.password}}) {
    auto found = body.find(name);
    if (found == body.end() || !found->is_string()) {
      return InvalidArgumentError(std::string(name) + " must be a string");
    }
    *field = found->get<std::string>();
  }
  if (auto code = body.find("totp_code"); code != body.end()) {
    if (!code->is_string()) return InvalidArgumentError("totp_code must be a string");
    attempt.totp_code = code->get<std::string>();
  }
  return attempt;
}

void AddLogin(Router& router, AuthService& auth, RateLimiter& limiter) {
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/auth/login",
       .operation_id = "login",
       .summary = "Sign in. Sets the HttpOnly session cookie and returns the user and the CSRF "
                  "token to send as X-CSRF-Token on unsafe requests. Wrong, unknown and disabled "
                  "accounts get the same 401; 5 failures in a row lock the account for 15 "
                  "minutes; more than 10 attempts a minute from one client get 429. Users with "
                  "a second factor also send totp_code; without it the 401 has the detail "
                  "{path: totp_code, message: totp_required} (a wrong code: totp_invalid, counted "
                  "as a failure).",
       .tag = "auth",
       .request_schema = {{"type", "object"},
                          {"required", {"organization", "email", "password"}},
                          {"properties",
                           {{"organization", {{"type", "string"}}},
                            {"email", {{"type", "string"}}},
                            {"password", {{"type", "string"}}},
                            {"totp_code", {{"type", "string"}}}}}},
       .response_schema = SessionSchema(),
       .access = Access::Public()},
      [&auth, &limiter](const HttpRequest& request) {
        if (Status admitted = limiter.Admit(request.remote_address); !admitted) {
          return ErrorResponse(admitted.error());
        }
        Result<LoginAttempt> attempt = ParseLogin(request);
        if (!attempt) return ErrorResponse(attempt.error());
        Result<LoginResult> login = auth.Login(*attempt);
        if (!login) return ErrorResponse(login.error());
        // Session fixation: a session cookie sent with the sign-in (planted or stale) is never
        // kept; the new session always has a fresh token, and the old one is ended.
        if (std::string_view old = CookieValue(request, kSessionCookie); !old.empty()) {
          (void)auth.Logout(old, request.remote_address);
        }
        json body = {{"user", UserJson(login->user)}, {"csrf_token", login->csrf_token}};
        HttpResponse response = HttpResponse::Json(200, body.dump());
        response.headers.emplace_back(
            "Set-Cookie",
            SessionCookie(login->session_token, AuthService::kAbsoluteTimeoutMicros / 1'000'000,
                          request.tls));
        response.headers.emplace_back("Cache-Control", "no-store");
        return response;
      });
}

void AddLogout(Router& router, AuthService& auth) {
  router.Add({.method = "POST",
              .pattern = "/api/v1/auth/logout",
              .operation_id = "logout",
              .summary = "Sign out: ends the session and clears the cookie. Needs X-CSRF-Token.",
              .tag = "auth",
              .success_status = 204,
              .access = Access::SignedIn()},
             [&auth](const HttpRequest& request) {
               if (Status ended =
                       auth.Logout(CookieValue(request, kSessionCookie), request.remote_address);
                   !ended) {
                 return ErrorResponse(ended.error());
               }
               HttpResponse response = HttpResponse::Text(204, "", "text/plain");
               response.headers.emplace_back("Set-Cookie", SessionCookie("", 0, request.tls));
               return response;
             });
}

void AddMe(Router& router) {
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/auth/me",
       .operation_id = "me",
       .summary = "The signed-in user and the session's CSRF token; 401 without a session.",
       .tag = "auth",
       .response_schema = SessionSchema(),
       .access = Access::SignedIn()},
      [](const HttpRequest& request) {
        const Principal& principal = *request.principal;
        json body = {{"user", UserJson(principal.user)}, {"csrf_token", principal.csrf_token}};
        HttpResponse response = HttpResponse::Json(200, body.dump());
        response.headers.emplace_back("Cache-Control", "no-store");
        return response;
      });
}

}  // namespace

void AddAuthRoutes(Router& router, AuthService& auth, RateLimiter& login_limiter) {
  AddLogin(router, auth, login_limiter);
  AddLogout(router, auth);
  AddMe(router);
}

}  // namespace roi::http
