// Redactions over HTTP: POST/GET /api/v1/requests/{id}/redactions and
// DELETE /api/v1/requests/{id}/redactions/{n}.  A POST takes one redaction, or
// {"redactions": [...]}, and an item may carry "spans" — the highlights the scan route
// (/api/v1/documents/{id}/scan) returned — to accept them all at once under one reason.
// Handlers only translate JSON; the rules live in RedactionService.
#include <nlohmann/json.hpp>

#include "app/redaction_service.h"
#include "http/api.h"
#include "http/error_mapping.h"
#include "http/request_json.h"
#include "http/route_util.h"

namespace roi::http {
namespace {

using nlohmann::json;

json SpanSchema() {
  return {{"type", "object"},
          {"required", {"begin", "end"}},
          {"properties", {{"begin", {{"type", "integer"}}}, {"end", {{"type", "integer"}}}}}};
}

json ReasonSchema() {
  json names = json::array();
  for (RedactionReason reason : kAllRedactionReasons) {
    names.push_back(std::string(RedactionReasonName(reason)));
  }
  return {{"type", "string"}, {"enum", names}};
}

json ItemSchema() {
  return {{"type", "object"},
          {"required", {"document_id", "reason"}},
          {"properties",
           {{"document_id", {{"type", "integer"}}},
            {"span", SpanSchema()},
            {"spans", {{"type", "array"}, {"items", SpanSchema()}}},
            {"page", {{"type", "integer"}, {"minimum", 1}}},
            {"reason", ReasonSchema()},
            {"reason_text", {{"type", "string"}}}}}};
}

// One item, or {"redactions": [items]}.
json BodySchema() {
  json schema = ItemSchema();
  schema.erase("required");
  schema["properties"]["redactions"] = {{"type", "array"}, {"items", ItemSchema()}};
  return schema;
}

json RedactionSchema() {
  return {{"type", "object"},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"request_id", {{"type", "integer"}}},
            {"document_id", {{"type", "integer"}}},
            {"span", SpanSchema()},
            {"page", {{"type", "integer"}}},
            {"reason", ReasonSchema()},
            {"reason_text", {{"type", "string"}}},
            {"marked_by", {{"type", "integer"}}},
            {"marked_micros", {{"type", "integer"}}}}}};
}

json ListSchema() {
  return {{"type", "object"},
          {"properties", {{"redactions", {{"type", "array"}, {"items", RedactionSchema()}}}}}};
}

json RedactionJson(const Redaction& redaction) {
  json out = {{"id", redaction.id},
              {"request_id", redaction.request_id.value},
              {"document_id", redaction.document_id.value},
              {"reason", std::string(RedactionReasonName(redaction.reason))},
              {"reason_text", redaction.reason_text},
              {"marked_by", redaction.marked_by.value},
              {"marked_micros", redaction.marked_micros}};
  if (redaction.has_span) {
    out["span"] = {{"begin", redaction.span.begin}, {"end", redaction.span.end}};
  } else {
    out["page"] = redaction.page;
  }
  return out;
}

json ListJson(const std::vector<Redaction>& redactions) {
  json items = json::array();
  for (const Redaction& redaction : redactions) items.push_back(RedactionJson(redaction));
  return {{"redactions", std::move(items)}};
}

Result<std::int64_t> Integer(const json& object, const char* name, const std::string& where) {
  auto found = object.find(name);
  if (found == object.end() || !found->is_number_integer()) {
    return InvalidArgumentError(where + name + " must be an integer");
  }
  return found->get<std::int64_t>();
}

Result<TextSpan> ParseSpan(const json& span, const std::string& where) {
  if (!span.is_object()) return InvalidArgumentError(where + "a span must be an object");
  Result<std::int64_t> begin = Integer(span, "begin", where);
  if (!begin) return begin.error();
  Result<std::int64_t> end = Integer(span, "end", where);
  if (!end) return end.error();
  return TextSpan{.begin = *begin, .end = *end};
}

// Appends the command(s) of one item to `out`.
Status ParseItem(const json& item, const std::string& where, std::vector<RedactionCommand>& out) {
  if (!item.is_object()) return InvalidArgumentError(where + "must be an object");
  Result<std::int64_t> document = Integer(item, "document_id", where);
  if (!document) return document.error();
  if (*document <= 0) return InvalidArgumentError(where + "document_id must be positive");
  auto reason_field = item.find("reason");
  if (reason_field == item.end() || !reason_field->is_string()) {
    return InvalidArgumentError(where + "reason is required");
  }
  Result<RedactionReason> reason = ParseRedactionReason(reason_field->get<std::string>());
  if (!reason) return Error{reason.error().code, where + reason.error().message};
  RedactionCommand base{.document = DocumentId(*document), .reason = *reason};
  if (auto text = item.find("reason_text"); text != item.end() && !text->is_null()) {
    if (!text->is_string()) return InvalidArgumentError(where + "reason_text must be a string");
    base.reason_text = text->get<std::string>();
  }
  int targets = static_cast<int>(item.contains("span")) + static_cast<int>(item.contains("spans")) +
                static_cast<int>(item.contains("page"));
  if (targets != 1) {
    return InvalidArgumentError(where + "give exactly one of span, spans or page");
  }
  if (item.contains("page")) {
    Result<std::int64_t> page = Integer(item, "page", where);
    if (!page) return page.error();
    base.page = *page;
    if (base.page <= 0) return InvalidArgumentError(where + "page must be 1 or more");
    out.push_back(std::move(base));
    return OkStatus();
  }
  if (item.contains("span")) {
    Result<TextSpan> span = ParseSpan(item["span"], where);
    if (!span) return span.error();
    base.span = *span;
    out.push_back(std::move(base));
    return OkStatus();
  }
  const json& spans = item["spans"];
  if (!spans.is_array() || spans.empty()) {
    return InvalidArgumentError(where + "spans must be a non-empty array");
  }
  for (std::size_t i = 0; i < spans.size(); ++i) {
    Result<TextSpan> span = ParseSpan(spans[i], where + "spans[" + std::to_string(i) + "]: ");
    if (!span) return span.error();
    RedactionCommand command = base;
    command.span = *span;
    out.push_back(std::move(command));
  }
  return OkStatus();
}

Result<std::vector<RedactionCommand>> ParseCommands(const json& body) {
  std::vector<RedactionCommand> out;
  if (!body.contains("redactions")) {
    if (Status parsed = ParseItem(body, "", out); !parsed) return parsed.error();
    return out;
  }
  const json& items = body["redactions"];
  if (!items.is_array() || items.empty()) {
    return InvalidArgumentError("redactions must be a non-empty array");
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string where = "redactions[" + std::to_string(i) + "]: ";
    if (Status parsed = ParseItem(items[i], where, out); !parsed) return parsed.error();
    if (out.size() > RedactionService::kMaxPerCall) break;
  }
  return out;
}

}  // namespace

void AddRedactionRoutes(Router& router, RedactionService& redactions) {
  router.Add({.method = "POST",
              .pattern = "/api/v1/requests/{id}/redactions",
              .operation_id = "markRedactions",
              .summary = "Mark redactions of the request's documents, all or none: a text span "
                         "(UTF-8 byte offsets into the document's text, on character "
                         "boundaries), several spans at once (e.g. the highlights of "
                         "/api/v1/documents/{id}/scan) or a PDF page, each with a reason. "
                         "The body is one item or {\"redactions\": [items]}. Only while the "
                         "request is open.",
              .tag = "redactions",
              .request_schema = BodySchema(),
              .response_schema = ListSchema(),
              .success_status = 201,
              .access = Access::Permission(Permission::kReviewRecords)},
             [&redactions](const HttpRequest& request) {
               Result<RequestId> id = RecordPathId<RequestId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<json> body = ParseObject(request.body);
               if (!body) return ErrorResponse(body.error());
               Result<std::vector<RedactionCommand>> commands = ParseCommands(*body);
               if (!commands) return ErrorResponse(commands.error());
               Result<std::vector<Redaction>> marked =
                   redactions.Mark(*request.principal, *id, *commands);
               if (!marked) return ErrorResponse(marked.error());
               return JsonResponse(201, ListJson(*marked));
             });
  router.Add({.method = "GET",
              .pattern = "/api/v1/requests/{id}/redactions",
              .operation_id = "listRedactions",
              .summary = "The request's redactions, by id.",
              .tag = "redactions",
              .response_schema = ListSchema(),
              .access = Access::Permission(Permission::kReviewRecords)},
             [&redactions](const HttpRequest& request) {
               Result<RequestId> id = RecordPathId<RequestId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<std::vector<Redaction>> found = redactions.List(*request.principal, *id);
               if (!found) return ErrorResponse(found.error());
               return JsonResponse(200, ListJson(*found));
             });
  router.Add({.method = "DELETE",
              .pattern = "/api/v1/requests/{id}/redactions/{n}",
              .operation_id = "removeRedaction",
              .summary = "Remove redaction n of the request (only while the request is open).",
              .tag = "redactions",
              .success_status = 204,
              .access = Access::Permission(Permission::kReviewRecords)},
             [&redactions](const HttpRequest& request) {
               Result<RequestId> id = RecordPathId<RequestId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<RequestId> n = RecordPathId<RequestId>(request, "n");
               if (!n) return ErrorResponse(n.error());
               Status removed = redactions.Remove(*request.principal, *id, n->value);
               if (!removed) return ErrorResponse(removed.error());
               return HttpResponse::Text(204, "", "text/plain");
             });
}

}  // namespace roi::http
