// The second factor: POST /api/v1/auth/totp (enrol), /api/v1/auth/totp/confirm,
// /api/v1/auth/totp/disable (own, with a code) and DELETE /api/v1/users/{id}/totp (administrators).
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/error_mapping.h"

namespace roi::http {
namespace {

using nlohmann::json;

// The "code" string of the body, or InvalidArgument.
Result<std::string> ParseCode(const std::string& text) {
  json body = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return InvalidArgumentError("body must be a JSON object");
  }
  auto code = body.find("code");
  if (code == body.end() || !code->is_string())
    return InvalidArgumentError("code must be a string");
  return code->get<std::string>();
}

HttpResponse NoContent(const Status& status) {
  if (!status) return ErrorResponse(status.error());
  return HttpResponse::Text(204, "", "text/plain");
}

json CodeBody() {
  return {{"type", "object"},
          {"required", {"code"}},
          {"properties", {{"code", {{"type", "string"}, {"pattern", "^[0-9]{6}$"}}}}}};
}

}  // namespace

void AddTotpRoutes(Router& router, TotpService& totp) {
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/auth/totp",
       .operation_id = "enrolTotp",
       .summary = "Start turning on the second factor: returns a new secret (base32) and "
                  "its otpauth:// URI for an authenticator app, shown only now. Sign-in "
                  "asks for codes once confirmed. 409 when already on.",
       .tag = "auth",
       .response_schema = {{"type", "object"},
                           {"properties",
                            {{"secret", {{"type", "string"}}}, {"uri", {{"type", "string"}}}}}},
       .access = Access::SignedIn()},
      [&totp](const HttpRequest& request) {
        Result<TotpEnrolment> enrolment = totp.Enrol(*request.principal);
        if (!enrolment) return ErrorResponse(enrolment.error());
        json body = {{"secret", enrolment->secret_base32}, {"uri", enrolment->uri}};
        return HttpResponse::Json(200, body.dump());
      });
  router.Add({.method = "POST",
              .pattern = "/api/v1/auth/totp/confirm",
              .operation_id = "confirmTotp",
              .summary = "Turn the second factor on with a current code from the app.",
              .tag = "auth",
              .request_schema = CodeBody(),
              .success_status = 204,
              .access = Access::SignedIn()},
             [&totp](const HttpRequest& request) {
               Result<std::string> code = ParseCode(request.body);
               if (!code) return ErrorResponse(code.error());
               return NoContent(totp.Confirm(*request.principal, *code));
             });
  router.Add({.method = "POST",
              .pattern = "/api/v1/auth/totp/disable",
              .operation_id = "disableTotp",
              .summary = "Turn your own second factor off, with a current code.",
              .tag = "auth",
              .request_schema = CodeBody(),
              .success_status = 204,
              .access = Access::SignedIn()},
             [&totp](const HttpRequest& request) {
               Result<std::string> code = ParseCode(request.body);
               if (!code) return ErrorResponse(code.error());
               const Principal& caller = *request.principal;
               return NoContent(totp.Disable(caller, caller.user.id, *code));
             });
  router.Add({.method = "DELETE",
              .pattern = "/api/v1/users/{id}/totp",
              .operation_id = "resetUserTotp",
              .summary = "Turn a user's second factor off (administrators), e.g. after a lost "
                         "phone. 404 when the user has none.",
              .tag = "users",
              .success_status = 204,
              .access = Access::Permission(Permission::kManageUsers)},
             [&totp](const HttpRequest& request) {
               Result<std::int64_t> id = PathId(request, "id");
               if (!id) return ErrorResponse(id.error());
               return NoContent(totp.Disable(*request.principal, UserId(*id), ""));
             });
}

}  // namespace roi::http
