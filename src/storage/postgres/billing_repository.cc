// PostgreSQL BillingRepository: invoices and the payments and waivers credited against them;
// every statement passes the bound organization as $1 and filters by it.
#include <string>

#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

template <typename T, typename Read>
Result<std::vector<T>> ReadAll(const pqxx::result& rows, Read read) {
  std::vector<T> out;
  for (const pqxx::row& row : rows) {
    Result<T> item = read(row);
    if (!item) return item.error();
    out.push_back(std::move(*item));
  }
  return out;
}

Result<Invoice> ReadInvoice(const pqxx::row& row) {
  Result<std::vector<InvoiceLine>> lines = DecodeInvoiceLines(row[2].as<std::string>());
  Result<Date> issued = Date::Parse(row[6].as<std::string>());
  if (!lines || !issued) return InternalError("stored invoice has a bad column");
  return Invoice{.id = InvoiceId(row[0].as<std::int64_t>()),
                 .request_id = RequestId(row[1].as<std::int64_t>()),
                 .lines = std::move(*lines),
                 .total_cents = row[3].as<std::int64_t>(),
                 .max_cents = row[4].as<std::int64_t>(),
                 .fee_basis = row[5].as<std::string>(),
                 .issued_on = *issued,
                 .issued_by = UserId(row[7].as<std::int64_t>()),
                 .created_micros = row[8].as<std::int64_t>()};
}

Result<InvoiceCredit> ReadCredit(const pqxx::row& row) {
  Result<CreditKind> kind = ParseCreditKind(row[2].as<std::string>());
  Result<PaymentMethod> method = ParsePaymentMethod(row[3].as<std::string>());
  Result<Date> received = Date::Parse(row[8].as<std::string>());
  if (!kind || !method || !received) return InternalError("stored credit has a bad column");
  return InvoiceCredit{.id = row[0].as<std::int64_t>(),
                       .invoice_id = InvoiceId(row[1].as<std::int64_t>()),
                       .kind = *kind,
                       .method = *method,
                       .amount_cents = row[4].as<std::int64_t>(),
                       .reference = row[5].as<std::string>(),
                       .reason = row[6].as<std::string>(),
                       .recorded_by = UserId(row[7].as<std::int64_t>()),
                       .received_on = *received,
                       .created_micros = row[9].as<std::int64_t>()};
}

}  // namespace

Result<Invoice> PgBillingRepository::InsertInvoice(const Invoice& invoice) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateInvoice(invoice); !valid) return valid.error();
  Result<bool> known = context_.Run("find request", [&]() -> Result<bool> {
    return !context_.Transaction()
                .exec_params("SELECT 1 FROM requests WHERE organization_id = $1 AND id = $2",
                             organization_.value, invoice.request_id.value)
                .empty();
  });
  if (!known) return known.error();
  if (!*known) {
    return NotFoundError("request " + std::to_string(invoice.request_id.value) + " not found");
  }
  Result<std::optional<std::int64_t>> inserted =
      context_.Run("insert invoice", [&]() -> Result<std::optional<std::int64_t>> {
        pqxx::result rows = context_.Transaction().exec_params(
            "INSERT INTO invoices (organization_id, request_id, lines, total_cents, max_cents,"
            " fee_basis, issued_on, issued_by, created_micros)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8, $9)"
            " ON CONFLICT DO NOTHING RETURNING id",
            organization_.value, invoice.request_id.value, EncodeInvoiceLines(invoice.lines),
            invoice.total_cents, invoice.max_cents, invoice.fee_basis, invoice.issued_on.ToString(),
            invoice.issued_by.value, invoice.created_micros);
        if (rows.empty()) return std::optional<std::int64_t>();
        return std::optional<std::int64_t>(rows[0][0].as<std::int64_t>());
      });
  if (!inserted) return inserted.error();
  if (!inserted->has_value()) return AlreadyExistsError("the request already has an invoice");
  Invoice stored = invoice;
  stored.id = InvoiceId(**inserted);
  return stored;
}

Result<Invoice> PgBillingRepository::FindInvoice(RequestId request) {
  Result<std::vector<Invoice>> rows =
      context_.Run("find invoice", [&]() -> Result<std::vector<Invoice>> {
        return ReadAll<Invoice>(
            context_.Transaction().exec_params(
                "SELECT id, request_id, lines, total_cents, max_cents, fee_basis,"
                " to_char(issued_on, 'YYYY-MM-DD'), issued_by, created_micros FROM invoices"
                " WHERE organization_id = $1 AND request_id = $2",
                organization_.value, request.value),
            ReadInvoice);
      });
  if (!rows) return rows.error();
  if (rows->empty()) {
    return NotFoundError("request " + std::to_string(request.value) + " has no invoice");
  }
  return std::move(rows->front());
}

Result<InvoiceCredit> PgBillingRepository::AddCredit(const InvoiceCredit& credit) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateCredit(credit); !valid) return valid.error();
  Result<bool> known = context_.Run("find invoice", [&]() -> Result<bool> {
    return !context_.Transaction()
                .exec_params("SELECT 1 FROM invoices WHERE organization_id = $1 AND id = $2",
                             organization_.value, credit.invoice_id.value)
                .empty();
  });
  if (!known) return known.error();
  if (!*known) {
    return NotFoundError("invoice " + std::to_string(credit.invoice_id.value) + " not found");
  }
  return context_.Run("insert credit", [&]() -> Result<InvoiceCredit> {
    pqxx::row inserted = context_.Transaction().exec_params1(
        "INSERT INTO invoice_credits (organization_id, invoice_id, kind, method, amount_cents,"
        " reference, reason, recorded_by, received_on, created_micros)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::date, $10) RETURNING id",
        organization_.value, credit.invoice_id.value, std::string(CreditKindName(credit.kind)),
        std::string(PaymentMethodName(credit.method)), credit.amount_cents, credit.reference,
        credit.reason, credit.recorded_by.value, credit.received_on.ToString(),
        credit.created_micros);
    InvoiceCredit stored = credit;
    stored.id = inserted[0].as<std::int64_t>();
    return stored;
  });
}

Result<std::vector<InvoiceCredit>> PgBillingRepository::Credits(InvoiceId invoice) {
  return context_.Run("list credits", [&]() -> Result<std::vector<InvoiceCredit>> {
    return ReadAll<InvoiceCredit>(
        context_.Transaction().exec_params(
            "SELECT id, invoice_id, kind, method, amount_cents, reference, reason, recorded_by,"
            " to_char(received_on, 'YYYY-MM-DD'), created_micros FROM invoice_credits"
            " WHERE organization_id = $1 AND invoice_id = $2 ORDER BY id",
            organization_.value, invoice.value),
        ReadCredit);
  });
}

}  // namespace roi::postgres
