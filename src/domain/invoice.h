// Invoices: what a request is charged, built from the stored decision's fee (never above the
// lawful maximum), the payments and waivers credited against it, the balance, whether release
// may wait for payment, and the advance fee notice (letter data).  Pure values and rules: no
// I/O, no clock.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/ids.h"
#include "base/result.h"
#include "domain/decision_terms.h"
#include "domain/release_request.h"

namespace roi {

// One charge.  Value type.
struct InvoiceLine {
  std::string description;  // 1..200 bytes; no '=', newline or '|'.
  std::int64_t quantity = 1;
  std::int64_t unit_cents = 0;
  std::int64_t AmountCents() const { return quantity * unit_cents; }
  bool operator==(const InvoiceLine&) const = default;
};

// The invoice of one request (at most one per request).  Value type.
struct Invoice {
  InvoiceId id;  // Assigned by storage.
  RequestId request_id;
  std::vector<InvoiceLine> lines;
  std::int64_t total_cents = 0;  // The sum of the lines.
  std::int64_t max_cents = 0;    // The decision's fee.max_cents when issued.
  std::string fee_basis;         // The decision's fee.basis when issued.
  Date issued_on;
  UserId issued_by;
  std::int64_t created_micros = 0;
  bool operator==(const Invoice&) const = default;
};

// Returns InvalidArgument naming the first bad field: request unset, no lines or more than 50, a
// bad description, quantity outside 1..100000, unit_cents outside 0..100000000, total_cents not
// the sum of the lines, max_cents negative, fee_basis empty or not a code; FailedPrecondition
// when the total exceeds max_cents.
Status ValidateInvoice(const Invoice& invoice);

// Lines as stored: one "description|quantity|unit_cents" item per line, in the escaped field
// form of domain/field_text.h.  DecodeInvoiceLines returns InvalidArgument for a malformed text.
std::string EncodeInvoiceLines(const std::vector<InvoiceLine>& lines);
Result<std::vector<InvoiceLine>> DecodeInvoiceLines(std::string_view text);

// The invoice of `request_id` under `terms`: `lines` as given, or when empty one line charging
// the whole lawful fee.  Returns FailedPrecondition when the decision allows no fee, or when the
// lines add up to more than the lawful maximum (the message names both amounts and the basis);
// InvalidArgument as ValidateInvoice.
Result<Invoice> BuildInvoice(const DecisionTerms& terms, RequestId request_id,
                             std::vector<InvoiceLine> lines, Date issued_on, UserId issued_by,
                             std::int64_t created_micros);

enum class CreditKind { kPayment, kWaiver };
std::string_view CreditKindName(CreditKind kind);  // "payment", "waiver"
Result<CreditKind> ParseCreditKind(std::string_view name);

enum class PaymentMethod { kNone, kCash, kCheck, kCard };
std::string_view PaymentMethodName(PaymentMethod method);  // "none", "cash", "check", "card"
Result<PaymentMethod> ParsePaymentMethod(std::string_view name);

// A payment or a waiver credited against an invoice.  Value type.
struct InvoiceCredit {
  std::int64_t id = 0;  // Assigned by storage.
  InvoiceId invoice_id;
  CreditKind kind = CreditKind::kPayment;
  PaymentMethod method = PaymentMethod::kNone;  // Payments only.
  std::int64_t amount_cents = 0;
  // Payments: the check number, or the card processor's reference (never a card number);
  // optional for cash.  Empty for waivers.
  std::string reference;
  std::string reason;  // Waivers: why (required).  Empty for payments.
  UserId recorded_by;  // Who took the payment or granted the waiver.
  Date received_on;
  std::int64_t created_micros = 0;
  bool operator==(const InvoiceCredit&) const = default;
};

// Returns InvalidArgument naming the first bad field: invoice unset, amount not positive or over
// 100000000, recorded_by unset; a payment without a method, a check without its number, a card
// payment without a reference, a reference that holds a card number (a run of 12 or more
// digits), a reference over 64 bytes or with control characters, a payment with a reason; a
// waiver with a method or reference, or without a reason (1..500 bytes).
Status ValidateCredit(const InvoiceCredit& credit);

// Invoiced minus paid minus waived (never below zero).
std::int64_t BalanceCents(const Invoice& invoice, std::span<const InvoiceCredit> credits);

// Whether `credit` may be added: valid and not more than the balance.  Returns
// FailedPrecondition when it would overpay (the message names the balance).
Status CheckCredit(const Invoice& invoice, std::span<const InvoiceCredit> credits,
                   const InvoiceCredit& credit);

// Whether release may wait for payment, and why.
struct PaymentHold {
  bool allowed = false;
  std::string why;  // E.g. "individual access is not held for payment".
};

// Release may wait for payment only when the decision allows a fee, the request is not the
// individual's own access (access, directive, accounting: HHS access guidance — the fee is
// invoiced, access is not withheld for it), and the requester is not a provider (treatment and
// continuity of care; e.g. 22 TAC 165.2 forbids holding for a licensed provider).
PaymentHold HoldForPayment(const DecisionTerms& terms, std::string_view basis,
                           std::string_view requester_role);

// The advance fee notice of `request` (letter data, like the acknowledgment): the amount, the
// lines, the lawful maximum and its basis, and whether release waits for payment.
Letter AdvanceFeeNotice(const ReleaseRequest& request, const Invoice& invoice,
                        std::string_view recipient, const PaymentHold& hold, Date today);

}  // namespace roi
