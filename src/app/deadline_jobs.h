// DeadlineJobs: the deadline scan, a job of the durable queue (app/job_runner.h) run per
// organization.  Each scan, inside the job's own transaction:
//   - raises a reminder on every open request whose due date is near (configurable days before:
//     by default 5 and 1; the one threshold the request has just crossed),
//   - escalates every open request past its due date (an "escalation" notice, which the work
//     queue shows as `escalated`),
//   - expires every request left in pending_information for `pending_expiry_days`: cancels it
//     through the workflow (action cancel, by the system) and writes the expiry letter,
//   - reminds and escalates the open reviews of denials the same way (due 30 days after the
//     individual asked; app/denial_review_deadlines.h),
// urgent requests before routine ones.  Every effect is a RequestNotice with a unique
// (request, kind, key), so two scans — two runners, two servers on one database — that do the
// same work store it once.  Why a periodic scan rather than one job per request and deadline:
// due dates move (re-decisions, extensions, holds), and a scan reads them as they are now, with
// nothing to reschedule or cancel.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/audit_trail.h"
#include "app/clock.h"
#include "app/job_runner.h"
#include "app/letters.h"
#include "app/store.h"

namespace roi {

inline constexpr std::string_view kDeadlineScanJob = "deadlines.scan";

// Value type.
struct DeadlineOptions {
  std::vector<int> reminder_days = {5, 1};  // Each 0..365.
  int pending_expiry_days = 60;             // 1..3650.
  int max_actions_per_scan = 1000;          // Notices raised per scan; the rest wait for the next.
};

// Parses "5,1" into days (each 0..365, at most 10).  Returns InvalidArgument otherwise.
Result<std::vector<int>> ParseReminderDays(std::string_view text);

// What one scan did.
struct DeadlineScanReport {
  int reminders = 0;
  int escalations = 0;
  int expiries = 0;
  int review_reminders = 0;    // Of open denial reviews (app/denial_review_deadlines.h).
  int review_escalations = 0;  // Of overdue denial reviews.
};

// Thread-safe (no mutable state).  `clock` and `audit` must outlive it.  Every notice a scan
// raises (and the cancellation an expiry makes) is recorded in the audit trail as the system.
class DeadlineJobs {
 public:
  DeadlineJobs(const Clock& clock, const AuditTrail& audit, DeadlineOptions options)
      : clock_(clock), audit_(audit), options_(options) {}

  // Registers the scan handler on `runner`.  REQUIRES: `this` outlives `runner`'s use.
  void Register(JobRunner& runner) const;

  // The scan of the transaction's organization (the handler).  `organization_name` goes into the
  // letters.
  Result<DeadlineScanReport> Scan(Transaction& tx, const std::string& organization_name) const;

  // Schedules one scan job, due now, for every organization (one live scan per organization: a
  // scan already pending or running is kept).  Returns how many organizations there are.
  static Result<int> ScheduleScans(Store& store, const Clock& clock);

 private:
  const Clock& clock_;
  const AuditTrail& audit_;
  DeadlineOptions options_;
};

}  // namespace roi
