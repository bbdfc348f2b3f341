// The InMemoryStore's job repository and queue.
#include <algorithm>
#include <string>

#include "testing/in_memory_repositories.h"

namespace roi::testing {
namespace {

bool Live(const Job& job) {
  return job.state == JobState::kPending || job.state == JobState::kRunning;
}

Error NoJob(JobId id) { return NotFoundError("job " + std::to_string(id.value) + " not found"); }

Error LeaseLost(JobId id) {
  return AbortedError("job " + std::to_string(id.value) + " is no longer leased to this worker");
}

}  // namespace

Result<Job> InMemoryJobs::Enqueue(const Job& job) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateJob(job); !valid) return valid.error();
  if (!job.dedupe_key.empty()) {
    for (const auto& [id, existing] : view_.jobs) {
      if (existing.organization_id == organization_ && existing.kind == job.kind &&
          existing.dedupe_key == job.dedupe_key && Live(existing)) {
        return existing;
      }
    }
  }
  Job stored = job;
  stored.id = JobId(data_->next_id++);
  stored.organization_id = organization_;
  stored.state = JobState::kPending;
  stored.attempts = 0;
  stored.lease_owner.clear();
  stored.lease_expires_micros = 0;
  stored.last_error.clear();
  data_->jobs[stored.id] = stored;
  return stored;
}

Result<Job> InMemoryJobs::Find(JobId id) {
  auto found = view_.jobs.find(id);
  if (found == view_.jobs.end() || found->second.organization_id != organization_) {
    return NoJob(id);
  }
  return found->second;
}

Result<std::int64_t> InMemoryJobs::CancelPending(std::string_view kind,
                                                 std::string_view dedupe_key) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  std::int64_t cancelled = 0;
  for (auto& [id, job] : data_->jobs) {
    if (job.organization_id == organization_ && job.kind == kind && job.dedupe_key == dedupe_key &&
        job.state == JobState::kPending) {
      job.state = JobState::kCancelled;
      ++cancelled;
    }
  }
  return cancelled;
}

Status InMemoryJobs::Complete(JobId id, std::string_view owner, std::int64_t now_micros) {
  if (Status writable = RequireWrite(data_); !writable) return writable;
  auto found = data_->jobs.find(id);
  if (found == data_->jobs.end() || found->second.organization_id != organization_) {
    return NoJob(id);
  }
  Job& job = found->second;
  if (job.state != JobState::kRunning || job.lease_owner != owner ||
      job.lease_expires_micros <= now_micros) {
    return LeaseLost(id);
  }
  job.state = JobState::kDone;
  job.lease_expires_micros = 0;
  return OkStatus();
}

Result<std::vector<Job>> InMemoryJobQueue::Claim(std::string_view owner, std::int64_t now_micros,
                                                 std::int64_t lease_micros, int limit) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (limit < 1 || limit > 1000) return InvalidArgumentError("claim limit must be 1 to 1000");
  if (owner.empty()) return InvalidArgumentError("job owner must not be empty");
  if (lease_micros <= 0) return InvalidArgumentError("job lease must be positive");
  std::vector<Job*> due;
  for (auto& [id, job] : data_->jobs) {
    bool ready = job.state == JobState::kPending && job.run_at_micros <= now_micros;
    bool abandoned = job.state == JobState::kRunning && job.lease_expires_micros <= now_micros;
    if (ready || abandoned) due.push_back(&job);
  }
  std::sort(due.begin(), due.end(), [](const Job* a, const Job* b) {
    if (a->priority != b->priority) return a->priority > b->priority;
    if (a->run_at_micros != b->run_at_micros) return a->run_at_micros < b->run_at_micros;
    return a->id < b->id;
  });
  if (due.size() > static_cast<std::size_t>(limit)) due.resize(static_cast<std::size_t>(limit));
  std::vector<Job> claimed;
  for (Job* job : due) {
    job->state = JobState::kRunning;
    job->lease_owner = std::string(owner);
    job->lease_expires_micros = now_micros + lease_micros;
    ++job->attempts;
    claimed.push_back(*job);
  }
  return claimed;
}

Status InMemoryJobQueue::Fail(JobId id, std::string_view owner, std::string_view error,
                              std::optional<std::int64_t> retry_at_micros) {
  if (Status writable = RequireWrite(data_); !writable) return writable;
  auto found = data_->jobs.find(id);
  if (found == data_->jobs.end()) return NoJob(id);
  Job& job = found->second;
  if (job.state != JobState::kRunning || job.lease_owner != owner) return LeaseLost(id);
  job.state = retry_at_micros ? JobState::kPending : JobState::kFailed;
  if (retry_at_micros) job.run_at_micros = *retry_at_micros;
  job.lease_owner.clear();
  job.lease_expires_micros = 0;
  job.last_error = std::string(error);
  return OkStatus();
}

}  // namespace roi::testing
