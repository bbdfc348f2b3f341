// Secure delivery over HTTP: the staff routes under /api/v1/requests/{id}/deliveries and the
// public link routes (GET /d/{token}: the access-code page; POST /api/v1/downloads/{token}: the
// packet).  Every rule lives in DeliveryService (docs/documents.md, "Secure delivery").
#include <nlohmann/json.hpp>
#include <string>

#include "app/delivery_service.h"
#include "http/api.h"
#include "http/error_mapping.h"
#include "http/request_json.h"
#include "http/route_util.h"

namespace roi::http {
namespace {

using nlohmann::json;

json EventJson(const DeliveryEvent& event) {
  json out = {{"id", event.id},
              {"kind", event.kind},
              {"detail", event.detail},
              {"tracking_number", event.tracking_number},
              {"actor", event.actor_label},
              {"remote_address", event.remote_address},
              {"occurred_micros", event.occurred_micros}};
  if (event.actor.IsSet()) out["actor_id"] = event.actor.value;
  return out;
}

json DeliveryJson(const Delivery& d) {
  json out = {{"id", d.id.value},
              {"request_id", d.request_id.value},
              {"disclosure_id", d.disclosure_id.value},
              {"medium", DeliveryMediumName(d.medium)},
              {"status", DeliveryStatusName(d.status)},
              {"recipient", d.recipient},
              {"address", d.address},
              {"tracking_number", d.tracking_number},
              {"created_by", d.created_by.value},
              {"created_micros", d.created_micros},
              {"updated_micros", d.updated_micros}};
  if (IsLinkMedium(d.medium)) {
    out["link"] = {{"file_name", d.file_name},           {"page_count", d.page_count},
                   {"expires_micros", d.expires_micros}, {"max_downloads", d.max_downloads},
                   {"downloads", d.downloads},           {"failed_codes", d.failed_codes},
                   {"issued", !d.token_digest.empty()},  {"revoked_micros", d.revoked_micros}};
  }
  return out;
}

json RecordJson(const DeliveryRecord& record) {
  json out = DeliveryJson(record.delivery);
  json events = json::array();
  for (const DeliveryEvent& event : record.events) events.push_back(EventJson(event));
  out["events"] = std::move(events);
  return out;
}

json DeliverySchema() {
  json text = {{"type", "string"}};
  json integer = {{"type", "integer"}};
  return {
      {"type", "object"},
      {"properties",
       {{"id", integer},
        {"request_id", integer},
        {"disclosure_id", integer},
        {"medium",
         {{"type", "string"}, {"enum", {"download_link", "email_link", "mail", "fax", "pickup"}}}},
        {"status",
         {{"type", "string"}, {"enum", {"pending", "sent", "delivered", "failed", "revoked"}}}},
        {"recipient", text},
        {"address", text},
        {"tracking_number", text},
        {"link", {{"type", "object"}}},
        {"events", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}};
}

json NewDeliverySchema() {
  json text = {{"type", "string"}};
  return {
      {"type", "object"},
      {"required", {"medium", "recipient"}},
      {"properties",
       {{"medium",
         {{"type", "string"}, {"enum", {"download_link", "email_link", "mail", "fax", "pickup"}}}},
        {"recipient", text},
        {"address", text},
        {"tracking_number", text}}}};
}

// A string field of `body`; "" when absent; InvalidArgument when not a string.
Result<std::string> TextField(const json& body, const char* name) {
  auto found = body.find(name);
  if (found == body.end() || found->is_null()) return std::string();
  if (!found->is_string()) return InvalidArgumentError(std::string(name) + " must be a string");
  return found->get<std::string>();
}

Result<NewDelivery> ParseNewDelivery(const std::string& text) {
  Result<json> body = ParseObject(text);
  if (!body) return body.error();
  Result<std::string> medium = TextField(*body, "medium");
  Result<std::string> recipient = TextField(*body, "recipient");
  Result<std::string> address = TextField(*body, "address");
  Result<std::string> tracking = TextField(*body, "tracking_number");
  for (const Result<std::string>* field : {&medium, &recipient, &address, &tracking}) {
    if (!*field) return field->error();
  }
  Result<DeliveryMedium> parsed = ParseDeliveryMedium(*medium);
  if (!parsed) return parsed.error();
  return NewDelivery{.medium = *parsed,
                     .recipient = *recipient,
                     .address = *address,
                     .tracking_number = *tracking};
}

Result<TrackingUpdate> ParseTracking(const std::string& text) {
  Result<json> body = ParseObject(text);
  if (!body) return body.error();
  Result<std::string> kind = TextField(*body, "kind");
  Result<std::string> tracking = TextField(*body, "tracking_number");
  Result<std::string> detail = TextField(*body, "detail");
  for (const Result<std::string>* field : {&kind, &tracking, &detail}) {
    if (!*field) return field->error();
  }
  return TrackingUpdate{.kind = *kind, .tracking_number = *tracking, .detail = *detail};
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The value of `name` in an application/x-www-form-urlencoded body ("" when absent).
std::string FormField(std::string_view body, std::string_view name) {
  while (!body.empty()) {
    std::size_t amp = body.find('&');
    std::string_view pair = body.substr(0, amp);
    std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      std::string out;
      std::string_view value = pair.substr(eq + 1);
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '+') {
          out.push_back(' ');
        } else if (value[i] == '%' && i + 2 < value.size() && HexValue(value[i + 1]) >= 0 &&
                   HexValue(value[i + 2]) >= 0) {
          out.push_back(static_cast<char>(HexValue(value[i + 1]) * 16 + HexValue(value[i + 2])));
          i += 2;
        } else {
          out.push_back(value[i]);
        }
      }
      return out;
    }
    if (amp == std::string_view::npos) break;
    body.remove_prefix(amp + 1);
  }
  return {};
}

// The access code from a JSON body {"access_code": "..."} or an HTML form post.
Result<std::string> AccessCode(const HttpRequest& request) {
  std::string_view type = request.Header("content-type");
  if (type.substr(0, 33) == "application/x-www-form-urlencoded") {
    return FormField(request.body, "access_code");
  }
  Result<json> body = ParseObject(request.body);
  if (!body) return body.error();
  return TextField(*body, "access_code");
}

// True for a token that could have been issued: "<digits>.<base64url>", at most 200 bytes.
bool PlausibleToken(std::string_view token) {
  if (token.empty() || token.size() > 200) return false;
  for (char c : token) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// Headers for the public pages: nothing cached, no referrer (the token is in the URL), no framing.
void PublicHeaders(HttpResponse& response) {
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  response.headers.emplace_back("X-Frame-Options", "DENY");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back(
      "Content-Security-Policy",
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
}

// The access-code page.  Says nothing about the link, the records or the patient: it is the same
// page for every token, live or not (the POST tells).
std::string AccessPage(std::string_view token) {
  std::string form;
  if (PlausibleToken(token)) {
    form = "<form method=\"post\" action=\"/api/v1/downloads/" + std::string(token) +
           "\">\n<label for=\"code\">Access code</label>\n"
           "<input id=\"code\" name=\"access_code\" inputmode=\"numeric\" autocomplete=\"off\" "
           "required maxlength=\"64\">\n<button type=\"submit\">Download</button>\n</form>\n";
  } else {
    form = "<p>" + std::string(kDeadLinkMessage) + ".</p>\n";
  }
  return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"robots\" content=\"noindex\">\n<title>Secure download</title>\n"
         "<style>body{font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}"
         "input,button{font-size:1.2rem;margin:.5rem 0;display:block}</style>\n</head>\n<body>\n"
         "<h1>Secure download</h1>\n<p>Enter the access code you received separately (not in "
         "the email or message that gave you this link).</p>\n" +
         form + "</body>\n</html>\n";
}

}  // namespace

Result<std::string> DownloadAccessCode(const HttpRequest& request) { return AccessCode(request); }

HttpResponse PacketDownloadResponse(Result<DownloadedPacket> packet) {
  if (!packet) {
    HttpResponse refused = ErrorResponse(packet.error());
    PublicHeaders(refused);
    return refused;
  }
  std::string name = packet->file_name.empty() ? "records.pdf" : packet->file_name;
  for (char& c : name) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) c = '_';
  }
  HttpResponse response = HttpResponse::Text(200, std::move(packet->bytes), "application/pdf");
  response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "\"");
  response.headers.emplace_back("X-Downloads-Left", std::to_string(packet->downloads_left));
  PublicHeaders(response);
  return response;
}

void AddDeliveryRoutes(Router& router, DeliveryService& deliveries) {
  router.Add({.method = "POST",
              .pattern = "/api/v1/requests/{id}/deliveries",
              .operation_id = "createDelivery",
              .summary = "Deliver the request's released packet: medium download_link or "
                         "email_link (an expiring, download-limited link plus an access code "
                         "returned here once, to send by a second channel; email_link also sends "
                         "a notification email from a background job), or record mail, fax or "
                         "pickup with address/number and tracking number.  409 until the request "
                         "has a disclosure entry (is released).",
              .tag = "delivery",
              .request_schema = NewDeliverySchema(),
              .response_schema = DeliverySchema(),
              .success_status = 201,
              .access = Access::Permission(Permission::kReleaseRecords)},
             [&deliveries](const HttpRequest& request) {
               Result<RequestId> id = RecordPathId<RequestId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<NewDelivery> wanted = ParseNewDelivery(request.body);
               if (!wanted) return ErrorResponse(wanted.error());
               Result<IssuedDelivery> issued = deliveries.Create(*request.principal, *id, *wanted);
               if (!issued) return ErrorResponse(issued.error());
               json out = DeliveryJson(issued->delivery);
               if (!issued->access_code.empty()) out["access_code"] = issued->access_code;
               if (!issued->link.empty()) out["url"] = issued->link;
               return JsonResponse(201, out);
             });
  router.Add({.method = "GET",
              .pattern = "/api/v1/requests/{id}/deliveries",
              .operation_id = "listDeliveries",
              .summary = "The request's deliveries with their events (sent, downloads, refusals, "
                         "revocation, tracking), each naming the disclosure entry it belongs to.",
              .tag = "delivery",
              .response_schema = {{"type", "object"},
                                  {"properties",
                                   {{"items", {{"type", "array"}, {"items", DeliverySchema()}}}}}},
              .access = Access::Permission(Permission::kManageRequests)},
             [&deliveries](const HttpRequest& request) {
               Result<RequestId> id = RecordPathId<RequestId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<std::vector<DeliveryRecord>> records =
                   deliveries.List(*request.principal, *id);
               if (!records) return ErrorResponse(records.error());
               json items = json::array();
               for (const DeliveryRecord& record : *records) items.push_back(RecordJson(record));
               return JsonResponse(200, {{"items", std::move(items)}});
             });
  router.Add({.method = "POST",
              .pattern = "/api/v1/requests/{id}/deliveries/{n}/revoke",
              .operation_id = "revokeDelivery",
              .summary = "Withdraw a download link: it never works again.",
              .tag = "delivery",
              .response_schema = DeliverySchema(),
              .access = Access::Permission(Permission::kReleaseRecords)},
             [&deliveries](const HttpRequest& request) {
               Result<RequestId> id = RecordPathId<RequestId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<DeliveryId> n = RecordPathId<DeliveryId>(request, "n");
               if (!n) return ErrorResponse(n.error());
               Result<DeliveryRecord> record = deliveries.Revoke(*request.principal, *id, *n);
               if (!record) return ErrorResponse(record.error());
               return JsonResponse(200, RecordJson(*record));
             });
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/requests/{id}/deliveries/{n}/events",
       .operation_id = "trackDelivery",
       .summary = "Record a tracking update: kind sent, tracking, delivered or failed, "
                  "with an optional tracking_number and a short detail (no PHI).",
       .tag = "delivery",
       .request_schema =
           {{"type", "object"},
            {"required", json::array({"kind"})},
            {"properties",
             {{"kind", {{"type", "string"}, {"enum", {"sent", "tracking", "delivered", "failed"}}}},
              {"tracking_number", {{"type", "string"}}},
              {"detail", {{"type", "string"}}}}}},
       .response_schema = DeliverySchema(),
       .access = Access::Permission(Permission::kReleaseRecords)},
      [&deliveries](const HttpRequest& request) {
        Result<RequestId> id = RecordPathId<RequestId>(request, "id");
        if (!id) return ErrorResponse(id.error());
        Result<DeliveryId> n = RecordPathId<DeliveryId>(request, "n");
        if (!n) return ErrorResponse(n.error());
        Result<TrackingUpdate> update = ParseTracking(request.body);
        if (!update) return ErrorResponse(update.error());
        Result<DeliveryRecord> record = deliveries.Track(*request.principal, *id, *n, *update);
        if (!record) return ErrorResponse(record.error());
        return JsonResponse(200, RecordJson(*record));
      });
  router.Add({.method = "GET",
              .pattern = "/d/{token}",
              .operation_id = "downloadPage",
              .summary = "The public page of a download link: asks for the access code.  The "
                         "same page for every token (it reveals nothing about the link).",
              .tag = "delivery",
              .response_content_type = "text/html",
              .access = Access::Public()},
             [](const HttpRequest& request) {
               auto token = request.path_params.find("token");
               HttpResponse response = HttpResponse::Text(
                   200, AccessPage(token == request.path_params.end() ? "" : token->second),
                   "text/html; charset=utf-8");
               PublicHeaders(response);
               return response;
             });
  router.Add({.method = "POST",
              .pattern = "/api/v1/downloads/{token}",
              .operation_id = "downloadPacket",
              .summary = "Download the packet behind a link with its access code (JSON "
                         "{\"access_code\": ...} or a form post).  The PDF as an attachment; 403 "
                         "with one message for an unknown, expired, used-up, withdrawn or locked "
                         "link, 403 saying the code is wrong otherwise (five wrong codes lock the "
                         "link).  Every attempt on a known link is recorded.",
              .tag = "delivery",
              .response_content_type = "application/pdf",
              .access = Access::Public()},
             [&deliveries](const HttpRequest& request) {
               auto token = request.path_params.find("token");
               Result<std::string> code = AccessCode(request);
               if (!code) return ErrorResponse(code.error());
               return PacketDownloadResponse(deliveries.Download(
                   {.token = token == request.path_params.end() ? "" : token->second,
                    .access_code = *code,
                    .remote_address = request.remote_address}));
             });
}

}  // namespace roi::http
