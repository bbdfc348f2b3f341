// The administrator's organization settings and facilities: GET/PUT /api/v1/organization and
// GET/POST /api/v1/facilities, PUT /api/v1/facilities/{id} (permission kManageUsers).  A PUT names
// the version it read; a stale one is 409.  Handlers only translate JSON; the rules live in
// OrganizationService (docs/organizations.md).
#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "app/organization_service.h"
#include "app/permissions.h"
#include "http/api.h"
#include "http/error_mapping.h"
#include "http/request_json.h"
#include "http/route_util.h"

namespace roi::http {
namespace {

using nlohmann::json;

json RoleNames(const std::vector<Role>& roles) {
  json names = json::array();
  for (Role role : roles) names.push_back(std::string(RoleName(role)));
  return names;
}

json SettingsJson(const OrganizationSettings& settings) {
  const Organization& o = settings.organization;
  return {{"id", o.id.value},
          {"name", o.name},
          {"slug", o.slug},
          {"state", o.state},
          {"entity_type", std::string(EntityTypeName(o.entity_type))},
          {"part2_program", o.part2_program},
          {"assignment_scoped_roles",
           o.assignment_scoped_roles ? RoleNames(*o.assignment_scoped_roles) : json(nullptr)},
          {"default_assignment_scoped_roles", RoleNames(settings.default_scoped_roles)},
          {"effective_assignment_scoped_roles", RoleNames(settings.effective_scoped_roles)},
          {"version", o.version}};
}

json FacilityJson(const Facility& facility) {
  return {{"id", facility.id.value},
          {"name", facility.name},
          {"npi", facility.npi},
          {"version", facility.version}};
}

json RoleListSchema() { return {{"type", "array"}, {"items", {{"type", "string"}}}}; }

json SettingsSchema() {
  return {
      {"type", "object"},
      {"properties",
       {{"id", {{"type", "integer"}}},
        {"name", {{"type", "string"}}},
        {"slug", {{"type", "string"}}},
        {"state", {{"type", "string"}}},
        {"entity_type",
         {{"type", "string"},
          {"enum",
           {"hospital", "physician_practice", "behavioral_health", "health_plan", "other"}}}},
        {"part2_program", {{"type", "boolean"}}},
        {"assignment_scoped_roles", {{"type", {"array", "null"}}, {"items", {{"type", "string"}}}}},
        {"default_assignment_scoped_roles", RoleListSchema()},
        {"effective_assignment_scoped_roles", RoleListSchema()},
        {"version", {{"type", "integer"}}}}}};
}

json FacilitySchema() {
  return {{"type", "object"},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"name", {{"type", "string"}}},
            {"npi", {{"type", "string"}}},
            {"version", {{"type", "integer"}}}}}};
}

Error BadField(std::string_view field, std::string message) {
  Error error = InvalidArgumentError(std::string(field) + ": " + message);
  error.details.push_back({.path = std::string(field), .message = std::move(message)});
  return error;
}

Result<std::int64_t> ParseVersion(const json& body) {
  auto found = body.find("version");
  if (found == body.end() || !found->is_number_integer() || found->get<std::int64_t>() < 1) {
    return BadField("version", "must be the positive integer version you read");
  }
  return found->get<std::int64_t>();
}

// The optional string `field`: unset when absent, InvalidArgument when not a string.
Result<std::optional<std::string>> OptionalString(const json& body, const char* field) {
  auto found = body.find(field);
  if (found == body.end()) return std::optional<std::string>();
  if (!found->is_string()) return BadField(field, "must be a string");
  return std::optional<std::string>(found->get<std::string>());
}

Result<OrganizationChanges> ParseSettings(const std::string& text) {
  Result<json> body = ParseObject(text);
  if (!body) return body.error();
  OrganizationChanges changes;
  Result<std::int64_t> version = ParseVersion(*body);
  if (!version) return version.error();
  changes.version = *version;
  Result<std::optional<std::string>> name = OptionalString(*body, "name");
  if (!name) return name.error();
  changes.name = *name;
  Result<std::optional<std::string>> state = OptionalString(*body, "state");
  if (!state) return state.error();
  changes.state = *state;
  Result<std::optional<std::string>> type = OptionalString(*body, "entity_type");
  if (!type) return type.error();
  if (*type) {
    Result<EntityType> parsed = ParseEntityType(**type);
    if (!parsed) return BadField("entity_type", parsed.error().message);
    changes.entity_type = *parsed;
  }
  if (auto part2 = body->find("part2_program"); part2 != body->end()) {
    if (!part2->is_boolean()) return BadField("part2_program", "must be true or false");
    changes.part2_program = part2->get<bool>();
  }
  if (auto roles = body->find("assignment_scoped_roles"); roles != body->end()) {
    if (roles->is_null()) {
      changes.assignment_scoped_roles = std::optional<std::vector<Role>>();
    } else if (!roles->is_array()) {
      return BadField("assignment_scoped_roles",
                      "must be a list of role names, or null for the deployment's default");
    } else {
      std::vector<Role> list;
      for (const json& item : *roles) {
        if (!item.is_string()) {
          return BadField("assignment_scoped_roles", "must be a list of role names");
        }
        Result<Role> role = ParseRole(item.get<std::string>());
        if (!role) {
          return BadField("assignment_scoped_roles",
                          "unknown role \"" + item.get<std::string>() + "\"");
        }
        if (std::find(list.begin(), list.end(), *role) != list.end()) {
          return BadField("assignment_scoped_roles", "names " + item.get<std::string>() + " twice");
        }
        list.push_back(*role);
      }
      changes.assignment_scoped_roles = std::optional<std::vector<Role>>(std::move(list));
    }
  }
  return changes;
}

}  // namespace

void AddOrganizationRoutes(Router& router, OrganizationService& organizations) {
  const Access admin = Access::Permission(Permission::kManageUsers);
  router.Add({.method = "GET",
              .pattern = "/api/v1/organization",
              .operation_id = "getOrganization",
              .summary = "Your organization's settings: name, state, entity type, Part 2 flag and "
                         "the assignment-scoped roles (null: the deployment's default).",
              .tag = "organization",
              .response_schema = SettingsSchema(),
              .access = admin},
             [&organizations](const HttpRequest& request) {
               Result<OrganizationSettings> settings = organizations.Get(*request.principal);
               if (!settings) return ErrorResponse(settings.error());
               return JsonResponse(200, SettingsJson(*settings));
             });
  router.Add(
      {.method = "PUT",
       .pattern = "/api/v1/organization",
       .operation_id = "updateOrganization",
       .summary = "Change your organization's settings (fields left out keep their value). "
                  "`version` is the one you read: a stale version is 409. Recorded as a "
                  "permission-change audit event.",
       .tag = "organization",
       .request_schema = {{"type", "object"},
                          {"required", {"version"}},
                          {"properties",
                           {{"version", {{"type", "integer"}}},
                            {"name", {{"type", "string"}}},
                            {"state", {{"type", "string"}}},
                            {"entity_type", {{"type", "string"}}},
                            {"part2_program", {{"type", "boolean"}}},
                            {"assignment_scoped_roles",
                             {{"type", {"array", "null"}}, {"items", {{"type", "string"}}}}}}}},
       .response_schema = SettingsSchema(),
       .access = admin},
      [&organizations](const HttpRequest& request) {
        Result<OrganizationChanges> changes = ParseSettings(request.body);
        if (!changes) return ErrorResponse(changes.error());
        Result<OrganizationSettings> settings = organizations.Update(*request.principal, *changes);
        if (!settings) return ErrorResponse(settings.error());
        return JsonResponse(200, SettingsJson(*settings));
      });
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/facilities",
       .operation_id = "listFacilities",
       .summary = "Your organization's facilities, by id.",
       .tag = "organization",
       .response_schema = {{"type", "object"},
                           {"properties",
                            {{"facilities", {{"type", "array"}, {"items", FacilitySchema()}}}}}},
       .access = admin},
      [&organizations](const HttpRequest& request) {
        Result<std::vector<Facility>> listed = organizations.Facilities(*request.principal);
        if (!listed) return ErrorResponse(listed.error());
        json list = json::array();
        for (const Facility& facility : *listed) list.push_back(FacilityJson(facility));
        return JsonResponse(200, json{{"facilities", list}});
      });
  router.Add({.method = "POST",
              .pattern = "/api/v1/facilities",
              .operation_id = "addFacility",
              .summary = "Add a facility (name 1..200 bytes; NPI empty or 10 digits with a valid "
                         "check digit).",
              .tag = "organization",
              .request_schema = {{"type", "object"},
                                 {"required", {"name"}},
                                 {"properties",
                                  {{"name", {{"type", "string"}}}, {"npi", {{"type", "string"}}}}}},
              .response_schema = FacilitySchema(),
              .success_status = 201,
              .access = admin},
             [&organizations](const HttpRequest& request) {
               Result<json> body = ParseObject(request.body);
               if (!body) return ErrorResponse(body.error());
               Result<std::optional<std::string>> name = OptionalString(*body, "name");
               if (!name) return ErrorResponse(name.error());
               if (!*name) return ErrorResponse(BadField("name", "is required"));
               Result<std::optional<std::string>> npi = OptionalString(*body, "npi");
               if (!npi) return ErrorResponse(npi.error());
               Result<Facility> added = organizations.AddFacility(
                   *request.principal, std::move(**name), npi->value_or(""));
               if (!added) return ErrorResponse(added.error());
               return JsonResponse(201, FacilityJson(*added));
             });
  router.Add({.method = "PUT",
              .pattern = "/api/v1/facilities/{id}",
              .operation_id = "updateFacility",
              .summary = "Change a facility's name or NPI. `version` is the one you read: a stale "
                         "version is 409; another organization's facility is 404.",
              .tag = "organization",
              .request_schema = {{"type", "object"},
                                 {"required", {"version"}},
                                 {"properties",
                                  {{"version", {{"type", "integer"}}},
                                   {"name", {{"type", "string"}}},
                                   {"npi", {{"type", "string"}}}}}},
              .response_schema = FacilitySchema(),
              .access = admin},
             [&organizations](const HttpRequest& request) {
               Result<FacilityId> id = RecordPathId<FacilityId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<json> body = ParseObject(request.body);
               if (!body) return ErrorResponse(body.error());
               FacilityChanges changes;
               Result<std::int64_t> version = ParseVersion(*body);
               if (!version) return ErrorResponse(version.error());
               changes.version = *version;
               Result<std::optional<std::string>> name = OptionalString(*body, "name");
               if (!name) return ErrorResponse(name.error());
               changes.name = *name;
               Result<std::optional<std::string>> npi = OptionalString(*body, "npi");
               if (!npi) return ErrorResponse(npi.error());
               changes.npi = *npi;
               Result<Facility> updated =
                   organizations.UpdateFacility(*request.principal, *id, changes);
               if (!updated) return ErrorResponse(updated.error());
               return JsonResponse(200, FacilityJson(*updated));
             });
}

}  // namespace roi::http
