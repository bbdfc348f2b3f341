// ReviewWorklist: the review tasks a clinician or supervisor may act on now, across the
// organization's requests — those assigned to them and the unassigned tasks of the kinds their
// role completes (the reviewers' pool of the assignment rule, docs/security.md) — with what a
// work list shows of each request: its number, state and due date.  No patient data: numbers,
// kinds, reasons (codes), dates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/audit_trail.h"
#include "app/auth_service.h"
#include "app/clock.h"
#include "app/store.h"
#include "domain/review.h"

namespace roi {

// One line of the work list.  Value type.
struct ReviewWorkItem {
  ReviewTask task;
  std::string request_number;
  RequestState request_state = RequestState::kReceived;
  std::optional<Date> due_on;  // The request's due date; unset where no law sets one.
  int age_days = 0;            // Whole days since the task was opened.
  bool assigned_to_caller = false;
};

// Value type: one page of the work list.
struct ReviewWorkPage {
  std::vector<ReviewWorkItem> items;
  ReviewId next_after;  // Pass as `after` for the next page; unset on the last page.
};

// Thread-safe.  `store`, `clock` and `audit` must outlive it.
class ReviewWorklist {
 public:
  ReviewWorklist(Store& store, const Clock& clock, const AuditTrail& audit)
      : store_(store), clock_(clock), audit_(audit) {}

  // The caller's open review tasks, oldest first, after `after`, at most `limit` (1..200).
  // Records a read of the entity "review_tasks" (no patient: the list spans patients).  Returns
  // PermissionDenied unless the caller may review records, InvalidArgument for a bad limit.
  Result<ReviewWorkPage> List(const Principal& caller, ReviewId after, int limit) const;

 private:
  Store& store_;
  const Clock& clock_;
  const AuditTrail& audit_;
};

}  // namespace roi
