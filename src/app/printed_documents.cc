#include "app/printed_documents.h"

#include <optional>

#include "base/error.h"
#include "base/money.h"

namespace roi {
namespace {

using Style = PrintBlock::Style;

std::string Amount(std::int64_t cents) { return Money::FromCents(cents).ToString(); }

std::vector<std::string> RecipientLines(const Requester& requester) {
  std::vector<std::string> lines = {requester.name};
  if (!requester.organization.empty() && requester.organization != requester.name) {
    lines.push_back(requester.organization);
  }
  std::size_t start = 0;
  const std::string& address = requester.address;
  while (start < address.size()) {
    std::size_t end = address.find('\n', start);
    if (end == std::string::npos) end = address.size();
    if (end > start) lines.push_back(address.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

Printable Letterhead(const BillingParties& parties, Date date, std::string title) {
  Printable out;
  out.letterhead = parties.organization_name;
  out.date = date.ToString();
  out.created = out.date;
  out.recipient = RecipientLines(parties.requester);
  out.title = std::move(title);
  out.blocks.push_back({Style::kParagraph, "Re: request " + parties.request_number +
                                               ", records of " + parties.patient_name + "."});
  return out;
}

std::string PaymentText(const InvoiceCredit& credit) {
  std::string text = Amount(credit.amount_cents) + " by " +
                     std::string(PaymentMethodName(credit.method)) + " on " +
                     credit.received_on.ToString();
  if (!credit.reference.empty()) text += " (reference " + credit.reference + ")";
  return text;
}

std::string PatientName(const Patient& patient) {
  return patient.given_name + " " + patient.family_name;
}

}  // namespace

Printable InvoicePrintable(const BillingParties& parties, const Invoice& invoice,
                           std::span<const InvoiceCredit> credits) {
  Printable out = Letterhead(parties, invoice.issued_on, "Invoice");
  out.blocks.push_back({Style::kParagraph, "Charges for copies of health information:"});
  int n = 0;
  for (const InvoiceLine& line : invoice.lines) {
    out.blocks.push_back({Style::kItem, std::to_string(++n) + ". " + line.description + ": " +
                                            std::to_string(line.quantity) + " x " +
                                            Amount(line.unit_cents) + " = " +
                                            Amount(line.AmountCents())});
  }
  std::int64_t paid = 0;
  std::int64_t waived = 0;
  for (const InvoiceCredit& credit : credits) {
    (credit.kind == CreditKind::kPayment ? paid : waived) += credit.amount_cents;
  }
  out.blocks.push_back({Style::kParagraph, "Total: " + Amount(invoice.total_cents) + ". Paid: " +
                                               Amount(paid) + ". Waived: " + Amount(waived) + "."});
  out.blocks.push_back({Style::kHeading, "Balance due: " + Amount(BalanceCents(invoice, credits))});
  for (const InvoiceCredit& credit : credits) {
    if (credit.kind == CreditKind::kPayment) {
      out.blocks.push_back({Style::kItem, "Payment received: " + PaymentText(credit) + "."});
    } else {
      out.blocks.push_back(
          {Style::kItem, "Waived: " + Amount(credit.amount_cents) + " (" + credit.reason + ")."});
    }
  }
  out.blocks.push_back({Style::kCitation, "The charge does not exceed the lawful maximum of " +
                                              Amount(invoice.max_cents) + " (" + invoice.fee_basis +
                                              ")."});
  return out;
}

Printable ReceiptPrintable(const BillingParties& parties, const Invoice& invoice,
                           std::span<const InvoiceCredit> credits, const InvoiceCredit& payment) {
  Printable out = Letterhead(parties, payment.received_on, "Receipt");
  std::vector<InvoiceCredit> upto;
  for (const InvoiceCredit& credit : credits) {
    if (credit.id <= payment.id) upto.push_back(credit);
  }
  out.blocks.push_back({Style::kParagraph, "Received with thanks: " + PaymentText(payment) + "."});
  out.blocks.push_back({Style::kParagraph, "Invoice total: " + Amount(invoice.total_cents) +
                                               ". Balance after this payment: " +
                                               Amount(BalanceCents(invoice, upto)) + "."});
  out.blocks.push_back({Style::kCitation, "Receipt number " + std::to_string(payment.id) +
                                              " of invoice " + std::to_string(invoice.id.value) +
                                              "."});
  return out;
}

Result<Organization> PrintedDocuments::CallerOrganization(const Principal& caller) {
  std::optional<Organization> found;
  Status status = store_.InSystemTransaction(TxMode::kRead, [&](SystemTransaction& tx) -> Status {
    Result<Organization> organization = tx.Organizations().Find(caller.organization);
    if (!organization) return organization.error();
    found = std::move(*organization);
    return OkStatus();
  });
  if (!status) return status.error();
  return std::move(*found);
}

Result<PrintedPdf> PrintedDocuments::InvoicePdf(const Principal& caller, RequestId request) {
  return Billing(caller, request, std::nullopt);
}

Result<PrintedPdf> PrintedDocuments::ReceiptPdf(const Principal& caller, RequestId request,
                                                std::int64_t payment) {
  return Billing(caller, request, payment);
}

Result<PrintedPdf> PrintedDocuments::Billing(const Principal& caller, RequestId request,
                                             std::optional<std::int64_t> payment) {
  if (!caller.May(Permission::kManageBilling)) {
    return PermissionDeniedError("invoices and receipts need permission manage_billing");
  }
  Result<Organization> organization = CallerOrganization(caller);
  if (!organization) return organization.error();
  std::optional<Printable> printable;
  std::string filename;
  Status done = store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<ReleaseRequest> found = tx.Requests().Find(request);
    if (!found) return Status(found.error());
    Result<Invoice> invoice = tx.Billing().FindInvoice(request);
    if (!invoice) return Status(invoice.error());
    Result<std::vector<InvoiceCredit>> credits = tx.Billing().Credits(invoice->id);
    if (!credits) return Status(credits.error());
    Result<Patient> patient = tx.Patients().Find(found->patient_id);
    if (!patient) return Status(patient.error());
    Result<Requester> requester = tx.Requesters().Find(found->requester_id);
    if (!requester) return Status(requester.error());
    BillingParties parties{.organization_name = organization->name,
                           .request_number = found->number,
                           .patient_name = PatientName(*patient),
                           .requester = std::move(*requester)};
    std::string entity = "invoice";
    std::string entity_id = std::to_string(invoice->id.value);
    if (payment) {
      const InvoiceCredit* credit = nullptr;
      for (const InvoiceCredit& c : *credits) {
        if (c.id == *payment && c.kind == CreditKind::kPayment) credit = &c;
      }
      if (credit == nullptr) {
        return Status(NotFoundError("request " + found->number + " has no payment " +
                                    std::to_string(*payment)));
      }
      printable = ReceiptPrintable(parties, *invoice, *credits, *credit);
      filename = found->number + "-receipt-" + std::to_string(*payment) + ".pdf";
      entity = "payment";
      entity_id = std::to_string(*payment);
    } else {
      printable = InvoicePrintable(parties, *invoice, *credits);
      filename = found->number + "-invoice.pdf";
    }
    return audit_.RecordNote(tx, ActorOf(caller),
                             {.action = AuditAction::kDownload,
                              .patient = found->patient_id,
                              .entity_kind = entity,
                              .entity_id = entity_id,
                              .detail = payment ? "receipt pdf" : "invoice pdf"});
  });
  if (!done) return done.error();
  Result<std::string> pdf = renderer_.RenderPdf(*printable);
  if (!pdf) return pdf.error();
  return PrintedPdf{.filename = std::move(filename), .bytes = std::move(*pdf)};
}

Result<PrintedPdf> PrintedDocuments::AccountingPdf(const Principal& caller,
                                                   const AccountingRequest& request) {
  if (!caller.May(Permission::kManageRequests)) {
    return PermissionDeniedError("the accounting of disclosures needs permission manage_requests");
  }
  Result<Organization> organization = CallerOrganization(caller);
  if (!organization) return organization.error();
  std::optional<Printable> printable;
  Status done = store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<Patient> patient = tx.Patients().Find(request.patient);
    if (!patient) return Status(patient.error());
    Result<Accounting> accounting = AccountingOfDisclosures().Produce(tx, request);
    if (!accounting) return Status(accounting.error());
    printable = AccountingPrintable(*accounting, organization->name, PatientName(*patient));
    return audit_.RecordNote(tx, ActorOf(caller),
                             {.action = AuditAction::kDownload,
                              .patient = request.patient,
                              .entity_kind = "accounting",
                              .entity_id = std::to_string(request.patient.value),
                              .detail = "accounting pdf"});
  });
  if (!done) return done.error();
  Result<std::string> pdf = renderer_.RenderPdf(*printable);
  if (!pdf) return pdf.error();
  return PrintedPdf{.filename = "accounting-" + std::to_string(request.patient.value) + ".pdf",
                    .bytes = std::move(*pdf)};
}

}  // namespace roi
