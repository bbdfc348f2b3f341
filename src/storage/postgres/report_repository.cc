// PostgreSQL ReportRepository: every report is one aggregate query that passes the bound
// organization as $1: volume and turnaround over the daily rollups of migration 26 (kept by
// triggers), fees over covering indexes of migration 26, the backlog over the open requests' index.
#include <string>

#include "domain/release_request.h"
#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

std::string OpenStateList() {
  std::string out;
  for (RequestState state : AllRequestStates()) {
    if (!IsOpenState(state)) continue;
    if (!out.empty()) out += ",";
    out += "'" + std::string(RequestStateName(state)) + "'";
  }
  return out;
}

}  // namespace

Result<std::vector<TurnaroundGroup>> PgReportRepository::Turnaround(Date from, Date to) {
  return context_.Run("turnaround report", [&]() -> Result<std::vector<TurnaroundGroup>> {
    pqxx::result rows = context_.Transaction().exec_params(
        // The daily rollup of migration 26 (kept by triggers), not every completion.
        "SELECT days, sum(completions)::bigint, sum(completions * with_due)::bigint,"
        " sum(completions * on_time)::bigint FROM report_turnaround_daily"
        " WHERE organization_id = $1 AND done_on >= $2::date AND done_on <= $3::date"
        " GROUP BY days HAVING sum(completions) <> 0 ORDER BY days",
        organization_.value, from.ToString(), to.ToString());
    std::vector<TurnaroundGroup> out;
    for (const pqxx::row& row : rows) {
      out.push_back({.days = row[0].as<int>(),
                     .completed = row[1].as<std::int64_t>(),
                     .with_due = row[2].as<std::int64_t>(),
                     .on_time = row[3].as<std::int64_t>()});
    }
    return out;
  });
}

Result<std::vector<BacklogGroup>> PgReportRepository::OpenBacklog(Date today) {
  static const std::string sql =
      "SELECT to_char(received_on, 'YYYY-MM-DD'), count(*),"
      " count(*) FILTER (WHERE due_on < $2::date) FROM requests"
      " WHERE organization_id = $1 AND state IN (" +
      OpenStateList() + ") GROUP BY received_on ORDER BY received_on";
  return context_.Run("backlog report", [&]() -> Result<std::vector<BacklogGroup>> {
    pqxx::result rows =
        context_.Transaction().exec_params(sql, organization_.value, today.ToString());
    std::vector<BacklogGroup> out;
    for (const pqxx::row& row : rows) {
      Result<Date> received = Date::Parse(row[0].as<std::string>());
      if (!received) return InternalError("stored request has a bad received_on");
      out.push_back({.received_on = *received,
                     .open = row[1].as<std::int64_t>(),
                     .overdue = row[2].as<std::int64_t>()});
    }
    return out;
  });
}

Result<std::vector<VolumeGroup>> PgReportRepository::Volume(Date from, Date to) {
  return context_.Run("volume report", [&]() -> Result<std::vector<VolumeGroup>> {
    pqxx::result rows = context_.Transaction().exec_params(
        // The daily rollup of migration 26 (kept by triggers), not every request in the window.
        "SELECT requester_role, state, sum(requests)::bigint FROM report_volume_daily"
        " WHERE organization_id = $1 AND received_on >= $2::date AND received_on <= $3::date"
        " GROUP BY requester_role, state HAVING sum(requests) <> 0"
        " ORDER BY requester_role COLLATE \"C\", state COLLATE \"C\"",
        organization_.value, from.ToString(), to.ToString());
    std::vector<VolumeGroup> out;
    for (const pqxx::row& row : rows) {
      Result<RequestState> state = ParseRequestState(row[1].as<std::string>());
      if (!state) return InternalError("stored request has a bad state");
      out.push_back({.requester_role = row[0].as<std::string>(),
                     .state = *state,
                     .count = row[2].as<std::int64_t>()});
    }
    return out;
  });
}

Result<FeeTotals> PgReportRepository::Fees(Date from, Date to) {
  return context_.Run("fees report", [&]() -> Result<FeeTotals> {
    pqxx::row row = context_.Transaction().exec_params1(
        "SELECT"
        " (SELECT COALESCE(sum(total_cents), 0)::bigint FROM invoices"
        "  WHERE organization_id = $1 AND issued_on >= $2::date AND issued_on <= $3::date),"
        " (SELECT COALESCE(sum(amount_cents), 0)::bigint FROM invoice_credits"
        "  WHERE organization_id = $1 AND received_on >= $2::date AND received_on <= $3::date"
        "  AND kind = 'payment'),"
        " (SELECT COALESCE(sum(amount_cents), 0)::bigint FROM invoice_credits"
        "  WHERE organization_id = $1 AND received_on >= $2::date AND received_on <= $3::date"
        "  AND kind = 'waiver'),"
        " (SELECT COALESCE(sum(GREATEST(i.total_cents - COALESCE((SELECT sum(c.amount_cents)"
        "   FROM invoice_credits c WHERE c.organization_id = i.organization_id"
        "   AND c.invoice_id = i.id), 0), 0)), 0)::bigint FROM invoices i"
        "  WHERE i.organization_id = $1 AND i.issued_on >= $2::date AND i.issued_on <= $3::date)",
        organization_.value, from.ToString(), to.ToString());
    return FeeTotals{.invoiced_cents = row[0].as<std::int64_t>(),
                     .collected_cents = row[1].as<std::int64_t>(),
                     .waived_cents = row[2].as<std::int64_t>(),
                     .outstanding_cents = row[3].as<std::int64_t>()};
  });
}

}  // namespace roi::postgres
