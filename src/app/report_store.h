// ReportRepository: the storage port of the management reports (app/report_service.h).  Every
// method aggregates in the database and returns one row per group (a day count, a receipt date, a
// role and status), never one row per request, so a report stays fast at millions of requests.
// Reached through Transaction::Reports(), bound to the transaction's organization.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/date.h"
#include "base/result.h"
#include "domain/request_workflow.h"

namespace roi {

// Requests completed (moved to released or denied) after `days` calendar days from receipt.
// Value type.
struct TurnaroundGroup {
  int days = 0;                // Completion day minus received_on (0: the same day).
  std::int64_t completed = 0;  // Requests completed after this many days.
  std::int64_t with_due = 0;   // Of those, requests that had a due date.
  std::int64_t on_time = 0;    // Of those, completed on or before the due date in force.
  bool operator==(const TurnaroundGroup&) const = default;
};

// Open requests received on one day.  Value type.
struct BacklogGroup {
  Date received_on;
  std::int64_t open = 0;
  std::int64_t overdue = 0;  // Of those, due before the report's day.
  bool operator==(const BacklogGroup&) const = default;
};

// Requests received in a window, by the requester's role and the request's status now.
struct VolumeGroup {
  std::string requester_role;
  RequestState state = RequestState::kReceived;
  std::int64_t count = 0;
  bool operator==(const VolumeGroup&) const = default;
};

// Fee totals of a window.  Value type.
struct FeeTotals {
  std::int64_t invoiced_cents = 0;     // Invoices issued in the window.
  std::int64_t collected_cents = 0;    // Payments received in the window.
  std::int64_t waived_cents = 0;       // Waivers granted (received_on) in the window.
  std::int64_t outstanding_cents = 0;  // What is still owed now on the window's invoices.
  bool operator==(const FeeTotals&) const = default;
};

// Interface; bound to the transaction's organization.  Windows are inclusive calendar days;
// REQUIRES from <= to (callers check).  A request's completion day is the UTC calendar day of its
// transition to released or denied (RequestTransition::event.at_micros).
class ReportRepository {
 public:
  virtual ~ReportRepository() = default;
  // Requests whose completion day is in [from, to], grouped by days from receipt, by days.  "On
  // time": completion day <= the request's due_on (the due date in force, an extension included).
  virtual Result<std::vector<TurnaroundGroup>> Turnaround(Date from, Date to) = 0;
  // Open requests (IsOpenState) grouped by received_on, by received_on; overdue counts those
  // whose due_on is before `today`.
  virtual Result<std::vector<BacklogGroup>> OpenBacklog(Date today) = 0;
  // Requests with received_on in [from, to] grouped by (requester_role, state), ordered by role
  // then state name.
  virtual Result<std::vector<VolumeGroup>> Volume(Date from, Date to) = 0;
  // Invoices with issued_on in [from, to] (invoiced, and outstanding: their total minus every
  // payment and waiver credited so far), payments and waivers with received_on in [from, to].
  virtual Result<FeeTotals> Fees(Date from, Date to) = 0;
};

}  // namespace roi
