#include "app/job_runner.h"

#include <optional>
#include <utility>
#include <vector>

namespace roi {
namespace {

bool IsTransient(ErrorCode code) {
  return code == ErrorCode::kUnavailable || code == ErrorCode::kAborted ||
         code == ErrorCode::kResourceExhausted || code == ErrorCode::kInternal;
}

}  // namespace

JobRunner::JobRunner(Store& store, const Clock& clock, JobRunnerOptions options)
    : store_(store), clock_(clock), options_(std::move(options)) {}

bool JobRunner::Register(std::string kind, JobHandler handler) {
  if (staged_handlers_.contains(kind)) return false;
  return handlers_.emplace(std::move(kind), std::move(handler)).second;
}

bool JobRunner::RegisterStaged(std::string kind, StagedJobHandler handler) {
  if (handlers_.contains(kind)) return false;
  return staged_handlers_.emplace(std::move(kind), std::move(handler)).second;
}

Result<JobRunReport> JobRunner::RunOnce() {
  std::vector<Job> claimed;
  Status claim = store_.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) -> Status {
    Result<std::vector<Job>> jobs =
        tx.Jobs().Claim(options_.owner, clock_.NowMicros(), options_.lease_micros, options_.batch);
    if (!jobs) return jobs.error();
    claimed = std::move(jobs).value();
    return OkStatus();
  });
  if (!claim) return claim.error();
  JobRunReport report;
  report.claimed = static_cast<int>(claimed.size());
  for (const Job& job : claimed) RunJob(job, report);
  return report;
}

void JobRunner::RunJob(const Job& job, JobRunReport& report) {
  auto handler = handlers_.find(job.kind);
  auto staged = staged_handlers_.find(job.kind);
  Status outcome = OkStatus();
  if (staged != staged_handlers_.end()) {
    bool completed = false;
    JobCompletion complete = [&](Transaction& tx) -> Status {
      Status done = tx.Jobs().Complete(job.id, options_.owner, clock_.NowMicros());
      if (done) completed = true;
      return done;
    };
    outcome = staged->second(job, complete);
    if (outcome && !completed) {
      outcome = InternalError("the handler of " + job.kind + " did not complete its job");
    }
  } else if (handler == handlers_.end()) {
    outcome = FailedPreconditionError("no handler for job kind " + job.kind);
  } else {
    outcome =
        store_.InTransaction(job.organization_id, TxMode::kWrite, [&](Transaction& tx) -> Status {
          if (Status done = handler->second(tx, job); !done) return done;
          // In the same transaction: if the lease is gone, the handler's writes roll back.
          return tx.Jobs().Complete(job.id, options_.owner, clock_.NowMicros());
        });
  }
  if (outcome) {
    ++report.done;
    return;
  }
  std::optional<std::int64_t> retry_at;
  if (IsTransient(outcome.error().code) && job.attempts < options_.max_attempts) {
    retry_at = clock_.NowMicros() + options_.retry_base_micros * job.attempts;
  }
  Status recorded = store_.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) {
    return tx.Jobs().Fail(
        job.id, options_.owner,
        std::string(ErrorCodeName(outcome.error().code)) + ": " + outcome.error().message,
        retry_at);
  });
  if (!recorded) {
    ++report.lost;  // Another runner took the job over; its outcome is the one that counts.
  } else if (retry_at) {
    ++report.retried;
  } else {
    ++report.failed;
  }
}

}  // namespace roi
