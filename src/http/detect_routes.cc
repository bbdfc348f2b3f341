// Sensitive-content detection over HTTP: scan pasted text, or a stored document's content, and
// answer the suggested labels with highlighted spans (byte offsets) for review.  Handlers only
// translate JSON; the rules live in DocumentScanService and the detector.
#include "app/document_scan_service.h"
#include "http/api.h"
#include "http/error_mapping.h"
#include "http/request_json.h"

namespace roi::http {
namespace {

using nlohmann::json;

json SpanSchema() {
  return {{"type", "object"},
          {"properties",
           {{"begin", {{"type", "integer"}}},
            {"end", {{"type", "integer"}}},
            {"category", {{"type", "string"}}},
            {"label", {{"type", "string"}}},
            {"term", {{"type", "string"}}}}}};
}

json FindingsSchema() {
  return {{"type", "object"},
          {"properties",
           {{"document_id", {{"type", "integer"}}},
            {"labels", {{"type", "array"}, {"items", {{"type", "string"}}}}},
            {"suggested_labels", {{"type", "array"}, {"items", {{"type", "string"}}}}},
            {"missing_labels", {{"type", "array"}, {"items", {{"type", "string"}}}}},
            {"spans", {{"type", "array"}, {"items", SpanSchema()}}},
            {"match_count", {{"type", "integer"}}},
            {"truncated", {{"type", "boolean"}}}}}};
}

json FindingsJson(const SensitiveFindings& findings) {
  json spans = json::array();
  for (const SensitiveSpan& span : findings.spans) {
    spans.push_back({{"begin", span.begin},
                     {"end", span.end},
                     {"category", std::string(SensitiveCategoryName(span.category))},
                     {"label", span.label},
                     {"term", span.term_id}});
  }
  return {{"suggested_labels", findings.labels},
          {"spans", std::move(spans)},
          {"match_count", findings.match_count},
          {"truncated", findings.truncated}};
}

HttpResponse NoStore(int status, const json& body) {
  HttpResponse response = HttpResponse::Json(status, body.dump());
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace

void AddDetectRoutes(Router& router, const DocumentScanService& scans) {
  router.Add({.method = "POST",
              .pattern = "/api/v1/detect",
              .operation_id = "detectSensitiveContent",
              .summary = "Scan {\"text\": ...} (at most 1 MiB) for sensitive content: suggested "
                         "sensitivity labels and spans (byte offsets) to review.",
              .tag = "records",
              .request_schema = {{"type", "object"},
                                 {"required", {"text"}},
                                 {"properties", {{"text", {{"type", "string"}}}}}},
              .response_schema = FindingsSchema(),
              .access = Access::Permission(Permission::kReviewRecords)},
             [&scans](const HttpRequest& request) {
               Result<json> body = ParseObject(request.body);
               if (!body) return ErrorResponse(body.error());
               auto text = body->find("text");
               if (text == body->end() || !text->is_string()) {
                 return ErrorResponse(InvalidArgumentError("text must be a string"));
               }
               Result<SensitiveFindings> findings =
                   scans.ScanText(text->get_ref<const std::string&>());
               if (!findings) return ErrorResponse(findings.error());
               return NoStore(200, FindingsJson(*findings));
             });
  router.Add({.method = "POST",
              .pattern = "/api/v1/documents/{id}/scan",
              .operation_id = "scanDocument",
              .summary = "Scan a stored document's content: suggested labels, the labels it "
                         "lacks, and spans to review.  Changes nothing.",
              .tag = "records",
              .response_schema = FindingsSchema(),
              .access = Access::Permission(Permission::kReviewRecords)},
             [&scans](const HttpRequest& request) {
               Result<std::int64_t> id = PathId(request, "id");
               if (!id) return ErrorResponse(NotFoundError("id does not name a document"));
               Result<SensitiveScan> scan = scans.ScanDocument(*request.principal, DocumentId(*id));
               if (!scan) return ErrorResponse(scan.error());
               json body = FindingsJson(scan->findings);
               body["document_id"] = scan->document.value;
               body["labels"] = scan->labels;
               body["missing_labels"] = scan->missing_labels;
               return NoStore(200, body);
             });
}

}  // namespace roi::http
