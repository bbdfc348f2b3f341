// SQLite ReportRepository: every report is one aggregate query filtered by the bound organization:
// volume and turnaround over the daily rollups of migration 26 (kept by triggers), fees over
// covering indexes of migration 26, the backlog over the work queue's state index.
#include <string>

#include "domain/release_request.h"
#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

// "'received','verifying',..." for the states `keep` selects.
template <typename Keep>
std::string StateList(Keep keep) {
  std::string out;
  for (RequestState state : AllRequestStates()) {
    if (!keep(state)) continue;
    if (!out.empty()) out += ",";
    out += "'" + std::string(RequestStateName(state)) + "'";
  }
  return out;
}

}  // namespace

Result<std::vector<TurnaroundGroup>> SqliteReportRepository::Turnaround(Date from, Date to) {
  // The completion day is the UTC day of the transition into released or denied; the daily
  // rollup (migration 26, kept by triggers) holds the completions per day and turnaround.
  Result<Statement> rows = connection_.Query(
      "SELECT days, SUM(completions), SUM(completions * with_due), SUM(completions * on_time)"
      " FROM report_turnaround_daily WHERE organization_id = ?1 AND done_on >= ?2 AND done_on <= ?3"
      " GROUP BY days HAVING SUM(completions) <> 0 ORDER BY days",
      {organization_.value, from.ToString(), to.ToString()}, "turnaround report");
  if (!rows) return rows.error();
  std::vector<TurnaroundGroup> out;
  for (;;) {
    Result<bool> row = rows->Step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back({.days = static_cast<int>(rows->Int64(0)),
                   .completed = rows->Int64(1),
                   .with_due = rows->Int64(2),
                   .on_time = rows->Int64(3)});
  }
}

Result<std::vector<BacklogGroup>> SqliteReportRepository::OpenBacklog(Date today) {
  static const std::string sql =
      // Without statistics SQLite would walk requests_received for its order, over every
      // request of the organization; the state index reads only the open ones.
      "SELECT received_on, COUNT(*), SUM(due_on IS NOT NULL AND due_on < ?2) FROM requests"
      " INDEXED BY requests_state_received WHERE organization_id = ?1 AND state IN (" +
      StateList(IsOpenState) + ") GROUP BY received_on ORDER BY received_on";
  std::string day = today.ToString();
  Result<Statement> rows = connection_.Query(sql, {organization_.value, day}, "backlog report");
  if (!rows) return rows.error();
  std::vector<BacklogGroup> out;
  for (;;) {
    Result<bool> row = rows->Step();
    if (!row) return row.error();
    if (!*row) return out;
    Result<Date> received = Date::Parse(rows->Text(0));
    if (!received) return InternalError("stored request has a bad received_on");
    out.push_back({.received_on = *received, .open = rows->Int64(1), .overdue = rows->Int64(2)});
  }
}

Result<std::vector<VolumeGroup>> SqliteReportRepository::Volume(Date from, Date to) {
  std::string first = from.ToString();
  std::string last = to.ToString();
  Result<Statement> rows = connection_.Query(
      // The daily rollup of migration 26 (kept by triggers), not every request in the window.
      "SELECT requester_role, state, SUM(requests) FROM report_volume_daily"
      " WHERE organization_id = ?1 AND received_on >= ?2 AND received_on <= ?3"
      " GROUP BY requester_role, state HAVING SUM(requests) <> 0 ORDER BY requester_role, state",
      {organization_.value, first, last}, "volume report");
  if (!rows) return rows.error();
  std::vector<VolumeGroup> out;
  for (;;) {
    Result<bool> row = rows->Step();
    if (!row) return row.error();
    if (!*row) return out;
    Result<RequestState> state = ParseRequestState(rows->Text(1));
    if (!state) return InternalError("stored request has a bad state");
    out.push_back({.requester_role = rows->Text(0), .state = *state, .count = rows->Int64(2)});
  }
}

Result<FeeTotals> SqliteReportRepository::Fees(Date from, Date to) {
  std::string first = from.ToString();
  std::string last = to.ToString();
  Result<Statement> row = connection_.Query(
      "SELECT"
      " (SELECT COALESCE(SUM(total_cents), 0) FROM invoices"
      "  WHERE organization_id = ?1 AND issued_on >= ?2 AND issued_on <= ?3),"
      " (SELECT COALESCE(SUM(amount_cents), 0) FROM invoice_credits"
      "  WHERE organization_id = ?1 AND received_on >= ?2 AND received_on <= ?3"
      "  AND kind = 'payment'),"
      " (SELECT COALESCE(SUM(amount_cents), 0) FROM invoice_credits"
      "  WHERE organization_id = ?1 AND received_on >= ?2 AND received_on <= ?3"
      "  AND kind = 'waiver'),"
      " (SELECT COALESCE(SUM(MAX(i.total_cents - COALESCE((SELECT SUM(c.amount_cents)"
      "   FROM invoice_credits c WHERE c.organization_id = i.organization_id"
      "   AND c.invoice_id = i.id), 0), 0)), 0) FROM invoices i"
      "  WHERE i.organization_id = ?1 AND i.issued_on >= ?2 AND i.issued_on <= ?3)",
      {organization_.value, first, last}, "fees report");
  if (!row) return row.error();
  Result<bool> stepped = row->Step();
  if (!stepped) return stepped.error();
  if (!*stepped) return InternalError("fees report returned no row");
  return FeeTotals{.invoiced_cents = row->Int64(0),
                   .collected_cents = row->Int64(1),
                   .waived_cents = row->Int64(2),
                   .outstanding_cents = row->Int64(3)};
}

}  // namespace roi::sqlite
