// POST /api/v1/auth/tokens, GET /api/v1/auth/tokens, DELETE /api/v1/auth/tokens/{id}.
#include <charconv>
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/error_mapping.h"

namespace roi::http {
namespace {

using nlohmann::json;

json TokenJson(const ApiToken& token) {
  json scopes = json::array();
  for (Permission scope : token.scopes) scopes.push_back(std::string(PermissionName(scope)));
  auto optional_time = [](std::int64_t micros) { return micros == 0 ? json() : json(micros); };
  return {{"id", token.id.value},
          {"user_id", token.user_id.value},
          {"name", token.name},
          {"scopes", scopes},
          {"created_micros", token.created_micros},
          {"expires_micros", token.expires_micros},
          {"last_used_micros", optional_time(token.last_used_micros)},
          {"revoked_micros", optional_time(token.revoked_micros)}};
}

json TokenSchema() {
  json integer = {{"type", "integer"}};
  json nullable = {{"type", json::array({"integer", "null"})}};
  return {{"type", "object"},
          {"properties",
           {{"id", integer},
            {"user_id", integer},
            {"name", {{"type", "string"}}},
            {"scopes", {{"type", "array"}, {"items", {{"type", "string"}}}}},
            {"created_micros", integer},
            {"expires_micros", integer},
            {"last_used_micros", nullable},
            {"revoked_micros", nullable}}}};
}

Result<NewApiToken> ParseNewToken(const std::string& text) {
  json body = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return InvalidArgumentError("body must be a JSON object");
  }
  NewApiToken request;
  auto name = body.find("name");
  if (name == body.end() || !name->is_string())
    return InvalidArgumentError("name must be a string");
  request.name = name->get<std::string>();
  auto scopes = body.find("scopes");
  if (scopes == body.end() || !scopes->is_array()) {
    return InvalidArgumentError("scopes must be an array of permission names");
  }
  for (const json& scope : *scopes) {
    if (!scope.is_string()) return InvalidArgumentError("scopes must be an array of strings");
    Result<Permission> permission = ParsePermission(scope.get<std::string>());
    if (!permission) return InvalidArgumentError("scopes: unknown permission");
    request.scopes.push_back(*permission);
  }
  auto days = body.find("expires_in_days");
  if (days == body.end() || !days->is_number_integer()) {
    return InvalidArgumentError("expires_in_days must be an integer");
  }
  std::int64_t value = days->get<std::int64_t>();
  if (value < 1 || value > ApiTokenService::kMaxLifetimeDays) {
    return InvalidArgumentError("expires_in_days must be 1 to " +
                                std::to_string(ApiTokenService::kMaxLifetimeDays));
  }
  request.expires_in_days = static_cast<int>(value);
  return request;
}

}  // namespace

Result<std::int64_t> PathId(const HttpRequest& request, std::string_view name) {
  auto found = request.path_params.find(name);
  if (found == request.path_params.end()) return InvalidArgumentError("missing id");
  const std::string& text = found->second;
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) {
    return InvalidArgumentError(std::string(name) + " must be a positive integer");
  }
  return id;
}

void AddTokenRoutes(Router& router, ApiTokenService& tokens) {
  json permission_names = json::array();
  for (Permission permission : kAllPermissions) {
    permission_names.push_back(std::string(PermissionName(permission)));
  }
  json created_schema = TokenSchema();
  created_schema["properties"]["token"] = {{"type", "string"}};
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/auth/tokens",
       .operation_id = "createApiToken",
       .summary = "Create an API token for yourself. The token (\"oroi_...\") is in the response "
                  "once and never again; send it as \"Authorization: Bearer <token>\". Its scopes "
                  "must be permissions of your role; it expires after expires_in_days (at most "
                  "366). Needs a session (an API token cannot create tokens).",
       .tag = "auth",
       .request_schema =
           {{"type", "object"},
            {"required", {"name", "scopes", "expires_in_days"}},
            {"properties",
             {{"name", {{"type", "string"}}},
              {"scopes",
               {{"type", "array"}, {"items", {{"type", "string"}, {"enum", permission_names}}}}},
              {"expires_in_days", {{"type", "integer"}, {"minimum", 1}, {"maximum", 366}}}}}},
       .response_schema = created_schema,
       .success_status = 201,
       .access = Access::SignedIn()},
      [&tokens](const HttpRequest& request) {
        Result<NewApiToken> parsed = ParseNewToken(request.body);
        if (!parsed) return ErrorResponse(parsed.error());
        Result<CreatedApiToken> created = tokens.Create(*request.principal, *parsed);
        if (!created) return ErrorResponse(created.error());
        json body = TokenJson(created->token);
        body["token"] = created->secret;
        return HttpResponse::Json(201, body.dump());
      });
  router.Add({.method = "GET",
              .pattern = "/api/v1/auth/tokens",
              .operation_id = "listApiTokens",
              .summary = "Your API tokens (never their secrets), revoked and expired included.",
              .tag = "auth",
              .response_schema = {{"type", "object"},
                                  {"properties",
                                   {{"tokens", {{"type", "array"}, {"items", TokenSchema()}}}}}},
              .access = Access::SignedIn()},
             [&tokens](const HttpRequest& request) {
               Result<std::vector<ApiToken>> listed = tokens.ListOwn(*request.principal);
               if (!listed) return ErrorResponse(listed.error());
               json list = json::array();
               for (const ApiToken& token : *listed) list.push_back(TokenJson(token));
               return HttpResponse::Json(200, json{{"tokens", list}}.dump());
             });
  router.Add({.method = "DELETE",
              .pattern = "/api/v1/auth/tokens/{id}",
              .operation_id = "revokeApiToken",
              .summary = "Revoke an API token: your own, or (administrators) any of your "
                         "organization's. Other tokens are 404.",
              .tag = "auth",
              .success_status = 204,
              .access = Access::SignedIn()},
             [&tokens](const HttpRequest& request) {
               Result<std::int64_t> id = PathId(request, "id");
               if (!id) return ErrorResponse(id.error());
               if (Status revoked = tokens.Revoke(*request.principal, ApiTokenId(*id)); !revoked) {
                 return ErrorResponse(revoked.error());
               }
               return HttpResponse::Text(204, "", "text/plain");
             });
}

}  // namespace roi::http
