// ReportService: the management reports of the request lifecycle — turnaround (median, p90,
// on-time rate, histogram), the open backlog by age, volume by requester role and outcome, and
// fees invoiced, collected, waived and outstanding.  The database aggregates
// (app/report_store.h); this service turns the groups into the reports.  Every call checks
// kViewReports and records one audit event ("report <name>", no patient) in the transaction that
// read the data.  docs/lifecycle.md, "Reports", describes each figure.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "app/audit_trail.h"
#include "app/auth_service.h"
#include "app/clock.h"
#include "app/store.h"

namespace roi {

// Inclusive calendar days.  Value type.
struct ReportWindow {
  Date from;
  Date to;
};

// The longest window a report accepts (about ten years).
inline constexpr int kMaxReportWindowDays = 3660;
// The default window: the last 30 days, today included.
inline constexpr int kDefaultReportWindowDays = 30;

// The window [today - 29, today].
ReportWindow DefaultReportWindow(Date today);

// Returns InvalidArgument naming `to` when it is before `from`, or the window is longer than
// kMaxReportWindowDays.
Status ValidateReportWindow(const ReportWindow& window);

// One histogram bucket: days_min..days_max (no upper bound when days_max is unset).
struct DaysBucket {
  int days_min = 0;
  std::optional<int> days_max;
  std::int64_t count = 0;
  bool operator==(const DaysBucket&) const = default;
};

struct TurnaroundReport {
  ReportWindow window;
  std::int64_t completed = 0;
  std::optional<double> median_days;  // Unset when nothing was completed.
  std::optional<double> p90_days;
  std::int64_t on_time = 0;
  // on_time / completed requests that had a due date; unset when none had one.
  std::optional<double> on_time_rate;
  std::vector<DaysBucket> histogram;  // 0-5, 6-10, 11-15, 16-20, 21-30, 31-60, 61+.
};

struct BacklogBucket {
  std::string label;  // "0-7", "8-15", "16-30", "31-60", "61+".
  int min_days = 0;
  std::optional<int> max_days;
  std::int64_t count = 0;
  bool operator==(const BacklogBucket&) const = default;
};

struct BacklogReport {
  Date as_of;
  std::int64_t open = 0;
  std::int64_t overdue = 0;
  std::vector<BacklogBucket> buckets;
};

struct VolumeReport {
  ReportWindow window;
  std::vector<VolumeGroup> rows;  // By requester role, then outcome (state) name.
};

struct FeeReport {
  ReportWindow window;
  FeeTotals totals;
};

// Pure: the turnaround report of `groups` (as ReportRepository::Turnaround returns them).  The
// median and p90 interpolate linearly between ranks (PostgreSQL's percentile_cont): with days
// sorted d[0..n-1], the p-quantile is d[k] + (d[k+1] - d[k]) * f where p*(n-1) = k + f.
// Negative day counts (a completion recorded before receipt) count as 0.
TurnaroundReport SummarizeTurnaround(const ReportWindow& window,
                                     std::span<const TurnaroundGroup> groups);

// Pure: the backlog report of `groups` on `today`; a request's age is today - received_on.
BacklogReport SummarizeBacklog(Date today, std::span<const BacklogGroup> groups);

// Thread-safe.  `store`, `clock` and `audit` must outlive it.
class ReportService {
 public:
  ReportService(Store& store, const Clock& clock, const AuditTrail& audit)
      : store_(store), clock_(clock), audit_(audit) {}

  // The organization's calendar day now (the backlog's as_of; the default window's end).
  Date Today() const { return clock_.Today(); }

  // Each returns PermissionDenied unless the caller may kViewReports, InvalidArgument as
  // ValidateReportWindow, and the store's errors.
  Result<TurnaroundReport> Turnaround(const Principal& caller, const ReportWindow& window);
  Result<BacklogReport> Backlog(const Principal& caller);
  Result<VolumeReport> Volume(const Principal& caller, const ReportWindow& window);
  Result<FeeReport> Fees(const Principal& caller, const ReportWindow& window);

 private:
  // Runs `work` in a write transaction of the caller's organization and records "report <name>".
  Status Run(const Principal& caller, std::string_view name,
             const std::function<Status(Transaction&)>& work);

  Store& store_;
  const Clock& clock_;
  const AuditTrail& audit_;
};

}  // namespace roi
