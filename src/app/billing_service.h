// BillingService: the invoice of a request, built from its stored decision's fee (never above
// the lawful maximum), with an advance fee notice stored as letter data beside it; payments
// (cash, check, card by processor reference) and waivers credited against it; the balance; and
// whether release may wait for payment (domain HoldForPayment), which the workflow's guards use.
// Every call works inside one transaction bound to the caller's organization.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/audit_trail.h"
#include "app/auth_service.h"
#include "app/clock.h"
#include "app/store.h"
#include "domain/invoice.h"

namespace roi {

// What the workflow's guards need from billing.
struct BillingGuard {
  std::int64_t balance_cents = 0;
  bool may_hold_for_payment = false;
};

// Runs inside the caller's transaction: the balance of `request`'s invoice (0 without one) and
// whether its release may wait for payment.
Result<BillingGuard> BillingGuardFor(Transaction& tx, const ReleaseRequest& request);

// A request's billing.  Value type.
struct BillingView {
  RequestId request_id;
  std::int64_t max_cents = 0;  // The stored decision's fee.
  std::string fee_basis;
  PaymentHold hold;
  std::optional<Invoice> invoice;
  std::vector<InvoiceCredit> credits;
  std::int64_t balance_cents = 0;
};

// A payment as the desk records it.
struct PaymentCommand {
  PaymentMethod method = PaymentMethod::kNone;
  std::int64_t amount_cents = 0;
  std::string reference;
  std::optional<Date> received_on;  // Today when absent.
};

// A waiver: of `amount_cents`, or of the whole balance when absent.
struct WaiverCommand {
  std::optional<std::int64_t> amount_cents;
  std::string reason;
};

// Thread-safe.  `store`, `clock` and `audit` must outlive it.  Every call, reads included, is
// recorded in the audit trail with the request's patient (app/audited_call.h).
class BillingService {
 public:
  BillingService(Store& store, const Clock& clock, const AuditTrail& audit)
      : store_(store), clock_(clock), audit_(audit) {}

  // The request's billing (without an invoice until one is issued).  Returns NotFound unless the
  // request is in the caller's organization.
  Result<BillingView> Get(const Principal& caller, RequestId request);

  // Issues the request's invoice from its stored decision: `lines`, or one line for the whole
  // lawful fee; stores the advance fee notice addressed to the requester.  Returns
  // FailedPrecondition when the decision allows no fee, the lines exceed the lawful maximum, or
  // the request is finished; AlreadyExists when it already has an invoice; InvalidArgument
  // naming a bad line; NotFound as Get.
  Result<BillingView> Issue(const Principal& caller, RequestId request,
                            std::vector<InvoiceLine> lines);

  // Records a payment.  Returns NotFound when the request has no invoice; FailedPrecondition
  // when it would pay more than the balance; InvalidArgument as ValidateCredit (a card number as
  // reference included).
  Result<BillingView> Pay(const Principal& caller, RequestId request,
                          const PaymentCommand& payment);

  // Records a waiver by the caller.  Errors as Pay; InvalidArgument without a reason.
  Result<BillingView> Waive(const Principal& caller, RequestId request,
                            const WaiverCommand& waiver);

 private:
  // Every call runs its work through here: one transaction of the caller's organization that
  // also records the call in the audit trail (`what` names the operation; `request` may be unset).
  Status InOrganization(const Principal& caller, TxMode mode, RequestId request,
                        std::string_view what, const std::function<Status(Transaction&)>& work);
  Result<BillingView> View(Transaction& tx, const ReleaseRequest& request);
  Status Credit(Transaction& tx, RequestId request, InvoiceCredit credit);

  Store& store_;
  const Clock& clock_;
  const AuditTrail& audit_;
};

}  // namespace roi
