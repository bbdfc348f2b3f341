// PrintedDocuments: the invoice of a request, the receipt of one of its payments, and a patient's
// accounting of disclosures as PDF (through the DocumentRenderer port, src/render).  Each call
// reads what it prints and records the download (audit action `download`, with the patient) in
// one transaction of the caller's organization.  The wording lives in the *Printable functions,
// which are pure.  See docs/documents.md.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/audit_trail.h"
#include "app/auth_service.h"
#include "app/clock.h"
#include "app/disclosure_log.h"
#include "app/printable.h"
#include "app/store.h"
#include "domain/invoice.h"
#include "domain/requester.h"

namespace roi {

// What an invoice or receipt is about.  Value type.
struct BillingParties {
  std::string organization_name;
  std::string request_number;
  std::string patient_name;  // "Given Family".
  Requester requester;
};

// The invoice: its lines, total, what was paid and waived, the balance, the lawful maximum.
Printable InvoicePrintable(const BillingParties& parties, const Invoice& invoice,
                           std::span<const InvoiceCredit> credits);

// The receipt of `payment` (a payment credited to `invoice`), with the balance after it counting
// the credits up to and including it (by id).
Printable ReceiptPrintable(const BillingParties& parties, const Invoice& invoice,
                           std::span<const InvoiceCredit> credits, const InvoiceCredit& payment);

// A rendered document and the file name to offer for it.
struct PrintedPdf {
  std::string filename;  // E.g. "R-2026-000001-invoice.pdf": ASCII, no quotes.
  std::string bytes;
};

// Thread-safe.  Every reference must outlive it.
class PrintedDocuments {
 public:
  PrintedDocuments(Store& store, const Clock& clock, const AuditTrail& audit,
                   const DocumentRenderer& renderer)
      : store_(store), clock_(clock), audit_(audit), renderer_(renderer) {}

  // The request's invoice.  Returns PermissionDenied without kManageBilling, NotFound unless the
  // request is in the caller's organization and has an invoice, the renderer's errors.
  Result<PrintedPdf> InvoicePdf(const Principal& caller, RequestId request);

  // The receipt of payment `payment` of the request's invoice.  Errors as Invoice; NotFound when
  // there is no such payment (a waiver has no receipt).
  Result<PrintedPdf> ReceiptPdf(const Principal& caller, RequestId request, std::int64_t payment);

  // The patient's accounting of disclosures (AccountingOfDisclosures::Produce).  Returns
  // PermissionDenied without kManageRequests, NotFound for a patient not in the organization,
  // InvalidArgument as Produce.
  Result<PrintedPdf> AccountingPdf(const Principal& caller, const AccountingRequest& request);

 private:
  Result<Organization> CallerOrganization(const Principal& caller);
  Result<PrintedPdf> Billing(const Principal& caller, RequestId request,
                             std::optional<std::int64_t> payment);

  Store& store_;
  const Clock& clock_;
  const AuditTrail& audit_;
  const DocumentRenderer& renderer_;
};

}  // namespace roi
