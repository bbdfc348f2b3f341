#include "app/disclosure_log.h"

#include <utility>

namespace roi {
namespace {

// The largest page the repository hands out; the accounting reads the window page by page.
constexpr int kPage = 1000;

Result<std::vector<DisclosureEntry>> ReadWindow(Transaction& tx, PatientId patient,
                                                const AccountingWindow& window) {
  std::vector<DisclosureEntry> all;
  DisclosureQuery query{.patient = patient,
                        .from = window.from,
                        .to = window.to,
                        .after = std::nullopt,
                        .limit = kPage};
  for (;;) {
    Result<std::vector<DisclosureEntry>> page = tx.Disclosures().List(query);
    if (!page) return page.error();
    std::size_t size = page->size();
    for (DisclosureEntry& entry : *page) {
      // The accounting needs only accountable entries; the rest stay in the log.
      if (IsAccountable(entry.basis)) all.push_back(std::move(entry));
    }
    if (size < static_cast<std::size_t>(kPage)) return all;
    const DisclosureEntry& last = page->back();
    query.after = DisclosureCursor{.disclosed_on = last.disclosed_on, .id = last.id};
  }
}

Result<std::vector<AccountingSuspension>> SuspensionsInForce(Transaction& tx, Date day) {
  std::vector<AccountingSuspension> all;
  SuspensionQuery query{.in_force_on = day, .after_id = {}, .limit = kPage};
  for (;;) {
    Result<std::vector<AccountingSuspension>> page = tx.Disclosures().ListSuspensions(query);
    if (!page) return page.error();
    all.insert(all.end(), page->begin(), page->end());
    if (page->size() < static_cast<std::size_t>(kPage)) return all;
    query.after_id = page->back().id;
  }
}

}  // namespace

// Audit: AuditTrail is not in this tree yet.  When it is, DisclosureLog records one audit event
// per call here and in ListForPatient/RecordSuspension/ListSuspensions, in the same `tx`.
Result<DisclosureEntry> DisclosureLog::Record(Transaction& tx, const DisclosureEntry& entry) const {
  DisclosureEntry stored = entry;
  stored.id = DisclosureId();
  stored.organization_id = tx.Organization();
  return tx.Disclosures().Insert(stored);
}

Result<DisclosurePage> DisclosureLog::ListForPatient(Transaction& tx,
                                                     const DisclosureQuery& query) const {
  Result<Patient> patient = tx.Patients().Find(query.patient);
  if (!patient) return patient.error();
  Result<std::vector<DisclosureEntry>> items = tx.Disclosures().List(query);
  if (!items) return items.error();
  DisclosurePage page{.items = std::move(*items), .next = std::nullopt};
  if (!page.items.empty() && page.items.size() == static_cast<std::size_t>(query.limit)) {
    page.next = DisclosureCursor{.disclosed_on = page.items.back().disclosed_on,
                                 .id = page.items.back().id};
  }
  return page;
}

Result<AccountingSuspension> DisclosureLog::RecordSuspension(
    Transaction& tx, const AccountingSuspension& suspension) const {
  return tx.Disclosures().InsertSuspension(suspension);
}

Result<std::vector<AccountingSuspension>> DisclosureLog::ListSuspensions(
    Transaction& tx, const SuspensionQuery& query) const {
  return tx.Disclosures().ListSuspensions(query);
}

Result<std::vector<DisclosureVolume>> DisclosureLog::VolumeByBasis(Transaction& tx, Date from,
                                                                   Date to) const {
  if (to < from) return InvalidArgumentError("from must not be after to");
  return tx.Disclosures().CountByBasis(from, to);
}

int Accounting::DisclosureCount() const {
  int count = 0;
  for (const AccountingLine& line : lines) count += line.count;
  return count;
}

// Audit: when AuditTrail is in this tree, AccountingOfDisclosures records one audit event per
// Produce (read) and Provide (write) here, in the same `tx`.
Result<Accounting> AccountingOfDisclosures::Produce(Transaction& tx,
                                                    const AccountingRequest& request) const {
  Result<Patient> patient = tx.Patients().Find(request.patient);
  if (!patient) return patient.error();
  Result<AccountingWindow> window =
      ResolveAccountingWindow(request.from, request.to, request.as_of);
  if (!window) return window.error();
  Result<std::vector<DisclosureEntry>> entries = ReadWindow(tx, request.patient, *window);
  if (!entries) return entries.error();
  Result<std::vector<AccountingSuspension>> suspensions = SuspensionsInForce(tx, request.as_of);
  if (!suspensions) return suspensions.error();
  return Accounting{.patient = request.patient,
                    .as_of = request.as_of,
                    .window = *window,
                    .lines = BuildAccountingLines(*entries, *suspensions, *window, request.as_of)};
}

Result<ProvidedAccounting> AccountingOfDisclosures::Provide(Transaction& tx,
                                                            const AccountingRequest& request,
                                                            UserId provided_by, Money fee) const {
  Result<Accounting> accounting = Produce(tx, request);
  if (!accounting) return accounting.error();
  Result<std::vector<AccountingRecord>> earlier = tx.Disclosures().ListAccountings(
      request.patient, request.as_of.AddMonths(-12), request.as_of);
  if (!earlier) return earlier.error();
  std::vector<Date> dates;
  for (const AccountingRecord& record : *earlier) dates.push_back(record.requested_on);
  AccountingRecord record{.id = {},
                          .organization_id = tx.Organization(),
                          .patient_id = request.patient,
                          .requested_on = request.as_of,
                          .window = accounting->window,
                          .line_count = static_cast<int>(accounting->lines.size()),
                          .disclosure_count = accounting->DisclosureCount(),
                          .fee_may_apply = AccountingFeeMayApply(dates, request.as_of),
                          .fee = fee,
                          .provided_by = provided_by};
  Result<AccountingRecord> stored = tx.Disclosures().InsertAccounting(record);
  if (!stored) return stored.error();
  return ProvidedAccounting{.accounting = std::move(*accounting), .record = std::move(*stored)};
}

}  // namespace roi
