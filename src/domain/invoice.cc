#include "domain/invoice.h"

#include <array>
#include <charconv>
#include <utility>

#include "base/money.h"
#include "domain/field_text.h"

namespace roi {
namespace {

constexpr std::int64_t kMaxCents = 100000000;  // $1,000,000: far above any lawful copy fee.
constexpr std::int64_t kMaxQuantity = 100000;
constexpr std::size_t kMaxLines = 50;

constexpr std::array<std::pair<CreditKind, std::string_view>, 2> kCreditKinds = {{
    {CreditKind::kPayment, "payment"},
    {CreditKind::kWaiver, "waiver"},
}};
constexpr std::array<std::pair<PaymentMethod, std::string_view>, 4> kMethods = {{
    {PaymentMethod::kNone, "none"},
    {PaymentMethod::kCash, "cash"},
    {PaymentMethod::kCheck, "check"},
    {PaymentMethod::kCard, "card"},
}};

template <typename T, std::size_t N>
std::string_view NameOf(const std::array<std::pair<T, std::string_view>, N>& table, T value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "unknown";
}

template <typename T, std::size_t N>
Result<T> ValueOf(const std::array<std::pair<T, std::string_view>, N>& table, std::string_view name,
                  std::string_view what) {
  for (const auto& [v, n] : table) {
    if (n == name) return v;
  }
  return InvalidArgumentError("unknown " + std::string(what));
}

bool HasControl(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  }
  return false;
}

bool IsCode(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  for (char c : text) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// True when `text` holds 12 or more digits in a row, ignoring spaces and dashes between them:
// the shape of a primary account number, which must never be stored.
bool LooksLikeCardNumber(std::string_view text) {
  int run = 0;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      if (++run >= 12) return true;
    } else if (c != ' ' && c != '-') {
      run = 0;
    }
  }
  return false;
}

std::string Dollars(std::int64_t cents) { return Money::FromCents(cents).ToString(); }

Result<std::int64_t> ParseInt(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return InvalidArgumentError("invoice lines: not a number");
  }
  return value;
}

}  // namespace

Status ValidateInvoice(const Invoice& invoice) {
  if (!invoice.request_id.IsSet()) return InvalidArgumentError("request_id is required");
  if (invoice.lines.empty() || invoice.lines.size() > kMaxLines) {
    return InvalidArgumentError("lines: 1 to 50 lines are required");
  }
  std::int64_t total = 0;
  for (std::size_t i = 0; i < invoice.lines.size(); ++i) {
    const InvoiceLine& line = invoice.lines[i];
    std::string where = "lines/" + std::to_string(i) + "/";
    if (line.description.empty() || line.description.size() > 200 || HasControl(line.description)) {
      return InvalidArgumentError(where + "description: 1 to 200 bytes, no control characters");
    }
    if (line.quantity < 1 || line.quantity > kMaxQuantity) {
      return InvalidArgumentError(where + "quantity: must be 1 to 100000");
    }
    if (line.unit_cents < 0 || line.unit_cents > kMaxCents) {
      return InvalidArgumentError(where + "unit_cents: must be 0 to 100000000");
    }
    total += line.AmountCents();
  }
  if (invoice.total_cents != total) {
    return InvalidArgumentError("total_cents is not the sum of the lines");
  }
  if (invoice.max_cents < 0) return InvalidArgumentError("max_cents must not be negative");
  if (!IsCode(invoice.fee_basis)) return InvalidArgumentError("fee_basis must be a code");
  if (invoice.total_cents > invoice.max_cents) {
    return FailedPreconditionError("the invoice total " + Dollars(invoice.total_cents) +
                                   " exceeds the lawful maximum " + Dollars(invoice.max_cents) +
                                   " (" + invoice.fee_basis + ")");
  }
  return OkStatus();
}

std::string EncodeInvoiceLines(const std::vector<InvoiceLine>& lines) {
  Fields fields;
  for (const InvoiceLine& line : lines) {
    fields.emplace_back("line", std::to_string(line.quantity) + "|" +
                                    std::to_string(line.unit_cents) + "|" + line.description);
  }
  return EncodeFields(fields);
}

Result<std::vector<InvoiceLine>> DecodeInvoiceLines(std::string_view text) {
  Result<Fields> fields = DecodeFields(text);
  if (!fields) return fields.error();
  std::vector<InvoiceLine> lines;
  for (const auto& [key, value] : *fields) {
    std::size_t first = value.find('|');
    std::size_t second = first == std::string::npos ? first : value.find('|', first + 1);
    if (key != "line" || second == std::string::npos) {
      return InvalidArgumentError("invoice lines: malformed line");
    }
    Result<std::int64_t> quantity = ParseInt(std::string_view(value).substr(0, first));
    if (!quantity) return quantity.error();
    Result<std::int64_t> unit =
        ParseInt(std::string_view(value).substr(first + 1, second - first - 1));
    if (!unit) return unit.error();
    lines.push_back({value.substr(second + 1), *quantity, *unit});
  }
  return lines;
}

Result<Invoice> BuildInvoice(const DecisionTerms& terms, RequestId request_id,
                             std::vector<InvoiceLine> lines, Date issued_on, UserId issued_by,
                             std::int64_t created_micros) {
  if (terms.fee_max_cents <= 0) {
    return FailedPreconditionError("the decision allows no fee for this request (" +
                                   terms.fee_basis + ")");
  }
  if (lines.empty()) {
    lines.push_back({"Copies of records (" + terms.fee_basis + ")", 1, terms.fee_max_cents});
  }
  Invoice invoice{.request_id = request_id,
                  .lines = std::move(lines),
                  .max_cents = terms.fee_max_cents,
                  .fee_basis = terms.fee_basis,
                  .issued_on = issued_on,
                  .issued_by = issued_by,
                  .created_micros = created_micros};
  for (const InvoiceLine& line : invoice.lines) {
    // Bounded by ValidateInvoice's limits, so the sum cannot overflow before it is checked.
    if (line.quantity > 0 && line.quantity <= kMaxQuantity && line.unit_cents >= 0 &&
        line.unit_cents <= kMaxCents) {
      invoice.total_cents += line.AmountCents();
    }
  }
  if (Status valid = ValidateInvoice(invoice); !valid) return valid.error();
  return invoice;
}

std::string_view CreditKindName(CreditKind kind) { return NameOf(kCreditKinds, kind); }
Result<CreditKind> ParseCreditKind(std::string_view name) {
  return ValueOf(kCreditKinds, name, "credit kind");
}
std::string_view PaymentMethodName(PaymentMethod method) { return NameOf(kMethods, method); }
Result<PaymentMethod> ParsePaymentMethod(std::string_view name) {
  return ValueOf(kMethods, name, "payment method");
}

Status ValidateCredit(const InvoiceCredit& credit) {
  if (!credit.invoice_id.IsSet()) return InvalidArgumentError("invoice_id is required");
  if (credit.amount_cents <= 0 || credit.amount_cents > kMaxCents) {
    return InvalidArgumentError("amount_cents must be 1 to 100000000");
  }
  if (!credit.recorded_by.IsSet()) return InvalidArgumentError("recorded_by is required");
  if (credit.kind == CreditKind::kWaiver) {
    if (credit.method != PaymentMethod::kNone || !credit.reference.empty()) {
      return InvalidArgumentError("a waiver has no method or reference");
    }
    if (credit.reason.empty() || credit.reason.size() > 500) {
      return InvalidArgumentError("reason: a waiver needs a reason of 1 to 500 bytes");
    }
    return OkStatus();
  }
  if (!credit.reason.empty()) return InvalidArgumentError("reason: only waivers have a reason");
  if (credit.reference.size() > 64 || HasControl(credit.reference)) {
    return InvalidArgumentError("reference: at most 64 bytes, no control characters");
  }
  if (LooksLikeCardNumber(credit.reference)) {
    return InvalidArgumentError(
        "reference: looks like a card number; record the processor's reference, never the card "
        "number");
  }
  switch (credit.method) {
    case PaymentMethod::kNone:
      return InvalidArgumentError("method must be cash, check or card");
    case PaymentMethod::kCash:
      return OkStatus();
    case PaymentMethod::kCheck:
      if (credit.reference.empty()) {
        return InvalidArgumentError("reference: a check payment needs the check number");
      }
      return OkStatus();
    case PaymentMethod::kCard:
      if (credit.reference.empty()) {
        return InvalidArgumentError("reference: a card payment needs the processor's reference");
      }
      return OkStatus();
  }
  return OkStatus();
}

std::int64_t BalanceCents(const Invoice& invoice, std::span<const InvoiceCredit> credits) {
  std::int64_t balance = invoice.total_cents;
  for (const InvoiceCredit& credit : credits) balance -= credit.amount_cents;
  return balance < 0 ? 0 : balance;
}

Status CheckCredit(const Invoice& invoice, std::span<const InvoiceCredit> credits,
                   const InvoiceCredit& credit) {
  if (Status valid = ValidateCredit(credit); !valid) return valid;
  std::int64_t balance = BalanceCents(invoice, credits);
  if (balance == 0) return FailedPreconditionError("the invoice is already settled");
  if (credit.amount_cents > balance) {
    return FailedPreconditionError("amount_cents " + Dollars(credit.amount_cents) +
                                   " is more than the balance " + Dollars(balance));
  }
  return OkStatus();
}

PaymentHold HoldForPayment(const DecisionTerms& terms, std::string_view basis,
                           std::string_view requester_role) {
  if (terms.fee_max_cents <= 0) return {false, "the decision allows no fee"};
  if (basis == "access" || basis == "directive" || basis == "accounting") {
    return {false, "individual access is not held for payment"};
  }
  if (requester_role == "provider") return {false, "a provider's request is not held for payment"};
  return {true, "release waits for payment"};
}

Letter AdvanceFeeNotice(const ReleaseRequest& request, const Invoice& invoice,
                        std::string_view recipient, const PaymentHold& hold, Date today) {
  Fields body = {{"request_number", request.number},
                 {"received_on", request.received_on.ToString()},
                 {"amount", Dollars(invoice.total_cents)},
                 {"lawful_maximum", Dollars(invoice.max_cents)},
                 {"fee_basis", invoice.fee_basis}};
  for (const InvoiceLine& line : invoice.lines) {
    body.emplace_back("line", line.description + ": " + std::to_string(line.quantity) + " x " +
                                  Dollars(line.unit_cents));
  }
  body.emplace_back("release_waits_for_payment", hold.allowed ? "yes" : "no");
  return Letter{.id = 0,
                .request_id = request.id,
                .kind = "advance_fee_notice",
                .date = today,
                .recipient = std::string(recipient),
                .body = std::move(body)};
}

}  // namespace roi
