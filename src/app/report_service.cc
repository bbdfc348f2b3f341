#include "app/report_service.h"

#include <algorithm>
#include <utility>

namespace roi {
namespace {

struct Range {
  int min;
  std::optional<int> max;
};

constexpr Range kHistogram[] = {{0, 5},   {6, 10},  {11, 15},          {16, 20},
                                {21, 30}, {31, 60}, {61, std::nullopt}};

struct Band {
  const char* label;
  int min;
  std::optional<int> max;
};

constexpr Band kBacklogBands[] = {{"0-7", 0, 7},
                                  {"8-15", 8, 15},
                                  {"16-30", 16, 30},
                                  {"31-60", 31, 60},
                                  {"61+", 61, std::nullopt}};

bool InRange(int days, int min, std::optional<int> max) {
  return days >= min && (!max || days <= *max);
}

// The value at 0-based rank `rank` of the sorted days the groups describe.
int DaysAtRank(std::span<const TurnaroundGroup> groups, std::int64_t rank) {
  std::int64_t seen = 0;
  for (const TurnaroundGroup& group : groups) {
    seen += group.completed;
    if (rank < seen) return std::max(group.days, 0);
  }
  return groups.empty() ? 0 : std::max(groups.back().days, 0);
}

double Quantile(std::span<const TurnaroundGroup> groups, std::int64_t n, double p) {
  double position = p * static_cast<double>(n - 1);
  auto low = static_cast<std::int64_t>(position);
  double fraction = position - static_cast<double>(low);
  int below = DaysAtRank(groups, low);
  int above = low + 1 < n ? DaysAtRank(groups, low + 1) : below;
  return static_cast<double>(below) + static_cast<double>(above - below) * fraction;
}

}  // namespace

ReportWindow DefaultReportWindow(Date today) {
  return {.from = today.AddDays(-(kDefaultReportWindowDays - 1)), .to = today};
}

Status ValidateReportWindow(const ReportWindow& window) {
  if (window.to < window.from) return InvalidArgumentError("to is before from");
  if (window.from.DaysUntil(window.to) >= kMaxReportWindowDays) {
    return InvalidArgumentError("to is more than " + std::to_string(kMaxReportWindowDays) +
                                " days after from");
  }
  return OkStatus();
}

TurnaroundReport SummarizeTurnaround(const ReportWindow& window,
                                     std::span<const TurnaroundGroup> groups) {
  std::vector<TurnaroundGroup> sorted(groups.begin(), groups.end());
  std::sort(sorted.begin(), sorted.end(),
            [](const TurnaroundGroup& a, const TurnaroundGroup& b) { return a.days < b.days; });
  TurnaroundReport report{.window = window};
  std::int64_t with_due = 0;
  for (const Range& range : kHistogram) {
    report.histogram.push_back({.days_min = range.min, .days_max = range.max, .count = 0});
  }
  for (const TurnaroundGroup& group : sorted) {
    report.completed += group.completed;
    report.on_time += group.on_time;
    with_due += group.with_due;
    for (DaysBucket& bucket : report.histogram) {
      if (InRange(std::max(group.days, 0), bucket.days_min, bucket.days_max)) {
        bucket.count += group.completed;
        break;
      }
    }
  }
  if (report.completed > 0) {
    report.median_days = Quantile(sorted, report.completed, 0.5);
    report.p90_days = Quantile(sorted, report.completed, 0.9);
  }
  if (with_due > 0) {
    report.on_time_rate = static_cast<double>(report.on_time) / static_cast<double>(with_due);
  }
  return report;
}

BacklogReport SummarizeBacklog(Date today, std::span<const BacklogGroup> groups) {
  BacklogReport report{.as_of = today};
  for (const Band& band : kBacklogBands) {
    report.buckets.push_back(
        {.label = band.label, .min_days = band.min, .max_days = band.max, .count = 0});
  }
  for (const BacklogGroup& group : groups) {
    report.open += group.open;
    report.overdue += group.overdue;
    int age = std::max(group.received_on.DaysUntil(today), 0);
    for (BacklogBucket& bucket : report.buckets) {
      if (InRange(age, bucket.min_days, bucket.max_days)) {
        bucket.count += group.open;
        break;
      }
    }
  }
  return report;
}

Status ReportService::Run(const Principal& caller, std::string_view name,
                          const std::function<Status(Transaction&)>& work) {
  if (!caller.May(Permission::kViewReports)) {
    return PermissionDeniedError("reports need the view_reports permission");
  }
  return store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
    if (Status done = work(tx); !done) return done;
    return audit_.RecordNote(tx, ActorOf(caller),
                             AuditNote{.action = AuditAction::kRead,
                                       .patient = {},
                                       .entity_kind = "report",
                                       .entity_id = std::string(name),
                                       .detail = "report " + std::string(name)});
  });
}

Result<TurnaroundReport> ReportService::Turnaround(const Principal& caller,
                                                   const ReportWindow& window) {
  if (Status valid = ValidateReportWindow(window); !valid) return valid.error();
  std::vector<TurnaroundGroup> groups;
  Status status = Run(caller, "turnaround", [&](Transaction& tx) -> Status {
    Result<std::vector<TurnaroundGroup>> found = tx.Reports().Turnaround(window.from, window.to);
    if (!found) return found.error();
    groups = std::move(*found);
    return OkStatus();
  });
  if (!status) return status.error();
  return SummarizeTurnaround(window, groups);
}

Result<BacklogReport> ReportService::Backlog(const Principal& caller) {
  const Date today = clock_.Today();
  std::vector<BacklogGroup> groups;
  Status status = Run(caller, "backlog", [&](Transaction& tx) -> Status {
    Result<std::vector<BacklogGroup>> found = tx.Reports().OpenBacklog(today);
    if (!found) return found.error();
    groups = std::move(*found);
    return OkStatus();
  });
  if (!status) return status.error();
  return SummarizeBacklog(today, groups);
}

Result<VolumeReport> ReportService::Volume(const Principal& caller, const ReportWindow& window) {
  if (Status valid = ValidateReportWindow(window); !valid) return valid.error();
  VolumeReport report{.window = window, .rows = {}};
  Status status = Run(caller, "volume", [&](Transaction& tx) -> Status {
    Result<std::vector<VolumeGroup>> found = tx.Reports().Volume(window.from, window.to);
    if (!found) return found.error();
    report.rows = std::move(*found);
    return OkStatus();
  });
  if (!status) return status.error();
  return report;
}

Result<FeeReport> ReportService::Fees(const Principal& caller, const ReportWindow& window) {
  if (Status valid = ValidateReportWindow(window); !valid) return valid.error();
  FeeReport report{.window = window, .totals = {}};
  Status status = Run(caller, "fees", [&](Transaction& tx) -> Status {
    Result<FeeTotals> found = tx.Reports().Fees(window.from, window.to);
    if (!found) return found.error();
    report.totals = *found;
    return OkStatus();
  });
  if (!status) return status.error();
  return report;
}

}  // namespace roi
