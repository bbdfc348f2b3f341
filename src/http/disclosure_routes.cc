// The disclosure log over HTTP: POST /api/v1/disclosures, GET /api/v1/patients/{id}/disclosures,
// GET /api/v1/patients/{id}/accounting, POST /api/v1/patients/{id}/accountings and
// POST/GET /api/v1/accounting-suspensions.  Handlers parse JSON, call DisclosureLog /
// AccountingOfDisclosures in one transaction bound to the caller's organization, and render.
#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "app/disclosure_log.h"
#include "http/api.h"
#include "http/auth.h"
#include "http/error_mapping.h"
#include "http/request_json.h"
#include "http/route_util.h"

namespace roi::http {
namespace {

using nlohmann::json;

constexpr int kDefaultLimit = 100;

// ---- Parsing ----

Result<std::int64_t> ParseId(std::string_view text, std::string_view what) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) {
    return InvalidArgumentError(std::string(what) + " must be a positive integer");
  }
  return value;
}

Result<json> ParseObject(const HttpRequest& request) {
  json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return InvalidArgumentError("body must be a JSON object");
  }
  return body;
}

// The string field `name`: InvalidArgument when required and absent, or when not a string.
Result<std::string> StringField(const json& body, const char* name, bool required) {
  auto found = body.find(name);
  if (found == body.end() || found->is_null()) {
    if (required) return InvalidArgumentError(std::string(name) + " is required");
    return std::string();
  }
  if (!found->is_string()) return InvalidArgumentError(std::string(name) + " must be a string");
  return found->get<std::string>();
}

Result<std::optional<std::int64_t>> IdField(const json& body, const char* name, bool required) {
  auto found = body.find(name);
  if (found == body.end() || found->is_null()) {
    if (required) return InvalidArgumentError(std::string(name) + " is required");
    return std::optional<std::int64_t>();
  }
  if (!found->is_number_integer() || found->get<std::int64_t>() <= 0) {
    return InvalidArgumentError(std::string(name) + " must be a positive integer");
  }
  return std::optional<std::int64_t>(found->get<std::int64_t>());
}

Result<std::optional<Date>> OptionalDate(std::string_view text, std::string_view what) {
  if (text.empty()) return std::optional<Date>();
  Result<Date> date = Date::Parse(text);
  if (!date) return InvalidArgumentError(std::string(what) + " must be a date YYYY-MM-DD");
  return std::optional<Date>(*date);
}

Result<Date> RequiredDate(const json& body, const char* name) {
  Result<std::string> text = StringField(body, name, true);
  if (!text) return text.error();
  Result<std::optional<Date>> date = OptionalDate(*text, name);
  if (!date) return date.error();
  return **date;
}

Result<Money> FeeField(const json& body) {
  Result<std::string> text = StringField(body, "fee", false);
  if (!text) return text.error();
  if (text->empty()) return Money::Zero();
  Result<Money> fee = Money::Parse(*text);
  if (!fee) return InvalidArgumentError("fee must be an amount such as \"12.50\"");
  return *fee;
}

Result<int> LimitParam(const HttpRequest& request) {
  std::string_view text = request.Query("limit");
  if (text.empty()) return kDefaultLimit;
  Result<std::int64_t> limit = ParseId(text, "limit");
  if (!limit || *limit > 1000) return InvalidArgumentError("limit must be 1 to 1000");
  return static_cast<int>(*limit);
}

Result<PatientId> PatientParam(const HttpRequest& request) {
  auto found = request.path_params.find("id");
  if (found == request.path_params.end()) return InvalidArgumentError("patient id is missing");
  Result<std::int64_t> id = ParseId(found->second, "patient id");
  if (!id) return id.error();
  return PatientId(*id);
}

// A cursor is "<disclosed_on>_<id>", as returned in "next".
std::string CursorText(const DisclosureCursor& cursor) {
  return cursor.disclosed_on.ToString() + "_" + std::to_string(cursor.id.value);
}

Result<std::optional<DisclosureCursor>> CursorParam(std::string_view text) {
  if (text.empty()) return std::optional<DisclosureCursor>();
  std::size_t split = text.find('_');
  Result<Date> date = Date::Parse(text.substr(0, split));
  if (split == std::string_view::npos || !date) {
    return InvalidArgumentError("after must be a cursor returned as next");
  }
  Result<std::int64_t> id = ParseId(text.substr(split + 1), "after");
  if (!id) return InvalidArgumentError("after must be a cursor returned as next");
  return std::optional<DisclosureCursor>(DisclosureCursor{*date, DisclosureId(*id)});
}

Result<DisclosureEntry> ParseDisclosure(const json& body, UserId released_by) {
  DisclosureEntry entry;
  entry.released_by = released_by;
  Result<std::optional<std::int64_t>> patient = IdField(body, "patient_id", true);
  if (!patient) return patient.error();
  entry.patient_id = PatientId(**patient);
  Result<std::optional<std::int64_t>> request = IdField(body, "request_id", false);
  if (!request) return request.error();
  if (*request) entry.request_id = RequestId(**request);
  Result<Date> on = RequiredDate(body, "disclosed_on");
  if (!on) return on.error();
  entry.disclosed_on = *on;
  for (auto [name, field, required] :
       {std::tuple{"recipient_name", &entry.recipient_name, true},
        std::tuple{"recipient_address", &entry.recipient_address, false},
        std::tuple{"description", &entry.description, true},
        std::tuple{"purpose", &entry.purpose, true}}) {
    Result<std::string> text = StringField(body, name, required);
    if (!text) return text.error();
    *field = std::move(*text);
  }
  Result<std::string> means = StringField(body, "means", true);
  if (!means) return means.error();
  Result<DisclosureMeans> parsed_means = ParseDisclosureMeans(*means);
  if (!parsed_means) return parsed_means.error();
  entry.means = *parsed_means;
  Result<std::string> basis = StringField(body, "basis", true);
  if (!basis) return basis.error();
  Result<DisclosureBasis> parsed_basis = ParseDisclosureBasis(*basis);
  if (!parsed_basis) return parsed_basis.error();
  entry.basis = *parsed_basis;
  Result<Money> fee = FeeField(body);
  if (!fee) return fee.error();
  entry.fee = *fee;
  return entry;
}

Result<AccountingSuspension> ParseSuspension(const json& body, UserId recorded_by) {
  AccountingSuspension suspension;
  suspension.recorded_by = recorded_by;
  Result<std::optional<std::int64_t>> patient = IdField(body, "patient_id", false);
  if (!patient) return patient.error();
  if (*patient) suspension.patient_id = PatientId(**patient);
  Result<std::string> kind = StringField(body, "agency_kind", true);
  if (!kind) return kind.error();
  Result<SuspendingAgency> parsed_kind = ParseSuspendingAgency(*kind);
  if (!parsed_kind) return parsed_kind.error();
  suspension.agency_kind = *parsed_kind;
  Result<std::string> statement = StringField(body, "statement", true);
  if (!statement) return statement.error();
  Result<SuspensionStatement> parsed_statement = ParseSuspensionStatement(*statement);
  if (!parsed_statement) return parsed_statement.error();
  suspension.statement = *parsed_statement;
  for (auto [name, field, required] : {std::tuple{"agency_name", &suspension.agency_name, true},
                                       std::tuple{"official", &suspension.official, false},
                                       std::tuple{"reason", &suspension.reason, false}}) {
    Result<std::string> text = StringField(body, name, required);
    if (!text) return text.error();
    *field = std::move(*text);
  }
  Result<Date> starts = RequiredDate(body, "starts_on");
  if (!starts) return starts.error();
  Result<Date> ends = RequiredDate(body, "ends_on");
  if (!ends) return ends.error();
  suspension.starts_on = *starts;
  suspension.ends_on = *ends;
  return suspension;
}

// The accounting request from query parameters (GET) or body fields (POST), `as_of` defaulting
// to today and never after it.
Result<AccountingRequest> ParseAccountingRequest(PatientId patient, std::string_view from,
                                                 std::string_view to, std::string_view as_of,
                                                 Date today) {
  Result<std::optional<Date>> parsed_from = OptionalDate(from, "from");
  if (!parsed_from) return parsed_from.error();
  Result<std::optional<Date>> parsed_to = OptionalDate(to, "to");
  if (!parsed_to) return parsed_to.error();
  Result<std::optional<Date>> parsed_as_of = OptionalDate(as_of, "as_of");
  if (!parsed_as_of) return parsed_as_of.error();
  Date request_day = parsed_as_of->value_or(today);
  if (today < request_day) return InvalidArgumentError("as_of must not be in the future");
  return AccountingRequest{
      .patient = patient, .as_of = request_day, .from = *parsed_from, .to = *parsed_to};
}

// ---- Rendering ----

json SuspensionJson(const AccountingSuspension& suspension) {
  return {
      {"id", suspension.id.value},
      {"patient_id", suspension.patient_id ? json(suspension.patient_id->value) : json(nullptr)},
      {"agency_kind", std::string(SuspendingAgencyName(suspension.agency_kind))},
      {"agency_name", suspension.agency_name},
      {"official", suspension.official},
      {"statement", std::string(SuspensionStatementName(suspension.statement))},
      {"starts_on", suspension.starts_on.ToString()},
      {"ends_on", suspension.ends_on.ToString()},
      {"reason", suspension.reason},
      {"recorded_by", suspension.recorded_by.value}};
}

json AccountingJson(const Accounting& accounting) {
  json lines = json::array();
  for (const AccountingLine& line : accounting.lines) {
    json ids = json::array();
    for (DisclosureId id : line.disclosure_ids) ids.push_back(id.value);
    lines.push_back({{"disclosure", DisclosureJson(line.first)},
                     {"summary", line.IsSummary()},
                     {"count", line.count},
                     {"last_disclosed_on", line.last_disclosed_on.ToString()},
                     {"disclosure_ids", std::move(ids)}});
  }
  return {
      {"patient_id", accounting.patient.value},           {"as_of", accounting.as_of.ToString()},
      {"from", accounting.window.from.ToString()},        {"to", accounting.window.to.ToString()},
      {"disclosure_count", accounting.DisclosureCount()}, {"lines", std::move(lines)}};
}

json RecordJson(const AccountingRecord& record) {
  return {{"id", record.id.value},
          {"patient_id", record.patient_id.value},
          {"requested_on", record.requested_on.ToString()},
          {"from", record.window.from.ToString()},
          {"to", record.window.to.ToString()},
          {"line_count", record.line_count},
          {"disclosure_count", record.disclosure_count},
          {"fee_may_apply", record.fee_may_apply},
          {"fee", record.fee.ToPlainString()},
          {"provided_by", record.provided_by.value}};
}

// ---- Schemas ----

json Str() { return {{"type", "string"}}; }
json DateSchema() { return {{"type", "string"}, {"format", "date"}}; }
json Int() { return {{"type", "integer"}}; }
json NullableInt() { return {{"type", json::array({"integer", "null"})}}; }
json Enum(std::initializer_list<std::string_view> names) {
  json values = json::array();
  for (std::string_view name : names) values.push_back(std::string(name));
  return {{"type", "string"}, {"enum", values}};
}

json MeansSchema() {
  json values = json::array();
  for (DisclosureMeans means : kAllDisclosureMeans) {
    values.push_back(std::string(DisclosureMeansName(means)));
  }
  return {{"type", "string"}, {"enum", values}};
}

json BasisSchema() {
  json values = json::array();
  for (DisclosureBasis basis : kAllDisclosureBases) {
    values.push_back(std::string(DisclosureBasisName(basis)));
  }
  return {{"type", "string"}, {"enum", values}};
}

json DisclosureRequestSchema() {
  return {{"type", "object"},
          {"required",
           {"patient_id", "disclosed_on", "recipient_name", "description", "purpose", "means",
            "basis"}},
          {"properties",
           {{"patient_id", Int()},
            {"request_id", NullableInt()},
            {"disclosed_on", DateSchema()},
            {"recipient_name", Str()},
            {"recipient_address", Str()},
            {"description", Str()},
            {"purpose", Str()},
            {"means", MeansSchema()},
            {"fee", {{"type", "string"}, {"examples", {"12.50"}}}},
            {"basis", BasisSchema()}}}};
}

json DisclosureSchema() {
  json schema = DisclosureRequestSchema();
  schema["properties"]["id"] = Int();
  schema["properties"]["released_by"] = Int();
  schema["properties"]["accountable"] = {{"type", "boolean"}};
  schema["properties"]["citation"] = Str();
  return schema;
}

json SuspensionRequestSchema() {
  return {{"type", "object"},
          {"required", {"agency_kind", "agency_name", "statement", "starts_on", "ends_on"}},
          {"properties",
           {{"patient_id", NullableInt()},
            {"agency_kind", Enum({"health_oversight", "law_enforcement"})},
            {"agency_name", Str()},
            {"official", Str()},
            {"statement", Enum({"written", "oral"})},
            {"starts_on", DateSchema()},
            {"ends_on", DateSchema()},
            {"reason", Str()}}}};
}

json SuspensionSchema() {
  json schema = SuspensionRequestSchema();
  schema["properties"]["id"] = Int();
  schema["properties"]["recorded_by"] = Int();
  return schema;
}

json AccountingSchema() {
  return {{"type", "object"},
          {"properties",
           {{"patient_id", Int()},
            {"as_of", DateSchema()},
            {"from", DateSchema()},
            {"to", DateSchema()},
            {"disclosure_count", Int()},
            {"lines",
             {{"type", "array"},
              {"items",
               {{"type", "object"},
                {"properties",
                 {{"disclosure", DisclosureSchema()},
                  {"summary", {{"type", "boolean"}}},
                  {"count", Int()},
                  {"last_disclosed_on", DateSchema()},
                  {"disclosure_ids", {{"type", "array"}, {"items", Int()}}}}}}}}}}}};
}

json RecordSchema() {
  return {{"type", "object"},
          {"properties",
           {{"id", Int()},
            {"patient_id", Int()},
            {"requested_on", DateSchema()},
            {"from", DateSchema()},
            {"to", DateSchema()},
            {"line_count", Int()},
            {"disclosure_count", Int()},
            {"fee_may_apply", {{"type", "boolean"}}},
            {"fee", Str()},
            {"provided_by", Int()}}}};
}

json PageSchema(json item) {
  return {{"type", "object"},
          {"properties",
           {{"items", {{"type", "array"}, {"items", std::move(item)}}},
            {"next", {{"type", json::array({"string", "null"})}}}}}};
}

// ---- Handlers ----

// Runs `work` in one write transaction of the caller's organization and records its audit event
// in it (reads too: the event is a write); its error becomes the response.  The note starts as a
// `read` (kRead) or `create` (kWrite) of `entity_kind`; `work` names the patient and record.
HttpResponse InOrganization(
    Store& store, const AuditTrail& audit, const HttpRequest& request, TxMode mode,
    std::string_view entity_kind,
    const std::function<Result<HttpResponse>(Transaction&, AuditNote&)>& work) {
  if (!request.principal) return ErrorResponse(UnauthenticatedError("sign in first"));
  std::optional<HttpResponse> response;
  Status status = store.InTransaction(
      request.principal->organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
        AuditNote note{.action = mode == TxMode::kRead ? AuditAction::kRead : AuditAction::kCreate,
                       .patient = {},
                       .entity_kind = std::string(entity_kind),
                       .entity_id = {},
                       .detail = request.method + " " + request.path};
        Result<HttpResponse> out = work(tx, note);
        if (!out) return out.error();
        if (Status recorded = audit.RecordNote(tx, ActorOf(request), note); !recorded) {
          return recorded;
        }
        response = std::move(*out);
        return OkStatus();
      });
  if (!status) return ErrorResponse(status.error());
  return std::move(*response);
}

void AddRecordDisclosure(Router& router, Store& store, const AuditTrail& audit) {
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/disclosures",
       .operation_id = "recordDisclosure",
       .summary = "Log a disclosure made outside the request workflow (e.g. a public-health "
                  "report). The caller is recorded as released_by. Whether it is accountable "
                  "follows from basis (45 CFR 164.528(a)(1)); see docs/disclosures.md.",
       .tag = "disclosures",
       .request_schema = DisclosureRequestSchema(),
       .response_schema = DisclosureSchema(),
       .success_status = 201,
       .access = Access::Permission(Permission::kManageRequests)},
      [&store, &audit](const HttpRequest& request) {
        return InOrganization(store, audit, request, TxMode::kWrite, "disclosure",
                              [&](Transaction& tx, AuditNote& note) -> Result<HttpResponse> {
                                Result<json> body = ParseObject(request);
                                if (!body) return body.error();
                                Result<DisclosureEntry> entry =
                                    ParseDisclosure(*body, request.principal->user.id);
                                if (!entry) return entry.error();
                                Result<DisclosureEntry> stored = DisclosureLog().Record(tx, *entry);
                                if (!stored) return stored.error();
                                note.patient = stored->patient_id;
                                note.entity_id = std::to_string(stored->id.value);
                                return JsonResponse(201, DisclosureJson(*stored));
                              });
      });
}

void AddListDisclosures(Router& router, Store& store, const AuditTrail& audit) {
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/patients/{id}/disclosures",
       .operation_id = "listPatientDisclosures",
       .summary = "The patient's full disclosure log (accountable or not), by date then id, "
                  "keyset-paged: pass the returned next as after. from/to are inclusive dates.",
       .tag = "disclosures",
       .response_schema = PageSchema(DisclosureSchema()),
       .query_parameters = {"from", "to", "after", "limit"},
       .access = Access::Permission(Permission::kReadAudit)},
      [&store, &audit](const HttpRequest& request) {
        return InOrganization(
            store, audit, request, TxMode::kRead, "patient_disclosures",
            [&](Transaction& tx, AuditNote& note) -> Result<HttpResponse> {
              Result<PatientId> patient = PatientParam(request);
              if (!patient) return patient.error();
              note.patient = *patient;
              Result<std::optional<Date>> from = OptionalDate(request.Query("from"), "from");
              if (!from) return from.error();
              Result<std::optional<Date>> to = OptionalDate(request.Query("to"), "to");
              if (!to) return to.error();
              Result<std::optional<DisclosureCursor>> after = CursorParam(request.Query("after"));
              if (!after) return after.error();
              Result<int> limit = LimitParam(request);
              if (!limit) return limit.error();
              Result<DisclosurePage> page =
                  DisclosureLog().ListForPatient(tx, DisclosureQuery{.patient = *patient,
                                                                     .from = *from,
                                                                     .to = *to,
                                                                     .after = *after,
                                                                     .limit = *limit});
              if (!page) return page.error();
              json items = json::array();
              for (const DisclosureEntry& entry : page->items)
                items.push_back(DisclosureJson(entry));
              return JsonResponse(
                  200, {{"items", std::move(items)},
                        {"next", page->next ? json(CursorText(*page->next)) : json(nullptr)}});
            });
      });
}

void AddAccounting(Router& router, Store& store, const AuditTrail& audit, const Clock& clock) {
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/patients/{id}/accounting",
       .operation_id = "getAccountingOfDisclosures",
       .summary =
           "The accounting of disclosures (45 CFR 164.528) as of the request date as_of "
           "(default today): accountable disclosures only, by date, repeated disclosures "
           "to one recipient for one purpose summarized. The window defaults to the six "
           "years before as_of; a longer one is refused with 400. Does not record a provided "
           "accounting (the look itself is audited).",
       .tag = "disclosures",
       .response_schema = AccountingSchema(),
       .query_parameters = {"from", "to", "as_of"},
       .access = Access::Permission(Permission::kManageRequests)},
      [&store, &audit, &clock](const HttpRequest& request) {
        return InOrganization(store, audit, request, TxMode::kRead, "accounting",
                              [&](Transaction& tx, AuditNote& note) -> Result<HttpResponse> {
                                Result<PatientId> patient = PatientParam(request);
                                if (!patient) return patient.error();
                                note.patient = *patient;
                                Result<AccountingRequest> wanted = ParseAccountingRequest(
                                    *patient, request.Query("from"), request.Query("to"),
                                    request.Query("as_of"), clock.Today());
                                if (!wanted) return wanted.error();
                                Result<Accounting> accounting =
                                    AccountingOfDisclosures().Produce(tx, *wanted);
                                if (!accounting) return accounting.error();
                                return JsonResponse(200, AccountingJson(*accounting));
                              });
      });
}

void AddProvideAccounting(Router& router, Store& store, const AuditTrail& audit,
                          const Clock& clock) {
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/patients/{id}/accountings",
       .operation_id = "provideAccountingOfDisclosures",
       .summary = "Produce the accounting and record that it was provided to the individual "
                  "(45 CFR 164.528(d)). The record says whether a fee may apply: the first "
                  "accounting in any 12 months is free, so a fee on it is refused with 400.",
       .tag = "disclosures",
       .request_schema = {{"type", "object"},
                          {"properties",
                           {{"as_of", DateSchema()},
                            {"from", DateSchema()},
                            {"to", DateSchema()},
                            {"fee", Str()}}}},
       .response_schema = {{"type", "object"},
                           {"properties",
                            {{"accounting", AccountingSchema()}, {"record", RecordSchema()}}}},
       .success_status = 201,
       .access = Access::Permission(Permission::kManageRequests)},
      [&store, &audit, &clock](const HttpRequest& request) {
        return InOrganization(
            store, audit, request, TxMode::kWrite, "accounting",
            [&](Transaction& tx, AuditNote& note) -> Result<HttpResponse> {
              Result<PatientId> patient = PatientParam(request);
              if (!patient) return patient.error();
              note.patient = *patient;
              Result<json> body = ParseObject(request);
              if (!body) return body.error();
              std::string fields[3];
              const char* names[3] = {"from", "to", "as_of"};
              for (int i = 0; i < 3; ++i) {
                Result<std::string> text = StringField(*body, names[i], false);
                if (!text) return text.error();
                fields[i] = std::move(*text);
              }
              Result<AccountingRequest> wanted =
                  ParseAccountingRequest(*patient, fields[0], fields[1], fields[2], clock.Today());
              if (!wanted) return wanted.error();
              Result<Money> fee = FeeField(*body);
              if (!fee) return fee.error();
              Result<ProvidedAccounting> provided =
                  AccountingOfDisclosures().Provide(tx, *wanted, request.principal->user.id, *fee);
              if (!provided) return provided.error();
              note.entity_id = std::to_string(provided->record.id.value);
              return JsonResponse(201, {{"accounting", AccountingJson(provided->accounting)},
                                        {"record", RecordJson(provided->record)}});
            });
      });
}

void AddSuspensions(Router& router, Store& store, const AuditTrail& audit) {
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/accounting-suspensions",
       .operation_id = "recordAccountingSuspension",
       .summary = "Record a health-oversight or law-enforcement statement suspending accounting "
                  "of disclosures to that agency (45 CFR 164.528(a)(2)). An oral statement "
                  "needs the official's identity and lasts at most 30 days.",
       .tag = "disclosures",
       .request_schema = SuspensionRequestSchema(),
       .response_schema = SuspensionSchema(),
       .success_status = 201,
       .access = Access::Permission(Permission::kManageRequests)},
      [&store, &audit](const HttpRequest& request) {
        return InOrganization(store, audit, request, TxMode::kWrite, "accounting_suspension",
                              [&](Transaction& tx, AuditNote& note) -> Result<HttpResponse> {
                                Result<json> body = ParseObject(request);
                                if (!body) return body.error();
                                Result<AccountingSuspension> suspension =
                                    ParseSuspension(*body, request.principal->user.id);
                                if (!suspension) return suspension.error();
                                Result<AccountingSuspension> stored =
                                    DisclosureLog().RecordSuspension(tx, *suspension);
                                if (!stored) return stored.error();
                                note.entity_id = std::to_string(stored->id.value);
                                return JsonResponse(201, SuspensionJson(*stored));
                              });
      });
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/accounting-suspensions",
       .operation_id = "listAccountingSuspensions",
       .summary = "Accounting suspensions by id; in_force_on=YYYY-MM-DD keeps those in force that "
                  "day. Keyset-paged: pass the returned next as after.",
       .tag = "disclosures",
       .response_schema = PageSchema(SuspensionSchema()),
       .query_parameters = {"in_force_on", "after", "limit"},
       .access = Access::Permission(Permission::kReadAudit)},
      [&store, &audit](const HttpRequest& request) {
        return InOrganization(
            store, audit, request, TxMode::kRead, "accounting_suspensions",
            [&](Transaction& tx, AuditNote& note) -> Result<HttpResponse> {
              Result<std::optional<Date>> day =
                  OptionalDate(request.Query("in_force_on"), "in_force_on");
              if (!day) return day.error();
              AccountingSuspensionId after;
              if (!request.Query("after").empty()) {
                Result<std::int64_t> id = ParseId(request.Query("after"), "after");
                if (!id) return id.error();
                after = AccountingSuspensionId(*id);
              }
              Result<int> limit = LimitParam(request);
              if (!limit) return limit.error();
              Result<std::vector<AccountingSuspension>> found = DisclosureLog().ListSuspensions(
                  tx, SuspensionQuery{.in_force_on = *day, .after_id = after, .limit = *limit});
              if (!found) return found.error();
              note.detail = "listed " + std::to_string(found->size()) + " suspensions";
              json items = json::array();
              for (const AccountingSuspension& s : *found) items.push_back(SuspensionJson(s));
              json next = nullptr;
              if (!found->empty() && found->size() == static_cast<std::size_t>(*limit)) {
                next = std::to_string(found->back().id.value);
              }
              return JsonResponse(200, {{"items", std::move(items)}, {"next", next}});
            });
      });
}

void AddVolumeReport(Router& router, Store& store, const AuditTrail& audit, const Clock& clock) {
  json row = {{"type", "object"},
              {"properties",
               {{"basis", BasisSchema()},
                {"accountable", {{"type", "boolean"}}},
                {"citation", Str()},
                {"count", Int()}}}};
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/reports/disclosures-by-basis",
       .operation_id = "reportDisclosuresByBasis",
       .summary = "How many disclosures the organization made on each legal basis between from "
                  "and to (inclusive; default the 12 months ending today), with whether the "
                  "basis is accountable. Bases without disclosures are left out.",
       .tag = "disclosures",
       .response_schema = {{"type", "object"},
                           {"properties",
                            {{"from", DateSchema()},
                             {"to", DateSchema()},
                             {"total", Int()},
                             {"bases", {{"type", "array"}, {"items", row}}}}}},
       .query_parameters = {"from", "to"},
       .access = Access::Permission(Permission::kReadAudit)},
      [&store, &audit, &clock](const HttpRequest& request) {
        return InOrganization(
            store, audit, request, TxMode::kRead, "disclosure_report",
            [&](Transaction& tx, AuditNote& note) -> Result<HttpResponse> {
              Result<std::optional<Date>> from = OptionalDate(request.Query("from"), "from");
              if (!from) return from.error();
              Result<std::optional<Date>> to = OptionalDate(request.Query("to"), "to");
              if (!to) return to.error();
              Date last = to->value_or(clock.Today());
              Date first = from->value_or(last.AddMonths(-12).AddDays(1));
              Result<std::vector<DisclosureVolume>> volumes =
                  DisclosureLog().VolumeByBasis(tx, first, last);
              if (!volumes) return volumes.error();
              note.detail = "disclosures by basis " + first.ToString() + " to " + last.ToString();
              json bases = json::array();
              std::int64_t total = 0;
              for (const DisclosureVolume& volume : *volumes) {
                total += volume.count;
                bases.push_back({{"basis", std::string(DisclosureBasisName(volume.basis))},
                                 {"accountable", IsAccountable(volume.basis)},
                                 {"citation", std::string(DisclosureBasisCitation(volume.basis))},
                                 {"count", volume.count}});
              }
              return JsonResponse(200, {{"from", first.ToString()},
                                        {"to", last.ToString()},
                                        {"total", total},
                                        {"bases", std::move(bases)}});
            });
      });
}

}  // namespace

void AddDisclosureRoutes(Router& router, Store& store, const AuditTrail& audit,
                         const Clock& clock) {
  AddRecordDisclosure(router, store, audit);
  AddListDisclosures(router, store, audit);
  AddAccounting(router, store, audit, clock);
  AddProvideAccounting(router, store, audit, clock);
  AddSuspensions(router, store, audit);
  AddVolumeReport(router, store, audit, clock);
}

}  // namespace roi::http
