// Job: one unit of deferred work (a deadline reminder, an escalation, an expiry) kept in the
// database so that it survives restarts and is done once even with several servers on one
// database.  Pure value: storage keeps it, app/job_runner.h runs it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/ids.h"
#include "base/result.h"

namespace roi {

enum class JobState {
  kPending,  // Waiting for run_at.
  kRunning,  // Claimed by `lease_owner` until `lease_expires_micros`.
  kDone,
  kFailed,  // Gave up: the handler failed permanently or too often.
  kCancelled,
};

// "pending", "running", "done", "failed", "cancelled".
std::string_view JobStateName(JobState state);
// Returns InvalidArgument for a name that is not one of JobStateName's.
Result<JobState> ParseJobState(std::string_view name);

// Value type.
struct Job {
  JobId id;
  OrganizationId organization_id;
  std::string kind;     // What to do, e.g. "request.reminder"; 1..64 of [a-z0-9._-].
  std::string payload;  // Handler input (JSON by convention); at most kMaxJobPayload bytes.
  // Non-empty: at most one pending or running job of this kind has this key in the organization,
  // so scheduling the same thing twice is harmless.
  std::string dedupe_key;
  int priority = 0;  // 0..9; higher runs first among due jobs.
  std::int64_t run_at_micros = 0;
  JobState state = JobState::kPending;
  int attempts = 0;  // Claims so far.
  std::string lease_owner;
  std::int64_t lease_expires_micros = 0;
  std::string last_error;  // No PHI: handlers report codes and ids.
};

inline constexpr std::size_t kMaxJobPayload = 64 * 1024;

// Checks kind, payload size, dedupe key length (<= 200) and priority.  Returns InvalidArgument
// naming the field.
Status ValidateJob(const Job& job);

}  // namespace roi
