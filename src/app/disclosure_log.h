// DisclosureLog and AccountingOfDisclosures: the use cases over the disclosure log (45 CFR
// 164.528).  Both work inside a caller's Transaction, so a disclosure is logged atomically with
// whatever else the caller changes; see docs/disclosures.md.
#pragma once

#include <optional>
#include <vector>

#include "app/store.h"
#include "base/money.h"
#include "domain/disclosure.h"

namespace roi {

// Value type: one page of a patient's disclosure log.  `next` is the cursor for the following
// page, set only when this page is full (there may be more).
struct DisclosurePage {
  std::vector<DisclosureEntry> items;
  std::optional<DisclosureCursor> next;
};

// Stateless and thread-safe; cheap to construct wherever it is needed.
class DisclosureLog {
 public:
  // Logs one disclosure and returns it with its id.
  //
  // CONTRACT for the release step: call this with the SAME kWrite Transaction that records the
  // release (the request's state change), and fail the release if it fails.  Then either both the
  // release and its log entry commit, or neither does: there is never a release without its
  // disclosure entry, which 164.528(d) needs for the accounting.  Set `request_id` to the request
  // released, `released_by` to the releasing user, `means` and `fee` as delivered, `basis` from
  // the request's legal basis (an ACCESS release is kToIndividual, an AUTHORIZATION release is
  // kAuthorization: both logged, neither accountable).  `entry.id` and `organization_id` are
  // ignored.
  //
  // Returns InvalidArgument if the entry does not validate, NotFound if the patient or user is not
  // in the transaction's organization, FailedPrecondition in a kRead transaction.
  Result<DisclosureEntry> Record(Transaction& tx, const DisclosureEntry& entry) const;

  // One page of a patient's full log (accountable or not), by (disclosed_on, id).  Returns
  // NotFound if the patient is not in the transaction's organization, InvalidArgument for a bad
  // limit.
  Result<DisclosurePage> ListForPatient(Transaction& tx, const DisclosureQuery& query) const;

  // Stores an agency's suspension statement (164.528(a)(2)).  Returns InvalidArgument if it does
  // not validate (an oral statement over 30 days included), NotFound for a patient or user of
  // another organization.
  Result<AccountingSuspension> RecordSuspension(Transaction& tx,
                                                const AccountingSuspension& suspension) const;
  Result<std::vector<AccountingSuspension>> ListSuspensions(Transaction& tx,
                                                            const SuspensionQuery& query) const;

  // The organization's disclosure volume per basis with disclosed_on in [from, to] (a report for
  // the privacy office).  Returns InvalidArgument if `from` is after `to`.
  Result<std::vector<DisclosureVolume>> VolumeByBasis(Transaction& tx, Date from, Date to) const;
};

// Value type: what an accounting is asked for.  `as_of` is the date of the individual's request;
// `from`/`to` narrow the window (ResolveAccountingWindow gives the defaults and limits).
struct AccountingRequest {
  PatientId patient;
  Date as_of;
  std::optional<Date> from;
  std::optional<Date> to;
};

// Value type: an accounting of disclosures, ready to render.
struct Accounting {
  PatientId patient;
  Date as_of;
  AccountingWindow window;
  std::vector<AccountingLine> lines;  // By first disclosure date, then id.

  // Disclosures the lines cover (each summary counts all it summarizes).
  int DisclosureCount() const;
};

// Value type: an accounting provided to the individual, and the record kept of it.
struct ProvidedAccounting {
  Accounting accounting;
  AccountingRecord record;
};

// Stateless and thread-safe.
class AccountingOfDisclosures {
 public:
  // Produces the accounting without recording anything (works in a kRead transaction).  Returns
  // NotFound if the patient is not in the transaction's organization, InvalidArgument for a
  // window that ResolveAccountingWindow rejects (over six years, `to` after `as_of`, ...).
  Result<Accounting> Produce(Transaction& tx, const AccountingRequest& request) const;

  // Produces the accounting and records that it was provided (164.528(d)(2)), by `provided_by`.
  // The record says whether a fee may apply (another accounting was provided in the 12 months
  // before `as_of`); `fee` is the amount computed elsewhere and must be zero when none may apply.
  // Needs a kWrite transaction.  Errors as Produce, plus InvalidArgument for a fee on a free
  // accounting and NotFound for a user of another organization.
  Result<ProvidedAccounting> Provide(Transaction& tx, const AccountingRequest& request,
                                     UserId provided_by, Money fee) const;
};

}  // namespace roi
