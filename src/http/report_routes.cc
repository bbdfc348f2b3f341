// The management reports (GET /api/v1/reports/{turnaround,backlog,volume,fees}, JSON or CSV) and
// retention (legal holds under /api/v1/patients/{id}/legal-holds and
// /api/v1/requests/{id}/legal-holds, GET /api/v1/retention/preview).  Handlers only translate;
// the figures come from ReportService and the rules from RetentionService.
#include <charconv>
#include <string>
#include <vector>

#include "app/report_service.h"
#include "app/retention_service.h"
#include "http/api.h"
#include "http/error_mapping.h"
#include "http/report_csv.h"
#include "http/request_json.h"
#include "http/route_util.h"

namespace roi::http {
namespace {

using nlohmann::json;

json DateJson(Date date) { return date.ToString(); }

json OptionalNumber(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

json OptionalInt(const std::optional<int>& value) { return value ? json(*value) : json(nullptr); }

std::string Number(double value) {
  json text = value;
  return text.dump();
}

std::string OptionalText(const std::optional<double>& value) {
  return value ? Number(*value) : std::string();
}

// The window of `?from=&to=`: the last 30 days by default; one bound alone keeps a 30-day window
// on the other side (from alone runs to today).
Result<ReportWindow> WindowOf(const HttpRequest& request, Date today) {
  ReportWindow window = DefaultReportWindow(today);
  std::string_view from = request.Query("from");
  std::string_view to = request.Query("to");
  if (!to.empty()) {
    Result<Date> parsed = Date::Parse(to);
    if (!parsed) return InvalidArgumentError("to must be a date YYYY-MM-DD");
    window.to = *parsed;
    window.from = parsed->AddDays(-(kDefaultReportWindowDays - 1));
  }
  if (!from.empty()) {
    Result<Date> parsed = Date::Parse(from);
    if (!parsed) return InvalidArgumentError("from must be a date YYYY-MM-DD");
    window.from = *parsed;
    if (to.empty()) window.to = today;
  }
  if (Status valid = ValidateReportWindow(window); !valid) return valid.error();
  return window;
}

// Whether the caller asked for CSV (`?format=csv`); InvalidArgument for another format.
Result<bool> WantsCsv(const HttpRequest& request) {
  std::string_view format = request.Query("format");
  if (format.empty() || format == "json") return false;
  if (format == "csv") return true;
  return InvalidArgumentError("format must be json or csv");
}

HttpResponse CsvResponse(std::string body, const std::string& name) {
  HttpResponse response = HttpResponse::Text(200, std::move(body), "text/csv; charset=utf-8");
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
  return response;
}

std::string RangeLabel(int min, std::optional<int> max) {
  return max ? std::to_string(min) + "-" + std::to_string(*max) : std::to_string(min) + "+";
}

json TurnaroundJson(const TurnaroundReport& report) {
  json histogram = json::array();
  for (const DaysBucket& bucket : report.histogram) {
    histogram.push_back({{"days_min", bucket.days_min},
                         {"days_max", OptionalInt(bucket.days_max)},
                         {"count", bucket.count}});
  }
  return {{"from", DateJson(report.window.from)},
          {"to", DateJson(report.window.to)},
          {"completed", report.completed},
          {"median_days", OptionalNumber(report.median_days)},
          {"p90_days", OptionalNumber(report.p90_days)},
          {"on_time", report.on_time},
          {"on_time_rate", OptionalNumber(report.on_time_rate)},
          {"histogram", histogram}};
}

std::string TurnaroundCsv(const TurnaroundReport& report) {
  std::vector<std::vector<std::string>> rows = {
      {"metric", "value"},
      {"from", report.window.from.ToString()},
      {"to", report.window.to.ToString()},
      {"completed", std::to_string(report.completed)},
      {"median_days", OptionalText(report.median_days)},
      {"p90_days", OptionalText(report.p90_days)},
      {"on_time", std::to_string(report.on_time)},
      {"on_time_rate", OptionalText(report.on_time_rate)}};
  for (const DaysBucket& bucket : report.histogram) {
    rows.push_back(
        {"days " + RangeLabel(bucket.days_min, bucket.days_max), std::to_string(bucket.count)});
  }
  return CsvTable(rows);
}

json BacklogJson(const BacklogReport& report) {
  json buckets = json::array();
  for (const BacklogBucket& bucket : report.buckets) {
    buckets.push_back({{"label", bucket.label},
                       {"min_days", bucket.min_days},
                       {"max_days", OptionalInt(bucket.max_days)},
                       {"count", bucket.count}});
  }
  return {{"as_of", DateJson(report.as_of)},
          {"open", report.open},
          {"overdue", report.overdue},
          {"buckets", buckets}};
}

std::string BacklogCsv(const BacklogReport& report) {
  std::vector<std::vector<std::string>> rows = {{"metric", "value"},
                                                {"as_of", report.as_of.ToString()},
                                                {"open", std::to_string(report.open)},
                                                {"overdue", std::to_string(report.overdue)}};
  for (const BacklogBucket& bucket : report.buckets) {
    rows.push_back({"age " + bucket.label, std::to_string(bucket.count)});
  }
  return CsvTable(rows);
}

json VolumeJson(const VolumeReport& report) {
  json rows = json::array();
  for (const VolumeGroup& group : report.rows) {
    rows.push_back({{"requester_role", group.requester_role},
                    {"outcome", std::string(RequestStateName(group.state))},
                    {"count", group.count}});
  }
  return {
      {"from", DateJson(report.window.from)}, {"to", DateJson(report.window.to)}, {"rows", rows}};
}

std::string VolumeCsv(const VolumeReport& report) {
  std::vector<std::vector<std::string>> rows = {{"requester_role", "outcome", "count"}};
  for (const VolumeGroup& group : report.rows) {
    rows.push_back({group.requester_role, std::string(RequestStateName(group.state)),
                    std::to_string(group.count)});
  }
  return CsvTable(rows);
}

json FeesJson(const FeeReport& report) {
  return {{"from", DateJson(report.window.from)},
          {"to", DateJson(report.window.to)},
          {"invoiced_cents", report.totals.invoiced_cents},
          {"collected_cents", report.totals.collected_cents},
          {"waived_cents", report.totals.waived_cents},
          {"outstanding_cents", report.totals.outstanding_cents}};
}

std::string FeesCsv(const FeeReport& report) {
  return CsvTable(
      {{"from", "to", "invoiced_cents", "collected_cents", "waived_cents", "outstanding_cents"},
       {report.window.from.ToString(), report.window.to.ToString(),
        std::to_string(report.totals.invoiced_cents), std::to_string(report.totals.collected_cents),
        std::to_string(report.totals.waived_cents),
        std::to_string(report.totals.outstanding_cents)}});
}

json WindowedSchema(json properties) {
  properties["from"] = {{"type", "string"}, {"format", "date"}};
  properties["to"] = {{"type", "string"}, {"format", "date"}};
  return {{"type", "object"}, {"properties", properties}};
}

const std::vector<std::string> kWindowParameters = {"from", "to", "format"};

// Adds one windowed report route: `run` computes the report; `to_json` and `to_csv` render it.
template <typename Report, typename Run, typename ToJson, typename ToCsv>
void AddWindowedReport(Router& router, ReportService& reports, const std::string& name,
                       const std::string& operation_id, const std::string& summary, json schema,
                       Run run, ToJson to_json, ToCsv to_csv) {
  router.Add({.method = "GET",
              .pattern = "/api/v1/reports/" + name,
              .operation_id = operation_id,
              .summary = summary,
              .tag = "reports",
              .response_schema = std::move(schema),
              .query_parameters = kWindowParameters,
              .access = Access::Permission(Permission::kViewReports)},
             [&reports, name, run, to_json, to_csv](const HttpRequest& request) {
               Result<bool> csv = WantsCsv(request);
               if (!csv) return ErrorResponse(csv.error());
               Result<ReportWindow> window = WindowOf(request, reports.Today());
               if (!window) return ErrorResponse(window.error());
               Result<Report> report = run(*request.principal, *window);
               if (!report) return ErrorResponse(report.error());
               if (*csv) {
                 return CsvResponse(to_csv(*report), name + "-" + window->from.ToString() + "-" +
                                                         window->to.ToString());
               }
               return JsonResponse(200, to_json(*report));
             });
}

void AddReports(Router& router, ReportService& reports) {
  const json count = {{"type", "integer"}};
  const json number = {{"type", {"number", "null"}}};
  AddWindowedReport<TurnaroundReport>(
      router, reports, "turnaround", "reportTurnaround",
      "Requests completed (released or denied) in the window: median and p90 days from receipt, "
      "on-time count and rate, histogram of days.",
      WindowedSchema({{"completed", count},
                      {"median_days", number},
                      {"p90_days", number},
                      {"on_time", count},
                      {"on_time_rate", number},
                      {"histogram", {{"type", "array"}}}}),
      [&reports](const Principal& caller, const ReportWindow& window) {
        return reports.Turnaround(caller, window);
      },
      TurnaroundJson, TurnaroundCsv);
  AddWindowedReport<VolumeReport>(
      router, reports, "volume", "reportVolume",
      "Requests received in the window by requester role and outcome (their status now).",
      WindowedSchema({{"rows", {{"type", "array"}}}}),
      [&reports](const Principal& caller, const ReportWindow& window) {
        return reports.Volume(caller, window);
      },
      VolumeJson, VolumeCsv);
  AddWindowedReport<FeeReport>(
      router, reports, "fees", "reportFees",
      "Fees invoiced in the window, payments collected and waivers granted in it, and what the "
      "window's invoices still owe.",
      WindowedSchema({{"invoiced_cents", count},
                      {"collected_cents", count},
                      {"waived_cents", count},
                      {"outstanding_cents", count}}),
      [&reports](const Principal& caller, const ReportWindow& window) {
        return reports.Fees(caller, window);
      },
      FeesJson, FeesCsv);
  router.Add({.method = "GET",
              .pattern = "/api/v1/reports/backlog",
              .operation_id = "reportBacklog",
              .summary = "Open requests today by age (days since receipt), with the overdue count.",
              .tag = "reports",
              .response_schema = {{"type", "object"},
                                  {"properties",
                                   {{"as_of", {{"type", "string"}, {"format", "date"}}},
                                    {"open", count},
                                    {"overdue", count},
                                    {"buckets", {{"type", "array"}}}}}},
              .query_parameters = {"format"},
              .access = Access::Permission(Permission::kViewReports)},
             [&reports](const HttpRequest& request) {
               Result<bool> csv = WantsCsv(request);
               if (!csv) return ErrorResponse(csv.error());
               Result<BacklogReport> report = reports.Backlog(*request.principal);
               if (!report) return ErrorResponse(report.error());
               if (*csv) {
                 return CsvResponse(BacklogCsv(*report), "backlog-" + report->as_of.ToString());
               }
               return JsonResponse(200, BacklogJson(*report));
             });
}

// Retention.

json OptionalId(std::int64_t id) { return id == 0 ? json(nullptr) : json(id); }

json HoldJson(const LegalHold& hold) {
  return {
      {"id", hold.id},
      {"patient_id", OptionalId(hold.patient_id.value)},
      {"request_id", OptionalId(hold.request_id.value)},
      {"reason", hold.reason},
      {"placed_by", hold.placed_by.value},
      {"placed_micros", hold.placed_micros},
      {"released_by", OptionalId(hold.released_by.value)},
      {"released_micros", hold.released_micros == 0 ? json(nullptr) : json(hold.released_micros)},
      {"active", hold.Active()}};
}

json HoldsJson(const std::vector<LegalHold>& holds) {
  json out = json::array();
  for (const LegalHold& hold : holds) out.push_back(HoldJson(hold));
  return {{"holds", out}};
}

json CandidateJson(const RetentionCandidate& candidate) {
  return {{"request_id", candidate.request_id.value},
          {"number", candidate.number},
          {"patient_id", candidate.patient_id.value},
          {"state", std::string(RequestStateName(candidate.state))},
          {"received_on", DateJson(candidate.received_on)},
          {"last_effective_on", DateJson(candidate.last_effective_on)}};
}

Result<std::string> ReasonOf(const HttpRequest& request) {
  Result<json> body = ParseObject(request.body);
  if (!body) return body.error();
  auto reason = body->find("reason");
  if (reason == body->end() || !reason->is_string()) {
    return InvalidArgumentError("reason is required (a string)");
  }
  return reason->get<std::string>();
}

Result<std::int64_t> HoldIdOf(const HttpRequest& request) {
  auto found = request.path_params.find("hold_id");
  std::int64_t value = 0;
  if (found != request.path_params.end()) {
    const std::string& text = found->second;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) value = 0;
  }
  if (value <= 0) return NotFoundError("hold_id does not name a record");
  return value;
}

const json kHoldSchema = {{"type", "object"},
                          {"properties",
                           {{"id", {{"type", "integer"}}},
                            {"reason", {{"type", "string"}}},
                            {"active", {{"type", "boolean"}}}}}};
const json kHoldRequestSchema = {{"type", "object"},
                                 {"required", {"reason"}},
                                 {"properties", {{"reason", {{"type", "string"}}}}}};

// The three hold routes under `base` ("/api/v1/patients" or "/api/v1/requests").
template <typename Id, typename Place, typename Release, typename List>
void AddHoldRoutes(Router& router, const std::string& base, const std::string& noun, Place place,
                   Release release, List list) {
  router.Add({.method = "POST",
              .pattern = base + "/{id}/legal-holds",
              .operation_id = "place" + noun + "LegalHold",
              .summary = "Place a legal hold (with its reason): nothing it covers is purged.",
              .tag = "retention",
              .request_schema = kHoldRequestSchema,
              .response_schema = kHoldSchema,
              .success_status = 201,
              .access = Access::Permission(Permission::kManageRetention)},
             [place](const HttpRequest& request) {
               Result<Id> id = RecordPathId<Id>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<std::string> reason = ReasonOf(request);
               if (!reason) return ErrorResponse(reason.error());
               Result<LegalHold> hold = place(*request.principal, *id, *reason);
               if (!hold) return ErrorResponse(hold.error());
               return JsonResponse(201, HoldJson(*hold));
             });
  router.Add({.method = "GET",
              .pattern = base + "/{id}/legal-holds",
              .operation_id = "list" + noun + "LegalHolds",
              .summary = "Legal holds placed on it, released ones included.",
              .tag = "retention",
              .access = Access::Permission(Permission::kManageRetention)},
             [list](const HttpRequest& request) {
               Result<Id> id = RecordPathId<Id>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<std::vector<LegalHold>> holds = list(*request.principal, *id);
               if (!holds) return ErrorResponse(holds.error());
               return JsonResponse(200, HoldsJson(*holds));
             });
  router.Add({.method = "DELETE",
              .pattern = base + "/{id}/legal-holds/{hold_id}",
              .operation_id = "release" + noun + "LegalHold",
              .summary = "Release a legal hold (kept, with who released it and when).",
              .tag = "retention",
              .response_schema = kHoldSchema,
              .access = Access::Permission(Permission::kManageRetention)},
             [release](const HttpRequest& request) {
               Result<Id> id = RecordPathId<Id>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<std::int64_t> hold_id = HoldIdOf(request);
               if (!hold_id) return ErrorResponse(hold_id.error());
               Result<LegalHold> hold = release(*request.principal, *id, *hold_id);
               if (!hold) return ErrorResponse(hold.error());
               return JsonResponse(200, HoldJson(*hold));
             });
}

}  // namespace

json RetentionReportJson(const RetentionReport& report) {
  json eligible = json::array();
  for (const RetentionCandidate& candidate : report.eligible) {
    eligible.push_back(CandidateJson(candidate));
  }
  json held = json::array();
  for (const RetentionCandidate& candidate : report.held) held.push_back(CandidateJson(candidate));
  json purged = json::array();
  for (const PurgeRecord& record : report.purged) {
    purged.push_back({{"request_id", record.request_id.value},
                      {"number", record.request_number},
                      {"patient_id", record.patient_id.value},
                      {"received_on", DateJson(record.received_on)},
                      {"last_effective_on", DateJson(record.last_effective_on)},
                      {"purged_micros", record.purged_micros}});
  }
  return {{"as_of", DateJson(report.as_of)},
          {"retention_years", report.years},
          {"cutoff", DateJson(report.cutoff)},
          {"dry_run", report.dry_run},
          {"eligible_count", eligible.size()},
          {"held_count", held.size()},
          {"purged_count", purged.size()},
          {"truncated", report.truncated},
          {"eligible", eligible},
          {"held", held},
          {"purged", purged}};
}

void AddReportRoutes(Router& router, ReportService& reports) { AddReports(router, reports); }

void AddRetentionRoutes(Router& router, RetentionService& retention) {
  AddHoldRoutes<PatientId>(
      router, "/api/v1/patients", "Patient",
      [&retention](const Principal& caller, PatientId id, const std::string& reason) {
        return retention.PlacePatientHold(caller, id, reason);
      },
      [&retention](const Principal& caller, PatientId id, std::int64_t hold) {
        return retention.ReleasePatientHold(caller, id, hold);
      },
      [&retention](const Principal& caller, PatientId id) {
        return retention.PatientHolds(caller, id);
      });
  AddHoldRoutes<RequestId>(
      router, "/api/v1/requests", "Request",
      [&retention](const Principal& caller, RequestId id, const std::string& reason) {
        return retention.PlaceRequestHold(caller, id, reason);
      },
      [&retention](const Principal& caller, RequestId id, std::int64_t hold) {
        return retention.ReleaseRequestHold(caller, id, hold);
      },
      [&retention](const Principal& caller, RequestId id) {
        return retention.RequestHolds(caller, id);
      });
  router.Add({.method = "GET",
              .pattern = "/api/v1/retention/preview",
              .operation_id = "previewRetention",
              .summary = "Dry run of the retention purge: the requests past retention that would "
                         "be purged and those kept by a legal hold.  Changes nothing.",
              .tag = "retention",
              .query_parameters = {"limit"},
              .access = Access::Permission(Permission::kManageRetention)},
             [&retention](const HttpRequest& request) {
               int limit = 1000;
               std::string_view text = request.Query("limit");
               if (!text.empty()) {
                 auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), limit);
                 if (error != std::errc() || end != text.data() + text.size() || limit < 1 ||
                     limit > 10000) {
                   return ErrorResponse(InvalidArgumentError("limit must be 1 to 10000"));
                 }
               }
               Result<RetentionReport> report = retention.Preview(*request.principal, limit);
               if (!report) return ErrorResponse(report.error());
               return JsonResponse(200, RetentionReportJson(*report));
             });
}

}  // namespace roi::http
