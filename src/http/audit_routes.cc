// GET /api/v1/audit and GET /api/v1/audit/export: the audit trail for auditors (kReadAudit).
// Each call is itself recorded in the trail (AuditLog).  The export speaks FHIR R4 AuditEvent in
// the shape of IHE Basic Audit Log Patterns (BALP), or RFC 5424 syslog lines.
#include <charconv>
#include <nlohmann/json.hpp>

#include "app/audit_log.h"
#include "http/api.h"
#include "http/error_mapping.h"

namespace roi::http {
namespace {

using nlohmann::json;

constexpr std::string_view kBalp =
    "https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.";
constexpr std::string_view kDicom = "http://dicom.nema.org/resources/ontology/DCM";

Result<std::int64_t> PositiveId(std::string_view text, const char* name) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) {
    return InvalidArgumentError(std::string(name) + " must be a positive integer");
  }
  return value;
}

// The filters of GET /api/v1/audit[/export] from the query string.
Result<AuditQuery> ParseAuditQuery(const HttpRequest& request) {
  AuditQuery query;
  if (std::string_view text = request.Query("patient"); !text.empty()) {
    Result<std::int64_t> id = PositiveId(text, "patient");
    if (!id) return id.error();
    query.patient = PatientId(*id);
  }
  if (std::string_view text = request.Query("actor"); !text.empty()) {
    Result<std::int64_t> id = PositiveId(text, "actor");
    if (!id) return id.error();
    query.actor = UserId(*id);
  }
  if (std::string_view text = request.Query("action"); !text.empty()) {
    Result<AuditAction> action = ParseAuditAction(text);
    if (!action) return InvalidArgumentError("action must be an audit action name, e.g. login");
    query.action = *action;
  }
  if (std::string_view text = request.Query("outcome"); !text.empty()) {
    Result<AuditOutcome> outcome = ParseAuditOutcome(text);
    if (!outcome) return InvalidArgumentError("outcome must be success, denied or failed");
    query.outcome = *outcome;
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
    Result<std::int64_t> after = PositiveId(text, "after");
    if (!after) return after.error();
    query.after_sequence = *after;
  }
  if (std::string_view text = request.Query("limit"); !text.empty()) {
    Result<std::int64_t> limit = PositiveId(text, "limit");
    if (!limit || *limit > 1000) return InvalidArgumentError("limit must be 1 to 1000");
    query.limit = static_cast<int>(*limit);
  }
  return query;
}

json EventJson(const AuditEvent& event) {
  return {{"sequence", event.sequence},
          {"occurred_at", FormatRfc3339Micros(event.occurred_micros)},
          {"actor",
           {{"id", event.actor_id.IsSet() ? json(event.actor_id.value) : json(nullptr)},
            {"label", event.actor_label}}},
          {"action", std::string(AuditActionName(event.action))},
          {"patient_id", event.patient_id.IsSet() ? json(event.patient_id.value) : json(nullptr)},
          {"entity", {{"kind", event.entity_kind}, {"id", event.entity_id}}},
          {"outcome", std::string(AuditOutcomeName(event.outcome))},
          {"remote_address", event.remote_address},
          {"detail", event.detail},
          {"prev_hash", event.prev_hash},
          {"hash", event.hash}};
}

json EventSchema() {
  json string = {{"type", "string"}};
  json integer = {{"type", "integer"}};
  return {{"type", "object"},
          {"properties",
           {{"sequence", integer},
            {"occurred_at", string},
            {"actor", {{"type", "object"}}},
            {"action", string},
            {"patient_id", {{"type", {"integer", "null"}}}},
            {"entity", {{"type", "object"}}},
            {"outcome", string},
            {"remote_address", string},
            {"detail", string},
            {"prev_hash", string},
            {"hash", string}}}};
}

json Coding(std::string_view system, std::string_view code, std::string_view display) {
  return {{"system", system}, {"code", code}, {"display", display}};
}

// type, subtype, action code and BALP profile (empty when none fits) of an event.
struct FhirKind {
  json type;
  json subtype;
  std::string action;
  std::string profile;
};

FhirKind KindOf(const AuditEvent& event) {
  const std::string rest_system = "http://terminology.hl7.org/CodeSystem/audit-event-type";
  const std::string interaction = "http://hl7.org/fhir/restful-interaction";
  bool patient = event.patient_id.IsSet();
  bool success = event.outcome == AuditOutcome::kSuccess;
  auto rest = [&](std::string_view code, std::string_view action, std::string_view profile) {
    std::string name = success ? std::string(patient ? "Patient" : "") + std::string(profile) : "";
    return FhirKind{Coding(rest_system, "rest", "Restful Operation"),
                    Coding(interaction, code, code), std::string(action),
                    name.empty() ? "" : std::string(kBalp) + name};
  };
  switch (event.action) {
    case AuditAction::kRead:
      return rest("read", "R", "Read");
    case AuditAction::kCreate:
      return rest("create", "C", "Create");
    case AuditAction::kUpdate:
      return rest("update", "U", "Update");
    case AuditAction::kDelete:
      return rest("delete", "D", "Delete");
    case AuditAction::kLogin:
    case AuditAction::kLoginFailed:
    case AuditAction::kAccountLocked:
      return {Coding(kDicom, "110114", "User Authentication"), Coding(kDicom, "110122", "Login"),
              "E", ""};
    case AuditAction::kLogout:
      return {Coding(kDicom, "110114", "User Authentication"), Coding(kDicom, "110123", "Logout"),
              "E", ""};
    case AuditAction::kPermissionChange:
      return {Coding(kDicom, "110136", "Security Roles Changed"), nullptr, "U", ""};
    case AuditAction::kBreakGlass:
      return {Coding(kDicom, "110113", "Security Alert"),
              Coding(kDicom, "110127", "Emergency Override Started"), "E", ""};
    case AuditAction::kDownload:
    case AuditAction::kPrint:
    case AuditAction::kRelease:
    case AuditAction::kExport:
      return {Coding(kDicom, "110106", "Export"), nullptr, "R", ""};
  }
  return {Coding(rest_system, "rest", "Restful Operation"), nullptr, "E", ""};
}

json FhirAuditEvent(const AuditEvent& event, std::string_view slug) {
  FhirKind kind = KindOf(event);
  const std::string entity_type = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
  const std::string object_role = "http://terminology.hl7.org/CodeSystem/object-role";
  json user_agent = {{"type",
                      {{"coding",
                        {Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                                "IRCP", "information recipient")}}}},
                     {"who", {{"display", event.actor_label}}},
                     {"requestor", true}};
  if (event.actor_id.IsSet()) {
    user_agent["who"]["identifier"] = {{"system", "urn:openroi:user"},
                                       {"value", std::to_string(event.actor_id.value)}};
  }
  json agents = json::array({user_agent});
  if (!event.remote_address.empty()) {
    agents.push_back({{"type", {{"coding", {Coding(kDicom, "110153", "Source Role ID")}}}},
                      {"requestor", false},
                      {"network", {{"address", event.remote_address}, {"type", "2"}}}});
  }
  agents.push_back({{"type", {{"coding", {Coding(kDicom, "110152", "Destination Role ID")}}}},
                    {"who", {{"display", "OpenROI"}}},
                    {"requestor", false}});
  json entities = json::array();
  if (event.patient_id.IsSet()) {
    entities.push_back(
        {{"what", {{"reference", "Patient/" + std::to_string(event.patient_id.value)}}},
         {"type", Coding(entity_type, "1", "Person")},
         {"role", Coding(object_role, "1", "Patient")}});
  }
  json record = {
      {"what",
       {{"identifier",
         {{"system", "urn:openroi:" + event.entity_kind}, {"value", event.entity_id}}}}},
      {"type", Coding(entity_type, "2", "System Object")},
      {"detail",
       {{{"type", "openroi-audit-sequence"}, {"valueString", std::to_string(event.sequence)}},
        {{"type", "openroi-audit-hash"}, {"valueString", event.hash}}}}};
  if (event.entity_kind.empty()) record["what"] = {{"display", "OpenROI audit chain"}};
  entities.push_back(record);
  json resource = {{"resourceType", "AuditEvent"},
                   {"id", std::string(slug) + "-" + std::to_string(event.sequence)},
                   {"type", kind.type},
                   {"action", kind.action},
                   {"recorded", FormatRfc3339Micros(event.occurred_micros)},
                   {"outcome", event.outcome == AuditOutcome::kSuccess  ? "0"
                               : event.outcome == AuditOutcome::kDenied ? "4"
                                                                        : "8"},
                   {"agent", agents},
                   {"source",
                    {{"site", slug},
                     {"observer", {{"display", "OpenROI"}}},
                     {"type",
                      {Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4",
                              "Application Server")}}}},
                   {"entity", entities}};
  if (!kind.subtype.is_null()) resource["subtype"] = json::array({kind.subtype});
  if (!kind.profile.empty()) resource["meta"] = {{"profile", {kind.profile}}};
  if (!event.detail.empty()) resource["outcomeDesc"] = event.detail;
  return resource;
}

Result<std::string> OrganizationSlug(Store& store, OrganizationId id) {
  std::string slug;
  Status done = store.InSystemTransaction(TxMode::kRead, [&](SystemTransaction& tx) -> Status {
    Result<Organization> organization = tx.Organizations().Find(id);
    if (!organization) return organization.error();
    slug = organization->slug;
    return OkStatus();
  });
  if (!done) return done.error();
  return slug;
}

void AddList(Router& router, const AuditLog& log) {
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/audit",
       .operation_id = "listAuditEvents",
       .summary = "The organization's audit events, oldest first, filtered by patient, actor "
                  "(user id), action, outcome and time (from inclusive, to exclusive; "
                  "YYYY-MM-DD or RFC 3339 UTC). Keyset paging: pass next_after as after. The "
                  "read is itself recorded.",
       .tag = "audit",
       .response_schema = {{"type", "object"},
                           {"properties",
                            {{"events", {{"type", "array"}, {"items", EventSchema()}}},
                             {"next_after", {{"type", {"integer", "null"}}}}}}},
       .query_parameters = {"patient", "actor", "action", "outcome", "from", "to", "after",
                            "limit"},
       .access = Access::Permission(Permission::kReadAudit)},
      [&log](const HttpRequest& request) {
        Result<AuditQuery> query = ParseAuditQuery(request);
        if (!query) return ErrorResponse(query.error());
        Result<AuditPage> page = log.Read(*request.principal, *query, request.remote_address);
        if (!page) return ErrorResponse(page.error());
        json events = json::array();
        for (const AuditEvent& event : page->events) events.push_back(EventJson(event));
        json body = {{"events", events},
                     {"next_after", page->next_after ? json(*page->next_after) : json(nullptr)}};
        HttpResponse response = HttpResponse::Json(200, body.dump());
        response.headers.emplace_back("Cache-Control", "no-store");
        return response;
      });
}

void AddExport(Router& router, Store& store, const AuditLog& log, const std::string& hostname) {
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/audit/export",
       .operation_id = "exportAuditEvents",
       .summary = "Export audit events (same filters and paging as /api/v1/audit; the next page "
                  "starts after the X-Next-After header) as format=fhir (a FHIR R4 Bundle of "
                  "AuditEvent resources, IHE BALP shape) or format=syslog (RFC 5424 lines). The "
                  "export is itself recorded.",
       .tag = "audit",
       .response_content_type = "application/fhir+json",
       .query_parameters = {"format", "patient", "actor", "action", "outcome", "from", "to",
                            "after", "limit"},
       .access = Access::Permission(Permission::kReadAudit)},
      [&store, &log, &hostname](const HttpRequest& request) {
        std::string_view format = request.Query("format");
        if (format.empty()) format = "fhir";
        if (format != "fhir" && format != "syslog") {
          return ErrorResponse(InvalidArgumentError("format must be fhir or syslog"));
        }
        Result<AuditQuery> query = ParseAuditQuery(request);
        if (!query) return ErrorResponse(query.error());
        Result<std::string> slug = OrganizationSlug(store, request.principal->organization);
        if (!slug) return ErrorResponse(slug.error());
        Result<AuditPage> page =
            log.Read(*request.principal, *query, request.remote_address, AuditAction::kExport);
        if (!page) return ErrorResponse(page.error());
        HttpResponse response;
        if (format == "syslog") {
          std::string lines;
          for (const AuditEvent& event : page->events) {
            lines += AuditSyslogLine(event, *slug, hostname);
            lines += '\n';
          }
          response = HttpResponse::Text(200, std::move(lines), "text/plain; charset=utf-8");
        } else {
          json entries = json::array();
          for (const AuditEvent& event : page->events) {
            entries.push_back({{"resource", FhirAuditEvent(event, *slug)}});
          }
          json bundle = {
              {"resourceType", "Bundle"},
              {"type", "collection"},
              {"timestamp",
               FormatRfc3339Micros(page->events.empty() ? 0 : page->events.back().occurred_micros)},
              {"entry", entries}};
          response = HttpResponse::Text(200, bundle.dump(), "application/fhir+json");
        }
        if (page->next_after) {
          response.headers.emplace_back("X-Next-After", std::to_string(*page->next_after));
        }
        response.headers.emplace_back("Cache-Control", "no-store");
        return response;
      });
}

}  // namespace

void AddAuditRoutes(Router& router, Store& store, const AuditLog& log,
                    const std::string& hostname) {
  AddList(router, log);
  AddExport(router, store, log, hostname);
}

}  // namespace roi::http
