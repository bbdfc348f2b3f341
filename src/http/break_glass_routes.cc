// POST /api/v1/patients/{id}/break-glass (open a patient outside one's assignments, with a reason)
// and GET /api/v1/audit/break-glass (the privacy office's list of grants).  The rule itself lives
// in app/patient_access.h; docs/security.md, "Break-the-glass".
#include <charconv>
#include <nlohmann/json.hpp>

#include "app/audit_log.h"
#include "http/api.h"
#include "http/error_mapping.h"
#include "http/route_util.h"

namespace roi::http {
namespace {

using nlohmann::json;

json GrantJson(const BreakGlassGrant& grant) {
  return {{"id", grant.id.value},
          {"patient_id", grant.patient_id.value},
          {"user_id", grant.user_id.value},
          {"reason", grant.reason},
          {"granted_at", FormatRfc3339Micros(grant.granted_micros)},
          {"expires_at", FormatRfc3339Micros(grant.expires_micros)}};
}

json GrantSchema() {
  json integer = {{"type", "integer"}};
  json string = {{"type", "string"}};
  return {{"type", "object"},
          {"properties",
           {{"id", integer},
            {"patient_id", integer},
            {"user_id", integer},
            {"reason", string},
            {"granted_at", string},
            {"expires_at", string}}}};
}

Result<std::int64_t> PositiveNumber(std::string_view text, const char* name) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) {
    return InvalidArgumentError(std::string(name) + " must be a positive integer");
  }
  return value;
}

Result<BreakGlassQuery> ParseGrantQuery(const HttpRequest& request) {
  BreakGlassQuery query;
  if (std::string_view text = request.Query("patient"); !text.empty()) {
    Result<std::int64_t> id = PositiveNumber(text, "patient");
    if (!id) return id.error();
    query.patient = PatientId(*id);
  }
  if (std::string_view text = request.Query("user"); !text.empty()) {
    Result<std::int64_t> id = PositiveNumber(text, "user");
    if (!id) return id.error();
    query.user = UserId(*id);
  }
  for (auto [name, field] :
       {std::pair{"from", &query.from_micros}, std::pair{"to", &query.to_micros}}) {
    if (std::string_view text = request.Query(name); !text.empty()) {
      Result<std::int64_t> micros = ParseTimestampMicros(text);
      if (!micros) return InvalidArgumentError(std::string(name) + ": " + micros.error().message);
      *field = *micros;
    }
  }
  if (std::string_view text = request.Query("after"); !text.empty()) {
    Result<std::int64_t> after = PositiveNumber(text, "after");
    if (!after) return after.error();
    query.after_id = BreakGlassId(*after);
  }
  if (std::string_view text = request.Query("limit"); !text.empty()) {
    Result<std::int64_t> limit = PositiveNumber(text, "limit");
    if (!limit || *limit > 1000) return InvalidArgumentError("limit must be 1 to 1000");
    query.limit = static_cast<int>(*limit);
  }
  return query;
}

}  // namespace

void AddBreakGlassRoutes(Router& router, const PatientAccess& access) {
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/patients/{id}/break-glass",
       .operation_id = "breakGlass",
       .summary = "Open a patient outside your assignments for a limited time (security."
                  "break_glass_minutes, default 60), stating why (at least 10 characters). Only "
                  "for assignment-scoped roles (clinicians by default); recorded as a flagged "
                  "break_glass audit event and listed for the privacy office.",
       .tag = "security",
       .request_schema = {{"type", "object"},
                          {"required", {"reason"}},
                          {"properties", {{"reason", {{"type", "string"}, {"minLength", 10}}}}}},
       .response_schema = GrantSchema(),
       .success_status = 201,
       .access = Access::Permission(Permission::kReadPatients)},
      [&access](const HttpRequest& request) {
        Result<PatientId> patient = RecordPathId<PatientId>(request, "id");
        if (!patient) return ErrorResponse(patient.error());
        json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
        if (body.is_discarded() || !body.is_object()) {
          return ErrorResponse(InvalidArgumentError("body must be a JSON object"));
        }
        auto reason = body.find("reason");
        if (reason == body.end() || !reason->is_string()) {
          return ErrorResponse(InvalidArgumentError("reason must be a string"));
        }
        Result<BreakGlassGrant> grant =
            access.BreakGlass(*request.principal, *patient, reason->get<std::string>());
        if (!grant) return ErrorResponse(grant.error());
        return JsonResponse(201, GrantJson(*grant));
      });
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/audit/break-glass",
       .operation_id = "listBreakGlass",
       .summary = "Break-the-glass grants of the organization, oldest first, for the privacy "
                  "office: filter by patient, user, from/to (RFC 3339, on the grant time); page "
                  "with after (the next_after of the previous page) and limit (1..1000).",
       .tag = "audit",
       .response_schema = {{"type", "object"},
                           {"properties",
                            {{"grants", {{"type", "array"}, {"items", GrantSchema()}}},
                             {"next_after", {{"type", {"integer", "null"}}}}}}},
       .query_parameters = {"patient", "user", "from", "to", "after", "limit"},
       .access = Access::Permission(Permission::kReadAudit)},
      [&access](const HttpRequest& request) {
        Result<BreakGlassQuery> query = ParseGrantQuery(request);
        if (!query) return ErrorResponse(query.error());
        Result<BreakGlassPage> page = access.Grants(*request.principal, *query);
        if (!page) return ErrorResponse(page.error());
        json grants = json::array();
        for (const BreakGlassGrant& grant : page->grants) grants.push_back(GrantJson(grant));
        return JsonResponse(
            200, {{"grants", grants},
                  {"next_after",
                   page->next_after.IsSet() ? json(page->next_after.value) : json(nullptr)}});
      });
}

}  // namespace roi::http
