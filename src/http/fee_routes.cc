// The organization's fee settings and a request's actual costs: GET /api/v1/organization/fees
// (staff: kReadPatients), PUT /api/v1/organization/fees (the administrator: kManageUsers, as PUT
// /api/v1/organization), GET /api/v1/requests/{id}/costs (kReadPatients) and PUT
// /api/v1/requests/{id}/costs (kManageRequests, as a change of the request's facts; re-decides).
// A PUT names the version it read; a stale one is 409.  Handlers only translate JSON; the rules
// live in FeeService (docs/organizations.md, "Fee settings").
#include <nlohmann/json.hpp>
#include <string>

#include "app/fee_service.h"
#include "app/permissions.h"
#include "http/api.h"
#include "http/error_mapping.h"
#include "http/request_json.h"
#include "http/route_util.h"

namespace roi::http {
namespace {

using nlohmann::json;

json OptionalCents(const std::optional<std::int64_t>& cents) {
  return cents ? json(*cents) : json(nullptr);
}

json SettingsJson(const FeeSettings& s) {
  return {{"patient_electronic", std::string(PatientElectronicFeeName(s.patient_electronic))},
          {"flat_cents", s.flat_cents},
          {"labor_rate_cents_per_hour", s.labor_rate_cents_per_hour},
          {"supplies_cents", s.supplies_cents},
          {"postage_cents", s.postage_cents},
          {"version", s.version}};
}

json ViewJson(const FeeSettingsView& view) {
  json out = SettingsJson(view.settings);
  out["flat_fee_max_cents"] = view.flat_fee_max_cents;
  return out;
}

json CostsJson(const RequestCostsView& view) {
  json recorded = nullptr;
  if (view.costs) {
    recorded = {
        {"labor_minutes", view.costs->labor_minutes},
        {"supplies_cents", OptionalCents(view.costs->supplies_cents)},
        {"postage_cents", OptionalCents(view.costs->postage_cents)},
        {"recorded_by",
         view.costs->recorded_by.IsSet() ? json(view.costs->recorded_by.value) : json(nullptr)},
        {"recorded_micros", view.costs->recorded_micros}};
  }
  return {{"request_id", view.request_id.value},
          {"recorded", recorded},
          {"version", view.costs ? view.costs->version : 0},
          {"cost",
           {{"labor_minutes", view.cost.labor_minutes},
            {"labor_rate_cents_per_hour", view.cost.labor_rate_cents_per_hour},
            {"supplies_cents", view.cost.supplies_cents},
            {"postage_cents", view.cost.postage_cents}}},
          {"fee_policy",
           {{"patient_electronic",
             std::string(PatientElectronicFeeName(view.settings.patient_electronic))},
            {"flat_cents", view.settings.flat_cents}}},
          {"fee", {{"max_cents", view.fee_max_cents}, {"basis", view.fee_basis}}}};
}

json Integer() { return {{"type", "integer"}}; }

json SettingsSchema() {
  return {{"type", "object"},
          {"properties",
           {{"patient_electronic", {{"type", "string"}, {"enum", {"flat", "actual"}}}},
            {"flat_cents", Integer()},
            {"labor_rate_cents_per_hour", Integer()},
            {"supplies_cents", Integer()},
            {"postage_cents", Integer()},
            {"version", Integer()},
            {"flat_fee_max_cents", Integer()}}}};
}

json CostsSchema() {
  json nullable = {{"type", {"integer", "null"}}};
  return {{"type", "object"},
          {"properties",
           {{"request_id", Integer()},
            {"recorded",
             {{"type", {"object", "null"}},
              {"properties",
               {{"labor_minutes", Integer()},
                {"supplies_cents", nullable},
                {"postage_cents", nullable},
                {"recorded_by", nullable},
                {"recorded_micros", Integer()}}}}},
            {"version", Integer()},
            {"cost",
             {{"type", "object"},
              {"properties",
               {{"labor_minutes", Integer()},
                {"labor_rate_cents_per_hour", Integer()},
                {"supplies_cents", Integer()},
                {"postage_cents", Integer()}}}}},
            {"fee_policy",
             {{"type", "object"},
              {"properties",
               {{"patient_electronic", {{"type", "string"}}}, {"flat_cents", Integer()}}}}},
            {"fee",
             {{"type", "object"},
              {"properties", {{"max_cents", Integer()}, {"basis", {{"type", "string"}}}}}}}}}};
}

Error BadField(std::string_view field, std::string message) {
  Error error = InvalidArgumentError(std::string(field) + ": " + message);
  error.details.push_back({.path = std::string(field), .message = std::move(message)});
  return error;
}

// `version` (required, 0 or more: 0 while nothing was saved).
Result<std::int64_t> ParseVersion(const json& body) {
  auto found = body.find("version");
  if (found == body.end() || !found->is_number_integer() || found->get<std::int64_t>() < 0) {
    return BadField("version", "must be the version you read (0 when nothing was saved yet)");
  }
  return found->get<std::int64_t>();
}

// The optional integer `field`: unset when absent or null, InvalidArgument when not an
// integer.
Result<std::optional<std::int64_t>> OptionalInt(const json& body, const char* field) {
  auto found = body.find(field);
  if (found == body.end() || found->is_null()) return std::optional<std::int64_t>();
  if (!found->is_number_integer()) return BadField(field, "must be a whole number of cents");
  return std::optional<std::int64_t>(found->get<std::int64_t>());
}

Result<FeeSettingsChange> ParseSettings(const std::string& text) {
  Result<json> body = ParseObject(text);
  if (!body) return body.error();
  FeeSettingsChange changes;
  Result<std::int64_t> version = ParseVersion(*body);
  if (!version) return version.error();
  changes.version = *version;
  for (const auto& [key, value] : body->items()) {
    if (key != "version" && key != "patient_electronic" && key != "flat_cents" &&
        key != "labor_rate_cents_per_hour" && key != "supplies_cents" && key != "postage_cents" &&
        key != "flat_fee_max_cents") {
      return BadField(key, "is not a fee setting");
    }
  }
  if (auto policy = body->find("patient_electronic"); policy != body->end()) {
    if (!policy->is_string()) return BadField("patient_electronic", "must be flat or actual");
    Result<PatientElectronicFee> parsed = ParsePatientElectronicFee(policy->get<std::string>());
    if (!parsed) return BadField("patient_electronic", parsed.error().message);
    changes.patient_electronic = *parsed;
  }
  struct Field {
    const char* name;
    std::optional<std::int64_t>* slot;
  };
  for (Field field : {Field{"flat_cents", &changes.flat_cents},
                      Field{"labor_rate_cents_per_hour", &changes.labor_rate_cents_per_hour},
                      Field{"supplies_cents", &changes.supplies_cents},
                      Field{"postage_cents", &changes.postage_cents}}) {
    Result<std::optional<std::int64_t>> value = OptionalInt(*body, field.name);
    if (!value) return value.error();
    *field.slot = *value;
  }
  return changes;
}

Result<RequestCostsChange> ParseCosts(const std::string& text) {
  Result<json> body = ParseObject(text);
  if (!body) return body.error();
  RequestCostsChange change;
  Result<std::int64_t> version = ParseVersion(*body);
  if (!version) return version.error();
  change.version = *version;
  for (const auto& [key, value] : body->items()) {
    if (key != "version" && key != "labor_minutes" && key != "supplies_cents" &&
        key != "postage_cents") {
      return BadField(key, "is not a request cost");
    }
  }
  auto minutes = body->find("labor_minutes");
  if (minutes == body->end() || !minutes->is_number_integer()) {
    return BadField("labor_minutes", "is required, a whole number of minutes");
  }
  change.labor_minutes = minutes->get<std::int64_t>();
  Result<std::optional<std::int64_t>> supplies = OptionalInt(*body, "supplies_cents");
  if (!supplies) return supplies.error();
  change.supplies_cents = *supplies;
  Result<std::optional<std::int64_t>> postage = OptionalInt(*body, "postage_cents");
  if (!postage) return postage.error();
  change.postage_cents = *postage;
  return change;
}

}  // namespace

void AddFeeRoutes(Router& router, FeeService& fees) {
  router.Add({.method = "GET",
              .pattern = "/api/v1/organization/fees",
              .operation_id = "getFeeSettings",
              .summary = "Your organization's fee settings: how patients are charged for "
                         "electronic copies (flat or actual cost), the flat fee, the labor rate "
                         "and the default supplies and postage; version 0 until first saved.",
              .tag = "organization",
              .response_schema = SettingsSchema(),
              .access = Access::Permission(Permission::kReadPatients)},
             [&fees](const HttpRequest& request) {
               Result<FeeSettingsView> view = fees.Get(*request.principal);
               if (!view) return ErrorResponse(view.error());
               return JsonResponse(200, ViewJson(*view));
             });
  router.Add({.method = "PUT",
              .pattern = "/api/v1/organization/fees",
              .operation_id = "updateFeeSettings",
              .summary = "Change the fee settings (fields left out keep their value). `version` "
                         "is the one you read: a stale version is 409. Amounts are whole cents, "
                         "never negative; the flat fee may not exceed the rules' maximum.",
              .tag = "organization",
              .request_schema = {{"type", "object"},
                                 {"required", {"version"}},
                                 {"properties",
                                  {{"version", Integer()},
                                   {"patient_electronic",
                                    {{"type", "string"}, {"enum", {"flat", "actual"}}}},
                                   {"flat_cents", Integer()},
                                   {"labor_rate_cents_per_hour", Integer()},
                                   {"supplies_cents", Integer()},
                                   {"postage_cents", Integer()}}}},
              .response_schema = SettingsSchema(),
              .access = Access::Permission(Permission::kManageUsers)},
             [&fees](const HttpRequest& request) {
               Result<FeeSettingsChange> changes = ParseSettings(request.body);
               if (!changes) return ErrorResponse(changes.error());
               Result<FeeSettingsView> view = fees.Update(*request.principal, *changes);
               if (!view) return ErrorResponse(view.error());
               return JsonResponse(200, ViewJson(*view));
             });
  router.Add({.method = "GET",
              .pattern = "/api/v1/requests/{id}/costs",
              .operation_id = "getRequestCosts",
              .summary = "The request's recorded costs, the `cost` and `fee_policy` its case "
                         "carries, and the decided fee.",
              .tag = "requests",
              .response_schema = CostsSchema(),
              .access = Access::Permission(Permission::kReadPatients)},
             [&fees](const HttpRequest& request) {
               Result<RequestId> id = RecordPathId<RequestId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<RequestCostsView> view = fees.Costs(*request.principal, *id);
               if (!view) return ErrorResponse(view.error());
               return JsonResponse(200, CostsJson(*view));
             });
  router.Add({.method = "PUT",
              .pattern = "/api/v1/requests/{id}/costs",
              .operation_id = "setRequestCosts",
              .summary = "Record the request's actual costs (labor minutes; supplies and postage "
                         "in cents, null for the organization's default) and re-decide it. "
                         "`version` is the one you read (0 before any): a stale version is 409.",
              .tag = "requests",
              .request_schema = {{"type", "object"},
                                 {"required", {"version", "labor_minutes"}},
                                 {"properties",
                                  {{"version", Integer()},
                                   {"labor_minutes", Integer()},
                                   {"supplies_cents", {{"type", {"integer", "null"}}}},
                                   {"postage_cents", {{"type", {"integer", "null"}}}}}}},
              .response_schema = CostsSchema(),
              .access = Access::Permission(Permission::kManageRequests)},
             [&fees](const HttpRequest& request) {
               Result<RequestId> id = RecordPathId<RequestId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<RequestCostsChange> change = ParseCosts(request.body);
               if (!change) return ErrorResponse(change.error());
               Result<RequestCostsView> view = fees.SetCosts(*request.principal, *id, *change);
               if (!view) return ErrorResponse(view.error());
               return JsonResponse(200, CostsJson(*view));
             });
}

}  // namespace roi::http
