// PostgreSQL JobRepository (bound to one organization) and JobQueue (all organizations).  Claims
// lock the rows they take with FOR UPDATE SKIP LOCKED, so workers on several servers share one
// queue without waiting on, or double-claiming, each other's jobs.
#include <algorithm>
#include <string>

#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

Result<Job> ReadJob(const pqxx::row& row) {
  Result<JobState> state = ParseJobState(row[7].as<std::string>());
  if (!state) return InternalError("stored state of job " + row[0].as<std::string>());
  return Job{.id = JobId(row[0].as<std::int64_t>()),
             .organization_id = OrganizationId(row[1].as<std::int64_t>()),
             .kind = row[2].as<std::string>(),
             .payload = row[3].as<std::string>(),
             .dedupe_key = row[4].as<std::string>(),
             .priority = row[5].as<int>(),
             .run_at_micros = row[6].as<std::int64_t>(),
             .state = *state,
             .attempts = row[8].as<int>(),
             .lease_owner = row[9].as<std::string>(),
             .lease_expires_micros = row[10].as<std::int64_t>(),
             .last_error = row[11].as<std::string>()};
}

Error NoJob(JobId id) { return NotFoundError("job " + std::to_string(id.value) + " not found"); }

Error LeaseLost(JobId id) {
  return AbortedError("job " + std::to_string(id.value) + " is no longer leased to this worker");
}

}  // namespace

Result<Job> PgJobRepository::Enqueue(const Job& job) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateJob(job); !valid) return valid.error();
  return context_.Run("enqueue job", [&]() -> Result<Job> {
    pqxx::dbtransaction& tx = context_.Transaction();
    if (!job.dedupe_key.empty()) {
      pqxx::result existing =
          tx.exec_prepared("job_find_dedupe", organization_.value, job.kind, job.dedupe_key);
      if (!existing.empty()) return ReadJob(existing[0]);
    }
    pqxx::result inserted =
        tx.exec_prepared("job_insert", organization_.value, job.kind, job.payload, job.dedupe_key,
                         job.priority, job.run_at_micros);
    if (inserted.empty()) {
      // Another transaction enqueued the same dedupe key between the check and the insert.
      pqxx::result winner =
          tx.exec_prepared("job_find_dedupe", organization_.value, job.kind, job.dedupe_key);
      if (winner.empty()) return AbortedError("job enqueue raced a concurrent change; retry");
      return ReadJob(winner[0]);
    }
    Job stored = job;
    stored.id = JobId(inserted[0][0].as<std::int64_t>());
    stored.organization_id = organization_;
    stored.state = JobState::kPending;
    stored.attempts = 0;
    stored.lease_owner.clear();
    stored.lease_expires_micros = 0;
    stored.last_error.clear();
    return stored;
  });
}

Result<Job> PgJobRepository::Find(JobId id) {
  return context_.Run("find job", [&]() -> Result<Job> {
    pqxx::result rows =
        context_.Transaction().exec_prepared("job_find", organization_.value, id.value);
    if (rows.empty()) return NoJob(id);
    return ReadJob(rows[0]);
  });
}

Result<std::int64_t> PgJobRepository::CancelPending(std::string_view kind,
                                                    std::string_view dedupe_key) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  return context_.Run("cancel jobs", [&]() -> Result<std::int64_t> {
    pqxx::result updated = context_.Transaction().exec_prepared(
        "job_cancel", organization_.value, std::string(kind), std::string(dedupe_key));
    return static_cast<std::int64_t>(updated.affected_rows());
  });
}

Status PgJobRepository::Complete(JobId id, std::string_view owner, std::int64_t now_micros) {
  if (Status writable = context_.RequireWrite(); !writable) return writable;
  return context_.Run("complete job", [&]() -> Status {
    pqxx::dbtransaction& tx = context_.Transaction();
    pqxx::result updated = tx.exec_prepared("job_complete", organization_.value, id.value,
                                            std::string(owner), now_micros);
    if (updated.affected_rows() == 1) return OkStatus();
    if (tx.exec_prepared("job_find", organization_.value, id.value).empty()) return NoJob(id);
    return LeaseLost(id);
  });
}

Result<std::vector<Job>> PgJobQueue::Claim(std::string_view owner, std::int64_t now_micros,
                                           std::int64_t lease_micros, int limit) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (limit < 1 || limit > 1000) return InvalidArgumentError("claim limit must be 1 to 1000");
  if (owner.empty()) return InvalidArgumentError("job owner must not be empty");
  if (lease_micros <= 0) return InvalidArgumentError("job lease must be positive");
  return context_.Run("claim jobs", [&]() -> Result<std::vector<Job>> {
    pqxx::result rows = context_.Transaction().exec_prepared("job_claim", std::string(owner),
                                                             now_micros, lease_micros, limit);
    std::vector<Job> jobs;
    for (const pqxx::row& row : rows) {
      Result<Job> job = ReadJob(row);
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
  });
}

Status PgJobQueue::Fail(JobId id, std::string_view owner, std::string_view error,
                        std::optional<std::int64_t> retry_at_micros) {
  if (Status writable = context_.RequireWrite(); !writable) return writable;
  return context_.Run("fail job", [&]() -> Status {
    pqxx::dbtransaction& tx = context_.Transaction();
    std::string state = retry_at_micros ? "pending" : "failed";
    pqxx::result updated = tx.exec_prepared("job_fail", id.value, std::string(owner), state,
                                            retry_at_micros, std::string(error));
    if (updated.affected_rows() == 1) return OkStatus();
    if (tx.exec_prepared("job_exists", id.value).empty()) return NoJob(id);
    return LeaseLost(id);
  });
}

}  // namespace roi::postgres
