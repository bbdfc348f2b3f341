// SQLite BillingRepository: invoices and the payments and waivers credited against them; every
// statement filters by the bound organization.
#include <string>

#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

template <typename T, typename Read>
Result<std::vector<T>> Collect(Result<Statement> statement, Read read) {
  if (!statement) return statement.error();
  std::vector<T> out;
  for (;;) {
    Result<bool> row = statement->Step();
    if (!row) return row.error();
    if (!*row) return out;
    Result<T> item = read(*statement);
    if (!item) return item.error();
    out.push_back(std::move(*item));
  }
}

Result<Invoice> ReadInvoice(const Statement& row) {
  Result<std::vector<InvoiceLine>> lines = DecodeInvoiceLines(row.Text(2));
  Result<Date> issued = Date::Parse(row.Text(6));
  if (!lines || !issued) return InternalError("stored invoice has a bad column");
  return Invoice{.id = InvoiceId(row.Int64(0)),
                 .request_id = RequestId(row.Int64(1)),
                 .lines = std::move(*lines),
                 .total_cents = row.Int64(3),
                 .max_cents = row.Int64(4),
                 .fee_basis = row.Text(5),
                 .issued_on = *issued,
                 .issued_by = UserId(row.Int64(7)),
                 .created_micros = row.Int64(8)};
}

Result<InvoiceCredit> ReadCredit(const Statement& row) {
  Result<CreditKind> kind = ParseCreditKind(row.Text(2));
  Result<PaymentMethod> method = ParsePaymentMethod(row.Text(3));
  Result<Date> received = Date::Parse(row.Text(8));
  if (!kind || !method || !received) return InternalError("stored credit has a bad column");
  return InvoiceCredit{.id = row.Int64(0),
                       .invoice_id = InvoiceId(row.Int64(1)),
                       .kind = *kind,
                       .method = *method,
                       .amount_cents = row.Int64(4),
                       .reference = row.Text(5),
                       .reason = row.Text(6),
                       .recorded_by = UserId(row.Int64(7)),
                       .received_on = *received,
                       .created_micros = row.Int64(9)};
}

}  // namespace

Result<Invoice> SqliteBillingRepository::InsertInvoice(const Invoice& invoice) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateInvoice(invoice); !valid) return valid.error();
  Result<Statement> found =
      connection_.Query("SELECT 1 FROM requests WHERE organization_id = ?1 AND id = ?2",
                        {organization_.value, invoice.request_id.value}, "find request");
  if (!found) return found.error();
  Result<bool> exists = found->Step();
  if (!exists) return exists.error();
  if (!*exists) {
    return NotFoundError("request " + std::to_string(invoice.request_id.value) + " not found");
  }
  std::string lines = EncodeInvoiceLines(invoice.lines);
  std::string issued = invoice.issued_on.ToString();
  Result<Statement> insert = connection_.Query(
      "INSERT INTO invoices (organization_id, request_id, lines, total_cents, max_cents,"
      " fee_basis, issued_on, issued_by, created_micros)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
      {organization_.value, invoice.request_id.value, lines, invoice.total_cents, invoice.max_cents,
       invoice.fee_basis, issued, invoice.issued_by.value, invoice.created_micros},
      "insert invoice");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return done.error();
  Invoice stored = invoice;
  stored.id = InvoiceId(connection_.LastInsertId());
  return stored;
}

Result<Invoice> SqliteBillingRepository::FindInvoice(RequestId request) {
  Result<std::vector<Invoice>> rows = Collect<Invoice>(
      connection_.Query("SELECT id, request_id, lines, total_cents, max_cents, fee_basis,"
                        " issued_on, issued_by, created_micros FROM invoices"
                        " WHERE organization_id = ?1 AND request_id = ?2",
                        {organization_.value, request.value}, "find invoice"),
      ReadInvoice);
  if (!rows) return rows.error();
  if (rows->empty()) {
    return NotFoundError("request " + std::to_string(request.value) + " has no invoice");
  }
  return std::move(rows->front());
}

Result<InvoiceCredit> SqliteBillingRepository::AddCredit(const InvoiceCredit& credit) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateCredit(credit); !valid) return valid.error();
  Result<Statement> found =
      connection_.Query("SELECT 1 FROM invoices WHERE organization_id = ?1 AND id = ?2",
                        {organization_.value, credit.invoice_id.value}, "find invoice");
  if (!found) return found.error();
  Result<bool> exists = found->Step();
  if (!exists) return exists.error();
  if (!*exists) {
    return NotFoundError("invoice " + std::to_string(credit.invoice_id.value) + " not found");
  }
  std::string kind(CreditKindName(credit.kind));
  std::string method(PaymentMethodName(credit.method));
  std::string received = credit.received_on.ToString();
  Result<Statement> insert = connection_.Query(
      "INSERT INTO invoice_credits (organization_id, invoice_id, kind, method, amount_cents,"
      " reference, reason, recorded_by, received_on, created_micros)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
      {organization_.value, credit.invoice_id.value, kind, method, credit.amount_cents,
       credit.reference, credit.reason, credit.recorded_by.value, received, credit.created_micros},
      "insert credit");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return done.error();
  InvoiceCredit stored = credit;
  stored.id = connection_.LastInsertId();
  return stored;
}

Result<std::vector<InvoiceCredit>> SqliteBillingRepository::Credits(InvoiceId invoice) {
  return Collect<InvoiceCredit>(
      connection_.Query("SELECT id, invoice_id, kind, method, amount_cents, reference, reason,"
                        " recorded_by, received_on, created_micros FROM invoice_credits"
                        " WHERE organization_id = ?1 AND invoice_id = ?2 ORDER BY id",
                        {organization_.value, invoice.value}, "list credits"),
      ReadCredit);
}

}  // namespace roi::sqlite
