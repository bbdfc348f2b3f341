// The requester/patient portal over HTTP (docs/portal.md): POST /api/v1/portal/register (public,
// rate-limited with sign-in), and for portal users (kPortalSubmit / kPortalDownload) their own
// requests: submit, list, read, upload the authorization, the invoice and its card payment, and
// the deliveries of what was released.  Every rule lives in app/portal_service.h.
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/error_mapping.h"
#include "http/route_util.h"

namespace roi::http {
namespace {

using nlohmann::json;

Result<json> ParseObject(const std::string& text) {
  json body = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return InvalidArgumentError("body must be a JSON object");
  }
  return body;
}

// The string field `name` of `body` into `out`; InvalidArgument when present but not a string,
// or absent and `required`.
Status StringField(const json& body, const char* name, std::string& out, bool required) {
  auto found = body.find(name);
  if (found == body.end() || found->is_null()) {
    if (required) return InvalidArgumentError(std::string(name) + " is required");
    return OkStatus();
  }
  if (!found->is_string()) return InvalidArgumentError(std::string(name) + " must be a string");
  out = found->get<std::string>();
  if (required && out.empty()) return InvalidArgumentError(std::string(name) + " is required");
  return OkStatus();
}

Status DateField(const json& body, const char* name, std::optional<Date>& out, bool required) {
  std::string text;
  if (Status read = StringField(body, name, text, required); !read) return read;
  if (text.empty()) return OkStatus();
  Result<Date> date = Date::Parse(text);
  if (!date) return InvalidArgumentError(std::string(name) + " must be a date (YYYY-MM-DD)");
  out = *date;
  return OkStatus();
}

// An InvalidArgument error with the field named in its details, so forms can show it in place.
Error FieldError(Error error) {
  if (error.code == ErrorCode::kInvalidArgument && error.details.empty()) {
    std::string_view message = error.message;
    std::size_t space = message.find(' ');
    if (space != std::string_view::npos) {
      error.details.push_back(
          {.path = std::string(message.substr(0, space)), .message = error.message});
    }
  }
  return error;
}

Result<PortalRegistration> ParseRegistration(const HttpRequest& request) {
  Result<json> body = ParseObject(request.body);
  if (!body) return body.error();
  PortalRegistration out{.remote_address = request.remote_address};
  for (auto [name, field, required] :
       {std::tuple{"organization", &out.organization, true}, std::tuple{"email", &out.email, true},
        std::tuple{"password", &out.password, true}, std::tuple{"name", &out.name, true},
        std::tuple{"kind", &out.kind, true},
        std::tuple{"requester_role", &out.requester_role, false},
        std::tuple{"requester_organization", &out.requester_organization, false},
        std::tuple{"phone", &out.phone, false}}) {
    if (Status read = StringField(*body, name, *field, required); !read) return read.error();
  }
  return out;
}

Result<PortalSubmission> ParseSubmission(const std::string& text) {
  Result<json> body = ParseObject(text);
  if (!body) return body.error();
  PortalSubmission out;
  for (auto [name, field, required] :
       {std::tuple{"patient_given_name", &out.patient_given_name, true},
        std::tuple{"patient_family_name", &out.patient_family_name, true},
        std::tuple{"patient_mrn", &out.patient_mrn, false},
        std::tuple{"purpose", &out.purpose, false}, std::tuple{"format", &out.format, false}}) {
    if (Status read = StringField(*body, name, *field, required); !read) return read.error();
  }
  if (Status read = DateField(*body, "patient_birth_date", out.patient_birth_date, true); !read) {
    return read.error();
  }
  if (Status read = DateField(*body, "from", out.from, false); !read) return read.error();
  if (Status read = DateField(*body, "to", out.to, false); !read) return read.error();
  return out;
}

json InvoiceJson(const PortalInvoice& invoice) {
  json lines = json::array();
  for (const InvoiceLine& line : invoice.lines) {
    lines.push_back({{"description", line.description},
                     {"quantity", line.quantity},
                     {"unit_cents", line.unit_cents}});
  }
  return {{"request_id", invoice.request_id.value}, {"issued", invoice.issued},
          {"total_cents", invoice.total_cents},     {"paid_cents", invoice.paid_cents},
          {"balance_cents", invoice.balance_cents}, {"lines", lines}};
}

json DeliveriesJson(const std::vector<PortalDelivery>& deliveries) {
  json out = json::array();
  for (const PortalDelivery& delivery : deliveries) {
    out.push_back({{"id", delivery.id.value},
                   {"medium", delivery.medium},
                   {"status", delivery.status},
                   {"expires_micros", delivery.expires_micros},
                   {"downloads_left", delivery.downloads_left},
                   {"revoked", delivery.revoked}});
  }
  return out;
}

json RequestJson(const PortalRequest& request) {
  json history = json::array();
  for (const PortalStep& step : request.history) {
    history.push_back({{"action", step.action},
                       {"from", step.from},
                       {"to", step.to},
                       {"at_micros", step.at_micros}});
  }
  json letters = json::array();
  for (const PortalLetter& letter : request.letters) {
    letters.push_back({{"id", letter.id}, {"kind", letter.kind}, {"date", letter.date.ToString()}});
  }
  return {{"id", request.id.value},
          {"number", request.number},
          {"state", request.state},
          {"received_on", request.received_on.ToString()},
          {"due_on", request.due_on ? json(request.due_on->ToString()) : json(nullptr)},
          {"history", history},
          {"letters", letters},
          {"invoice", InvoiceJson(request.invoice)},
          {"deliveries", DeliveriesJson(request.deliveries)}};
}

json RequestSchema() {
  json string = {{"type", "string"}};
  json integer = {{"type", "integer"}};
  return {{"type", "object"},
          {"properties",
           {{"id", integer},
            {"number", string},
            {"state", string},
            {"received_on", string},
            {"due_on", {{"type", {"string", "null"}}}},
            {"history", {{"type", "array"}}},
            {"letters", {{"type", "array"}}},
            {"invoice", {{"type", "object"}}},
            {"deliveries", {{"type", "array"}}}}}};
}

// Feeds the streamed body to the authorization's DocumentUpload, then notes it on the request.
class AuthorizationSink final : public BodySink {
 public:
  AuthorizationSink(PortalService& portal, Principal caller, RequestId request,
                    std::unique_ptr<DocumentUpload> upload)
      : portal_(portal),
        caller_(std::move(caller)),
        request_(request),
        upload_(std::move(upload)) {}
  Status Append(std::string_view bytes) override {
    constexpr std::size_t kPiece = std::size_t{1} << 20;
    for (std::size_t at = 0; at < bytes.size(); at += kPiece) {
      if (Status appended = upload_->Append(bytes.substr(at, kPiece)); !appended) return appended;
    }
    return OkStatus();
  }
  HttpResponse Finish() override {
    Result<StoredDocument> stored = upload_->Commit();
    if (!stored) return ErrorResponse(stored.error());
    if (Status noted = portal_.NoteAuthorization(caller_, request_, stored->document.id); !noted) {
      return ErrorResponse(noted.error());
    }
    return JsonResponse(201, {{"document_id", stored->document.id.value},
                              {"media_type", stored->file.media_type},
                              {"pages", stored->document.pages},
                              {"bytes", stored->file.size}});
  }

 private:
  PortalService& portal_;
  Principal caller_;
  RequestId request_;
  std::unique_ptr<DocumentUpload> upload_;
};

std::string DeclaredType(const HttpRequest& request) {
  auto found = request.headers.find("content-type");
  return found == request.headers.end() ? std::string() : found->second;
}

}  // namespace

void AddPortalRoutes(Router& router, PortalService& portal, RateLimiter& limiter) {
  json string = {{"type", "string"}};
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/portal/register",
       .operation_id = "portalRegister",
       .summary = "Register a portal account: a patient or an outside requester (kind patient|"
                  "requester; requester_role for requesters, e.g. attorney).  Creates the user "
                  "and the requester record that stands for them; then sign in with "
                  "/api/v1/auth/login.  Counted with sign-in attempts (429 past the limit).  An "
                  "email already registered gets 409 (documented trade-off: see docs/portal.md).",
       .tag = "portal",
       .request_schema = {{"type", "object"},
                          {"required", {"organization", "email", "password", "name", "kind"}},
                          {"properties",
                           {{"organization", string},
                            {"email", string},
                            {"password", string},
                            {"name", string},
                            {"kind", {{"type", "string"}, {"enum", {"patient", "requester"}}}},
                            {"requester_role", string},
                            {"requester_organization", string},
                            {"phone", string}}}},
       .response_schema = {{"type", "object"},
                           {"properties",
                            {{"user_id", {{"type", "integer"}}},
                             {"email", string},
                             {"role", string},
                             {"requester_id", {{"type", "integer"}}}}}},
       .success_status = 201,
       .access = Access::Public()},
      [&portal, &limiter](const HttpRequest& request) {
        if (Status admitted = limiter.Admit(request.remote_address); !admitted) {
          return ErrorResponse(admitted.error());
        }
        Result<PortalRegistration> registration = ParseRegistration(request);
        if (!registration) return ErrorResponse(FieldError(registration.error()));
        Result<PortalRegistered> registered = portal.Register(*registration);
        if (!registered) return ErrorResponse(FieldError(registered.error()));
        return JsonResponse(201, {{"user_id", registered->user.id.value},
                                  {"email", registered->user.email},
                                  {"role", std::string(RoleName(registered->user.role))},
                                  {"requester_id", registered->requester.id.value}});
      });
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/portal/requests",
       .operation_id = "portalSubmitRequest",
       .summary = "Submit a request for records as the signed-in portal user (channel portal). "
                  "The patient is named by patient_given_name, patient_family_name, "
                  "patient_birth_date and optionally patient_mrn; the answer never holds patient "
                  "data (see docs/portal.md for how the patient is matched).  Optional: purpose, "
                  "format, from/to (the period of records).",
       .tag = "portal",
       .request_schema = {{"type", "object"},
                          {"required",
                           {"patient_given_name", "patient_family_name", "patient_birth_date"}},
                          {"properties",
                           {{"patient_given_name", string},
                            {"patient_family_name", string},
                            {"patient_birth_date", {{"type", "string"}, {"format", "date"}}},
                            {"patient_mrn", string},
                            {"purpose", string},
                            {"format", string},
                            {"from", {{"type", "string"}, {"format", "date"}}},
                            {"to", {{"type", "string"}, {"format", "date"}}}}}},
       .response_schema = RequestSchema(),
       .success_status = 201,
       .access = Access::Permission(Permission::kPortalSubmit)},
      [&portal](const HttpRequest& request) {
        Result<PortalSubmission> submission = ParseSubmission(request.body);
        if (!submission) return ErrorResponse(FieldError(submission.error()));
        Result<PortalRequest> submitted = portal.Submit(*request.principal, *submission);
        if (!submitted) return ErrorResponse(FieldError(submitted.error()));
        return JsonResponse(201, RequestJson(*submitted));
      });
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/portal/requests",
       .operation_id = "portalListRequests",
       .summary = "The signed-in portal user's own requests, newest first, with status "
                  "timeline, due date, letters addressed to them, invoice and deliveries.",
       .tag = "portal",
       .response_schema = {{"type", "object"},
                           {"properties",
                            {{"requests", {{"type", "array"}, {"items", RequestSchema()}}}}}},
       .access = Access::Permission(Permission::kPortalSubmit)},
      [&portal](const HttpRequest& request) {
        Result<std::vector<PortalRequest>> mine = portal.MyRequests(*request.principal);
        if (!mine) return ErrorResponse(mine.error());
        json list = json::array();
        for (const PortalRequest& item : *mine) list.push_back(RequestJson(item));
        return JsonResponse(200, {{"requests", list}});
      });
  router.Add({.method = "GET",
              .pattern = "/api/v1/portal/requests/{id}",
              .operation_id = "portalGetRequest",
              .summary = "One of the signed-in portal user's requests; 404 for any other.",
              .tag = "portal",
              .response_schema = RequestSchema(),
              .access = Access::Permission(Permission::kPortalSubmit)},
             [&portal](const HttpRequest& request) {
               Result<RequestId> id = RecordPathId<RequestId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<PortalRequest> mine = portal.MyRequest(*request.principal, *id);
               if (!mine) return ErrorResponse(mine.error());
               return JsonResponse(200, RequestJson(*mine));
             });
  router.AddStreaming(
      {.method = "POST",
       .pattern = "/api/v1/portal/requests/{id}/authorization",
       .operation_id = "portalUploadAuthorization",
       .summary = "Upload the signed authorization (or ID) for one's own open request: the raw "
                  "body is the file (PDF, PNG, JPEG or text, recognized from its bytes; a "
                  "Content-Type that disagrees, an unsupported or malformed file is refused with "
                  "400).  Stored encrypted as a document of kind authorization (never released "
                  "as a record) of the request's patient.",
       .tag = "portal",
       .response_schema = {{"type", "object"},
                           {"properties",
                            {{"document_id", {{"type", "integer"}}},
                             {"media_type", string},
                             {"pages", {{"type", "integer"}}},
                             {"bytes", {{"type", "integer"}}}}}},
       .success_status = 201,
       .access = Access::Permission(Permission::kPortalSubmit)},
      [&portal](const HttpRequest& request) -> StreamStart {
        Result<RequestId> id = RecordPathId<RequestId>(request, "id");
        if (!id) return {.sink = nullptr, .response = ErrorResponse(id.error())};
        Result<std::unique_ptr<DocumentUpload>> upload =
            portal.BeginAuthorization(*request.principal, *id, DeclaredType(request));
        if (!upload) return {.sink = nullptr, .response = ErrorResponse(upload.error())};
        return {.sink = std::make_unique<AuthorizationSink>(portal, *request.principal, *id,
                                                            std::move(*upload)),
                .response = {}};
      });
  router.Add({.method = "GET",
              .pattern = "/api/v1/portal/requests/{id}/invoice",
              .operation_id = "portalGetInvoice",
              .summary = "The invoice of one's own request with its balance (issued false "
                         "until the records office issues one).",
              .tag = "portal",
              .response_schema = {{"type", "object"}},
              .access = Access::Permission(Permission::kPortalSubmit)},
             [&portal](const HttpRequest& request) {
               Result<RequestId> id = RecordPathId<RequestId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<PortalRequest> mine = portal.MyRequest(*request.principal, *id);
               if (!mine) return ErrorResponse(mine.error());
               return JsonResponse(200, InvoiceJson(mine->invoice));
             });
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/portal/requests/{id}/invoice/payments",
       .operation_id = "portalPayInvoice",
       .summary = "Record a card payment of one's own invoice: amount_cents and the card "
                  "processor's reference (never a card number: 400).  No card is charged here. "
                  "More than the balance is refused (409).",
       .tag = "portal",
       .request_schema = {{"type", "object"},
                          {"required", {"amount_cents", "reference"}},
                          {"properties",
                           {{"amount_cents", {{"type", "integer"}}}, {"reference", string}}}},
       .response_schema = {{"type", "object"}},
       .success_status = 201,
       .access = Access::Permission(Permission::kPortalSubmit)},
      [&portal](const HttpRequest& request) {
        Result<RequestId> id = RecordPathId<RequestId>(request, "id");
        if (!id) return ErrorResponse(id.error());
        Result<json> body = ParseObject(request.body);
        if (!body) return ErrorResponse(body.error());
        auto amount = body->find("amount_cents");
        if (amount == body->end() || !amount->is_number_integer()) {
          return ErrorResponse(
              FieldError(InvalidArgumentError("amount_cents must be a whole number of cents")));
        }
        std::string reference;
        if (Status read = StringField(*body, "reference", reference, true); !read) {
          return ErrorResponse(FieldError(read.error()));
        }
        Result<PortalInvoice> paid =
            portal.Pay(*request.principal, *id, amount->get<std::int64_t>(), reference);
        if (!paid) return ErrorResponse(paid.error());
        return JsonResponse(201, InvoiceJson(*paid));
      });
  router.Add({.method = "GET",
              .pattern = "/api/v1/portal/requests/{id}/deliveries",
              .operation_id = "portalListDeliveries",
              .summary = "The deliveries of one's own released request (medium, status, expiry, "
                         "downloads left).  The packet itself is downloaded with the link and "
                         "access code the records office sent (POST /api/v1/downloads/{token}).",
              .tag = "portal",
              .response_schema = {{"type", "object"}},
              .access = Access::Permission(Permission::kPortalDownload)},
             [&portal](const HttpRequest& request) {
               Result<RequestId> id = RecordPathId<RequestId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<PortalRequest> mine = portal.MyRequest(*request.principal, *id);
               if (!mine) return ErrorResponse(mine.error());
               return JsonResponse(200, {{"request_id", mine->id.value},
                                         {"state", mine->state},
                                         {"deliveries", DeliveriesJson(mine->deliveries)}});
             });
}

}  // namespace roi::http
