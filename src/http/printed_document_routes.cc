// Billing and accounting documents as PDF: GET /api/v1/requests/{id}/invoice.pdf,
// GET /api/v1/requests/{id}/payments/{n}/receipt.pdf and
// GET /api/v1/patients/{id}/accounting.pdf?from&to&as_of.  PrintedDocuments reads, renders and
// records each download in the audit trail; handlers only translate the request.
#include <optional>

#include "app/printed_documents.h"
#include "http/api.h"
#include "http/error_mapping.h"
#include "http/route_util.h"

namespace roi::http {
namespace {

HttpResponse PdfResponse(PrintedPdf pdf) {
  HttpResponse response = HttpResponse::Text(200, std::move(pdf.bytes), "application/pdf");
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Content-Disposition", "inline; filename=\"" + pdf.filename + "\"");
  return response;
}

Result<std::optional<Date>> QueryDate(const HttpRequest& request, const char* name) {
  std::string_view text = request.Query(name);
  if (text.empty()) return std::optional<Date>();
  Result<Date> date = Date::Parse(text);
  if (!date) return InvalidArgumentError(std::string(name) + " must be a date YYYY-MM-DD");
  return std::optional<Date>(*date);
}

}  // namespace

void AddPrintedDocumentRoutes(Router& router, PrintedDocuments& printed, const Clock& clock) {
  router.Add({.method = "GET",
              .pattern = "/api/v1/requests/{id}/invoice.pdf",
              .operation_id = "getInvoicePdf",
              .summary = "The request's invoice as PDF: lines, total, payments and waivers, "
                         "balance due and the lawful maximum.",
              .tag = "billing",
              .response_content_type = "application/pdf",
              .access = Access::Permission(Permission::kManageBilling)},
             [&printed](const HttpRequest& request) {
               Result<RequestId> id = RecordPathId<RequestId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<PrintedPdf> pdf = printed.InvoicePdf(*request.principal, *id);
               if (!pdf) return ErrorResponse(pdf.error());
               return PdfResponse(std::move(*pdf));
             });
  router.Add({.method = "GET",
              .pattern = "/api/v1/requests/{id}/payments/{n}/receipt.pdf",
              .operation_id = "getReceiptPdf",
              .summary = "The receipt of payment n of the request's invoice as PDF, with the "
                         "balance after it.",
              .tag = "billing",
              .response_content_type = "application/pdf",
              .access = Access::Permission(Permission::kManageBilling)},
             [&printed](const HttpRequest& request) {
               Result<RequestId> id = RecordPathId<RequestId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<InvoiceId> n = RecordPathId<InvoiceId>(request, "n");
               if (!n) return ErrorResponse(n.error());
               Result<PrintedPdf> pdf = printed.ReceiptPdf(*request.principal, *id, n->value);
               if (!pdf) return ErrorResponse(pdf.error());
               return PdfResponse(std::move(*pdf));
             });
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/patients/{id}/accounting.pdf",
       .operation_id = "getAccountingPdf",
       .summary = "The accounting of disclosures (45 CFR 164.528) as PDF, for the same window "
                  "as GET /api/v1/patients/{id}/accounting (from, to, as_of). Does not record a "
                  "provided accounting; the download is audited.",
       .tag = "disclosures",
       .response_content_type = "application/pdf",
       .query_parameters = {"from", "to", "as_of"},
       .access = Access::Permission(Permission::kManageRequests)},
      [&printed, &clock](const HttpRequest& request) {
        Result<PatientId> patient = RecordPathId<PatientId>(request, "id");
        if (!patient) return ErrorResponse(patient.error());
        Result<std::optional<Date>> from = QueryDate(request, "from");
        if (!from) return ErrorResponse(from.error());
        Result<std::optional<Date>> to = QueryDate(request, "to");
        if (!to) return ErrorResponse(to.error());
        Result<std::optional<Date>> as_of = QueryDate(request, "as_of");
        if (!as_of) return ErrorResponse(as_of.error());
        Date today = clock.Today();
        Date day = as_of->value_or(today);
        if (today < day) {
          return ErrorResponse(InvalidArgumentError("as_of must not be in the future"));
        }
        Result<PrintedPdf> pdf = printed.AccountingPdf(
            *request.principal,
            AccountingRequest{.patient = *patient, .as_of = day, .from = *from, .to = *to});
        if (!pdf) return ErrorResponse(pdf.error());
        return PdfResponse(std::move(*pdf));
      });
}

}  // namespace roi::http
