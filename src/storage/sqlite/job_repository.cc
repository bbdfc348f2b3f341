// SQLite JobRepository (bound to one organization) and JobQueue (all organizations).  SQLite runs
// one write transaction at a time (BEGIN IMMEDIATE), so a claim cannot race another claim.
#include <algorithm>
#include <string>

#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

constexpr std::string_view kJobColumns =
    "id, organization_id, kind, payload, dedupe_key, priority, run_at_micros, state, attempts,"
    " lease_owner, lease_expires_micros, last_error";

Result<Job> ReadJob(const Statement& row) {
  Result<JobState> state = ParseJobState(row.Text(7));
  if (!state) return InternalError("stored state of job " + std::to_string(row.Int64(0)));
  return Job{.id = JobId(row.Int64(0)),
             .organization_id = OrganizationId(row.Int64(1)),
             .kind = row.Text(2),
             .payload = row.Text(3),
             .dedupe_key = row.Text(4),
             .priority = static_cast<int>(row.Int64(5)),
             .run_at_micros = row.Int64(6),
             .state = *state,
             .attempts = static_cast<int>(row.Int64(8)),
             .lease_owner = row.Text(9),
             .lease_expires_micros = row.Int64(10),
             .last_error = row.Text(11)};
}

Error NoJob(JobId id) { return NotFoundError("job " + std::to_string(id.value) + " not found"); }

Error LeaseLost(JobId id) {
  return AbortedError("job " + std::to_string(id.value) + " is no longer leased to this worker");
}

// Why a lease check on `id` matched no row: the job is absent (NotFound) or not ours (Aborted).
Error LeaseMiss(Connection& connection, std::string_view scope_sql, std::int64_t scope, JobId id) {
  Result<Statement> query = connection.Query(scope_sql, {scope, id.value}, "find job");
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  return *row ? LeaseLost(id) : NoJob(id);
}

}  // namespace

Result<Job> SqliteJobRepository::Enqueue(const Job& job) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateJob(job); !valid) return valid.error();
  if (!job.dedupe_key.empty()) {
    Result<Statement> existing = connection_.Query(
        "SELECT " + std::string(kJobColumns) +
            " FROM jobs WHERE organization_id = ?1 AND kind = ?2 AND dedupe_key = ?3"
            " AND state IN ('pending', 'running')",
        {organization_.value, job.kind, job.dedupe_key}, "find duplicate job");
    if (!existing) return existing.error();
    Result<bool> row = existing->Step();
    if (!row) return row.error();
    if (*row) return ReadJob(*existing);
  }
  Result<Statement> insert = connection_.Query(
      "INSERT INTO jobs (organization_id, kind, payload, dedupe_key, priority, run_at_micros,"
      " state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending')",
      {organization_.value, job.kind, job.payload, job.dedupe_key,
       static_cast<std::int64_t>(job.priority), job.run_at_micros},
      "insert job");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return done.error();
  Job stored = job;
  stored.id = JobId(connection_.LastInsertId());
  stored.organization_id = organization_;
  stored.state = JobState::kPending;
  stored.attempts = 0;
  stored.lease_owner.clear();
  stored.lease_expires_micros = 0;
  stored.last_error.clear();
  return stored;
}

Result<Job> SqliteJobRepository::Find(JobId id) {
  Result<Statement> query = connection_.Query(
      "SELECT " + std::string(kJobColumns) + " FROM jobs WHERE organization_id = ?1 AND id = ?2",
      {organization_.value, id.value}, "find job");
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) return NoJob(id);
  return ReadJob(*query);
}

Result<std::int64_t> SqliteJobRepository::CancelPending(std::string_view kind,
                                                        std::string_view dedupe_key) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  Result<Statement> update = connection_.Query(
      "UPDATE jobs SET state = 'cancelled' WHERE organization_id = ?1 AND kind = ?2"
      " AND dedupe_key = ?3 AND state = 'pending'",
      {organization_.value, kind, dedupe_key}, "cancel jobs");
  if (!update) return update.error();
  if (Status done = update->Run(); !done) return done.error();
  return std::int64_t{connection_.Changes()};
}

Status SqliteJobRepository::Complete(JobId id, std::string_view owner, std::int64_t now_micros) {
  if (Status writable = RequireWrite(mode_); !writable) return writable;
  Result<Statement> update = connection_.Query(
      "UPDATE jobs SET state = 'done', lease_expires_micros = 0 WHERE organization_id = ?1"
      " AND id = ?2 AND state = 'running' AND lease_owner = ?3 AND lease_expires_micros > ?4",
      {organization_.value, id.value, owner, now_micros}, "complete job");
  if (!update) return update.error();
  if (Status done = update->Run(); !done) return done;
  if (connection_.Changes() == 1) return OkStatus();
  return LeaseMiss(connection_, "SELECT 1 FROM jobs WHERE organization_id = ?1 AND id = ?2",
                   organization_.value, id);
}

Result<std::vector<Job>> SqliteJobQueue::Claim(std::string_view owner, std::int64_t now_micros,
                                               std::int64_t lease_micros, int limit) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (limit < 1 || limit > 1000) return InvalidArgumentError("claim limit must be 1 to 1000");
  if (owner.empty()) return InvalidArgumentError("job owner must not be empty");
  if (lease_micros <= 0) return InvalidArgumentError("job lease must be positive");
  Result<Statement> claim = connection_.Query(
      "UPDATE jobs SET state = 'running', lease_owner = ?1, lease_expires_micros = ?2 + ?3,"
      " attempts = attempts + 1 WHERE id IN (SELECT id FROM jobs"
      " WHERE (state = 'pending' AND run_at_micros <= ?2)"
      " OR (state = 'running' AND lease_expires_micros <= ?2)"
      " ORDER BY priority DESC, run_at_micros, id LIMIT ?4) RETURNING " +
          std::string(kJobColumns),
      {owner, now_micros, lease_micros, static_cast<std::int64_t>(limit)}, "claim jobs");
  if (!claim) return claim.error();
  std::vector<Job> jobs;
  for (;;) {
    Result<bool> row = claim->Step();
    if (!row) return row.error();
    if (!*row) break;
    Result<Job> job = ReadJob(*claim);
    if (!job) return job.error();
    jobs.push_back(std::move(*job));
  }
  // RETURNING gives rows in no promised order; hand them out in claim order.
  std::sort(jobs.begin(), jobs.end(), [](const Job& a, const Job& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    if (a.run_at_micros != b.run_at_micros) return a.run_at_micros < b.run_at_micros;
    return a.id < b.id;
  });
  return jobs;
}

Status SqliteJobQueue::Fail(JobId id, std::string_view owner, std::string_view error,
                            std::optional<std::int64_t> retry_at_micros) {
  if (Status writable = RequireWrite(mode_); !writable) return writable;
  Result<Statement> update = connection_.Query(
      "UPDATE jobs SET state = ?3, run_at_micros = COALESCE(?4, run_at_micros),"
      " lease_owner = '', lease_expires_micros = 0, last_error = ?5"
      " WHERE id = ?1 AND state = 'running' AND lease_owner = ?2",
      {id.value, owner, retry_at_micros ? std::string_view("pending") : std::string_view("failed"),
       retry_at_micros ? SqlParam(*retry_at_micros) : SqlParam(nullptr), error},
      "fail job");
  if (!update) return update.error();
  if (Status done = update->Run(); !done) return done;
  if (connection_.Changes() == 1) return OkStatus();
  return LeaseMiss(connection_, "SELECT 1 FROM jobs WHERE ?1 = ?1 AND id = ?2", 0, id);
}

}  // namespace roi::sqlite
