// The denial-review part of the deadline scan (app/deadline_jobs.h): a review the individual asked
// for after a denial is due kDenialReviewDueDays later (domain/denial_review.h).  Like a request's
// due date, an open review gets a reminder at each configured threshold before it is due (the one
// it has just crossed) and an escalation once it is overdue, which the work queue shows as
// `escalated` for the supervisor and the privacy officer.  Each is a RequestNotice on the review's
// request keyed by the review ("review-7:5d@2026-12-20", "review-7:overdue@2026-12-20"), so two
// scans of one database (two servers) store it once.
#pragma once

#include <cstdint>
#include <span>

#include "app/audit_trail.h"
#include "app/store.h"
#include "base/date.h"

namespace roi {

// What the review part of one scan did.
struct ReviewDeadlineCounts {
  int reminders = 0;
  int escalations = 0;
};

// Raises, inside the scan's `tx`, the reminders (`thresholds`: days before due, ascending) and
// escalations the organization's open denial reviews are owed today, at most `budget` of them
// (decremented per notice raised; notices raised before do not count).  Every notice raised is
// recorded in the audit trail as the system.
Result<ReviewDeadlineCounts> ScanDenialReviewDeadlines(Transaction& tx, const AuditTrail& audit,
                                                       Date today, std::int64_t now_micros,
                                                       std::span<const int> thresholds,
                                                       int& budget);

}  // namespace roi
