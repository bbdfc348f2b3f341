// Administrator user management (Permission::kManageUsers), within the caller's organization:
// GET/POST /api/v1/users, PATCH /api/v1/users/{id}, POST /api/v1/users/{id}/password and
// POST /api/v1/users/{id}/disable.
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/auth.h"
#include "http/error_mapping.h"
#include "http/request_json.h"

namespace roi::http {
namespace {

using nlohmann::json;

json OptionalDate(const std::optional<Date>& date) {
  return date ? json(date->ToString()) : json();
}

json AdminUserJson(const User& user, std::int64_t now_micros) {
  return {{"id", user.id.value},
          {"email", user.email},
          {"display_name", user.display_name},
          {"role", std::string(RoleName(user.role))},
          {"disabled", user.disabled},
          {"locked", user.locked_until_micros > now_micros},
          {"release_authorized", user.release_authorized},
          {"training_attested_on", OptionalDate(user.training_attested_on)},
          {"training_expires_on", OptionalDate(user.training_expires_on)},
          {"version", user.version}};
}

json AdminUserSchema() {
  json string = {{"type", "string"}};
  json date = {{"type", json::array({"string", "null"})}, {"format", "date"}};
  json boolean = {{"type", "boolean"}};
  return {{"type", "object"},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"email", string},
            {"display_name", string},
            {"role", string},
            {"disabled", boolean},
            {"locked", boolean},
            {"release_authorized", boolean},
            {"training_attested_on", date},
            {"training_expires_on", date},
            {"version", {{"type", "integer"}}}}}};
}

Result<std::string> StringField(const json& body, const char* name) {
  auto found = body.find(name);
  if (found == body.end() || !found->is_string()) {
    return InvalidArgumentError(std::string(name) + " must be a string");
  }
  return found->get<std::string>();
}

// A date field that may be null; InvalidArgument for anything else.
Result<std::optional<Date>> DateField(const json& value, const char* name) {
  if (value.is_null()) return std::optional<Date>();
  if (!value.is_string())
    return InvalidArgumentError(std::string(name) + " must be a date or null");
  Result<Date> date = Date::Parse(value.get<std::string>());
  if (!date) return InvalidArgumentError(std::string(name) + " must be YYYY-MM-DD");
  return std::optional<Date>(*date);
}

Result<UserChanges> ParseChanges(const json& body) {
  UserChanges changes;
  for (const auto& [key, value] : body.items()) {
    if (key == "role") {
      if (!value.is_string()) return InvalidArgumentError("role must be a string");
      Result<Role> role = ParseRole(value.get<std::string>());
      if (!role) return role.error();
      changes.role = *role;
    } else if (key == "release_authorized") {
      if (!value.is_boolean()) return InvalidArgumentError("release_authorized must be a boolean");
      changes.release_authorized = value.get<bool>();
    } else if (key == "training_attested_on" || key == "training_expires_on") {
      Result<std::optional<Date>> date = DateField(value, key.c_str());
      if (!date) return date.error();
      (key == "training_attested_on" ? changes.training_attested_on : changes.training_expires_on) =
          *date;
    } else {
      return InvalidArgumentError("unknown field " + key);
    }
  }
  return changes;
}

Result<std::pair<NewUser, std::string>> ParseNewUser(const json& body) {
  Result<std::string> email = StringField(body, "email");
  if (!email) return email.error();
  Result<std::string> name = StringField(body, "display_name");
  if (!name) return name.error();
  Result<std::string> role_name = StringField(body, "role");
  if (!role_name) return role_name.error();
  Result<Role> role = ParseRole(*role_name);
  if (!role) return role.error();
  Result<std::string> password = StringField(body, "password");
  if (!password) return password.error();
  bool release_authorized = false;
  if (auto found = body.find("release_authorized"); found != body.end()) {
    if (!found->is_boolean()) return InvalidArgumentError("release_authorized must be a boolean");
    release_authorized = found->get<bool>();
  }
  return std::pair{NewUser{.email = *email,
                           .display_name = *name,
                           .role = *role,
                           .release_authorized = release_authorized},
                   *password};
}

HttpResponse UserResponse(const Result<User>& user, const Clock& clock, int status = 200) {
  if (!user) return ErrorResponse(user.error());
  return HttpResponse::Json(status, AdminUserJson(*user, clock.NowMicros()).dump());
}

const Access kAdmin = Access::Permission(Permission::kManageUsers);

void AddListAndCreate(Router& router, UserService& users, const Clock& clock) {
  router.Add({.method = "GET",
              .pattern = "/api/v1/users",
              .operation_id = "listUsers",
              .summary = "The organization's users (administrators).",
              .tag = "users",
              .response_schema = {{"type", "object"},
                                  {"properties",
                                   {{"users", {{"type", "array"}, {"items", AdminUserSchema()}}}}}},
              .access = kAdmin},
             [&users, &clock](const HttpRequest& request) {
               Result<std::vector<User>> listed = users.List(request.principal->organization);
               if (!listed) return ErrorResponse(listed.error());
               json list = json::array();
               for (const User& user : *listed)
                 list.push_back(AdminUserJson(user, clock.NowMicros()));
               return HttpResponse::Json(200, json{{"users", list}}.dump());
             });
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/users",
       .operation_id = "createUser",
       .summary = "Create a user in the organization (administrators). The password must be at "
                  "least 12 characters; a taken email is 409.",
       .tag = "users",
       .request_schema = {{"type", "object"},
                          {"required", {"email", "display_name", "role", "password"}},
                          {"properties",
                           {{"email", {{"type", "string"}}},
                            {"display_name", {{"type", "string"}}},
                            {"role", {{"type", "string"}}},
                            {"password", {{"type", "string"}}},
                            {"release_authorized", {{"type", "boolean"}}}}}},
       .response_schema = AdminUserSchema(),
       .success_status = 201,
       .access = kAdmin},
      [&users, &clock](const HttpRequest& request) {
        Result<json> body = ParseObject(request.body);
        if (!body) return ErrorResponse(body.error());
        Result<std::pair<NewUser, std::string>> parsed = ParseNewUser(*body);
        if (!parsed) return ErrorResponse(parsed.error());
        return UserResponse(users.Create(request.principal->organization, parsed->first,
                                         parsed->second, ActorOf(request)),
                            clock, 201);
      });
}

void AddChanges(Router& router, UserService& users, const Clock& clock) {
  router.Add(
      {.method = "PATCH",
       .pattern = "/api/v1/users/{id}",
       .operation_id = "updateUser",
       .summary = "Change a user's role, release authorization or training attestation dates "
                  "(administrators). A role change ends the user's sessions.",
       .tag = "users",
       .request_schema = {{"type", "object"},
                          {"properties",
                           {{"role", {{"type", "string"}}},
                            {"release_authorized", {{"type", "boolean"}}},
                            {"training_attested_on", {{"type", json::array({"string", "null"})}}},
                            {"training_expires_on", {{"type", json::array({"string", "null"})}}}}}},
       .response_schema = AdminUserSchema(),
       .access = kAdmin},
      [&users, &clock](const HttpRequest& request) {
        Result<std::int64_t> id = PathId(request, "id");
        if (!id) return ErrorResponse(id.error());
        Result<json> body = ParseObject(request.body);
        if (!body) return ErrorResponse(body.error());
        Result<UserChanges> changes = ParseChanges(*body);
        if (!changes) return ErrorResponse(changes.error());
        const Principal& caller = *request.principal;
        return UserResponse(
            users.Update(caller.organization, UserId(*id), *changes, ActorOf(request)), clock);
      });
  router.Add({.method = "POST",
              .pattern = "/api/v1/users/{id}/password",
              .operation_id = "resetUserPassword",
              .summary = "Set a new password for a user (administrators); clears any lockout and "
                         "ends the user's sessions.",
              .tag = "users",
              .request_schema = {{"type", "object"},
                                 {"required", {"password"}},
                                 {"properties", {{"password", {{"type", "string"}}}}}},
              .response_schema = AdminUserSchema(),
              .access = kAdmin},
             [&users, &clock](const HttpRequest& request) {
               Result<std::int64_t> id = PathId(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<json> body = ParseObject(request.body);
               if (!body) return ErrorResponse(body.error());
               Result<std::string> password = StringField(*body, "password");
               if (!password) return ErrorResponse(password.error());
               return UserResponse(users.ResetPassword(request.principal->organization, UserId(*id),
                                                       *password, ActorOf(request)),
                                   clock);
             });
  router.Add({.method = "POST",
              .pattern = "/api/v1/users/{id}/disable",
              .operation_id = "disableUser",
              .summary = "Disable a user (administrators) and end their sessions; their API "
                         "tokens stop working. You cannot disable yourself.",
              .tag = "users",
              .response_schema = AdminUserSchema(),
              .access = kAdmin},
             [&users, &clock](const HttpRequest& request) {
               Result<std::int64_t> id = PathId(request, "id");
               if (!id) return ErrorResponse(id.error());
               const Principal& caller = *request.principal;
               return UserResponse(
                   users.DisableUser(caller.organization, UserId(*id), ActorOf(request)), clock);
             });
}

}  // namespace

void AddUserRoutes(Router& router, UserService& users, const Clock& clock) {
  AddListAndCreate(router, users, clock);
  AddChanges(router, users, clock);
}

}  // namespace roi::http
