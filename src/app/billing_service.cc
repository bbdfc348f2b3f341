#include "app/billing_service.h"

#include <utility>

#include "app/audited_call.h"
#include "app/decision_terms.h"

namespace roi {
namespace {

template <typename T>
struct Out {
  std::optional<T> value;
  Status Set(Result<T> result) {
    if (!result) return result.error();
    value = std::move(*result);
    return OkStatus();
  }
};

bool Finished(RequestState state) {
  return state == RequestState::kClosed || state == RequestState::kCancelled ||
         state == RequestState::kDenied || state == RequestState::kReleased;
}

}  // namespace

Result<BillingGuard> BillingGuardFor(Transaction& tx, const ReleaseRequest& request) {
  Result<DecisionTerms> terms = ReadDecisionTerms(request.decision_json);
  if (!terms) return terms.error();
  BillingGuard guard{
      .may_hold_for_payment =
          HoldForPayment(*terms, request.facts.basis, request.requester_role).allowed};
  Result<Invoice> invoice = tx.Billing().FindInvoice(request.id);
  if (!invoice) {
    if (invoice.error().code == ErrorCode::kNotFound) return guard;
    return invoice.error();
  }
  Result<std::vector<InvoiceCredit>> credits = tx.Billing().Credits(invoice->id);
  if (!credits) return credits.error();
  guard.balance_cents = BalanceCents(*invoice, *credits);
  return guard;
}

Status BillingService::InOrganization(const Principal& caller, TxMode mode, RequestId request,
                                      std::string_view what,
                                      const std::function<Status(Transaction&)>& work) {
  return AuditedCall(store_, audit_, caller, mode, request, what, work);
}

Result<BillingView> BillingService::View(Transaction& tx, const ReleaseRequest& request) {
  Result<DecisionTerms> terms = ReadDecisionTerms(request.decision_json);
  if (!terms) return terms.error();
  BillingView view{.request_id = request.id,
                   .max_cents = terms->fee_max_cents,
                   .fee_basis = terms->fee_basis,
                   .hold = HoldForPayment(*terms, request.facts.basis, request.requester_role)};
  Result<Invoice> invoice = tx.Billing().FindInvoice(request.id);
  if (!invoice) {
    if (invoice.error().code == ErrorCode::kNotFound) return view;
    return invoice.error();
  }
  Result<std::vector<InvoiceCredit>> credits = tx.Billing().Credits(invoice->id);
  if (!credits) return credits.error();
  view.balance_cents = BalanceCents(*invoice, *credits);
  view.invoice = std::move(*invoice);
  view.credits = std::move(*credits);
  return view;
}

Result<BillingView> BillingService::Get(const Principal& caller, RequestId request) {
  Out<BillingView> out;
  Status status =
      InOrganization(caller, TxMode::kRead, request, "read invoice", [&](Transaction& tx) {
        Result<ReleaseRequest> found = tx.Requests().Find(request);
        if (!found) return Status(found.error());
        return out.Set(View(tx, *found));
      });
  if (!status) return status.error();
  return std::move(*out.value);
}

Result<BillingView> BillingService::Issue(const Principal& caller, RequestId request,
                                          std::vector<InvoiceLine> lines) {
  const Date today = clock_.Today();
  Out<BillingView> out;
  Status status =
      InOrganization(caller, TxMode::kWrite, request, "issue invoice", [&](Transaction& tx) {
        Result<ReleaseRequest> found = tx.Requests().Find(request);
        if (!found) return Status(found.error());
        if (Finished(found->state)) {
          return Status(FailedPreconditionError("a " + std::string(RequestStateName(found->state)) +
                                                " request is not invoiced"));
        }
        Result<DecisionTerms> terms = ReadDecisionTerms(found->decision_json);
        if (!terms) return Status(terms.error());
        Result<Invoice> invoice = BuildInvoice(*terms, request, std::move(lines), today,
                                               caller.user.id, clock_.NowMicros());
        if (!invoice) return Status(invoice.error());
        Result<Invoice> stored = tx.Billing().InsertInvoice(*invoice);
        if (!stored) return Status(stored.error());
        Result<Requester> requester = tx.Requesters().Find(found->requester_id);
        if (!requester) return Status(requester.error());
        PaymentHold hold = HoldForPayment(*terms, found->facts.basis, found->requester_role);
        if (Result<Letter> letter = tx.Requests().AddLetter(
                AdvanceFeeNotice(*found, *stored, requester->name, hold, today));
            !letter) {
          return Status(letter.error());
        }
        return out.Set(View(tx, *found));
      });
  if (!status) return status.error();
  return std::move(*out.value);
}

Status BillingService::Credit(Transaction& tx, RequestId request, InvoiceCredit credit) {
  if (Result<ReleaseRequest> found = tx.Requests().Find(request); !found) return found.error();
  Result<Invoice> invoice = tx.Billing().FindInvoice(request);
  if (!invoice) return invoice.error();
  Result<std::vector<InvoiceCredit>> credits = tx.Billing().Credits(invoice->id);
  if (!credits) return credits.error();
  credit.invoice_id = invoice->id;
  if (credit.kind == CreditKind::kWaiver && credit.amount_cents == 0) {
    credit.amount_cents = BalanceCents(*invoice, *credits);
    if (credit.amount_cents == 0) return FailedPreconditionError("the invoice is already settled");
  }
  if (Status allowed = CheckCredit(*invoice, *credits, credit); !allowed) return allowed;
  Result<InvoiceCredit> stored = tx.Billing().AddCredit(credit);
  if (!stored) return stored.error();
  return OkStatus();
}

Result<BillingView> BillingService::Pay(const Principal& caller, RequestId request,
                                        const PaymentCommand& payment) {
  InvoiceCredit credit{.kind = CreditKind::kPayment,
                       .method = payment.method,
                       .amount_cents = payment.amount_cents,
                       .reference = payment.reference,
                       .recorded_by = caller.user.id,
                       .received_on = payment.received_on.value_or(clock_.Today()),
                       .created_micros = clock_.NowMicros()};
  if (payment.received_on && *payment.received_on > clock_.Today()) {
    return InvalidArgumentError("received_on must not be in the future");
  }
  Out<BillingView> out;
  Status status =
      InOrganization(caller, TxMode::kWrite, request, "record payment", [&](Transaction& tx) {
        if (Status credited = Credit(tx, request, credit); !credited) return credited;
        Result<ReleaseRequest> found = tx.Requests().Find(request);
        if (!found) return Status(found.error());
        return out.Set(View(tx, *found));
      });
  if (!status) return status.error();
  return std::move(*out.value);
}

Result<BillingView> BillingService::Waive(const Principal& caller, RequestId request,
                                          const WaiverCommand& waiver) {
  if (waiver.amount_cents && *waiver.amount_cents <= 0) {
    return InvalidArgumentError("amount_cents must be positive");
  }
  InvoiceCredit credit{.kind = CreditKind::kWaiver,
                       .amount_cents = waiver.amount_cents.value_or(0),
                       .reason = waiver.reason,
                       .recorded_by = caller.user.id,
                       .received_on = clock_.Today(),
                       .created_micros = clock_.NowMicros()};
  if (waiver.reason.empty() || waiver.reason.size() > 500) {
    return InvalidArgumentError("reason: a waiver needs a reason of 1 to 500 bytes");
  }
  Out<BillingView> out;
  Status status =
      InOrganization(caller, TxMode::kWrite, request, "record waiver", [&](Transaction& tx) {
        if (Status credited = Credit(tx, request, credit); !credited) return credited;
        Result<ReleaseRequest> found = tx.Requests().Find(request);
        if (!found) return Status(found.error());
        return out.Set(View(tx, *found));
      });
  if (!status) return status.error();
  return std::move(*out.value);
}

}  // namespace roi
