#include "domain/job.h"

#include <array>
#include <utility>

namespace roi {
namespace {

constexpr std::array<std::pair<JobState, std::string_view>, 5> kStateNames = {{
    {JobState::kPending, "pending"},
    {JobState::kRunning, "running"},
    {JobState::kDone, "done"},
    {JobState::kFailed, "failed"},
    {JobState::kCancelled, "cancelled"},
}};

bool IsKindChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

}  // namespace

std::string_view JobStateName(JobState state) {
  for (const auto& [value, name] : kStateNames) {
    if (value == state) return name;
  }
  return "unknown";
}

Result<JobState> ParseJobState(std::string_view name) {
  for (const auto& [value, known] : kStateNames) {
    if (known == name) return value;
  }
  return InvalidArgumentError("unknown job state \"" + std::string(name) + "\"");
}

Status ValidateJob(const Job& job) {
  if (job.kind.empty() || job.kind.size() > 64) {
    return InvalidArgumentError("job kind must be 1 to 64 characters");
  }
  for (char c : job.kind) {
    if (!IsKindChar(c)) return InvalidArgumentError("job kind may hold only a-z 0-9 . _ -");
  }
  if (job.payload.size() > kMaxJobPayload) {
    return InvalidArgumentError("job payload is larger than 64 KiB");
  }
  if (job.dedupe_key.size() > 200) {
    return InvalidArgumentError("job dedupe key is longer than 200 characters");
  }
  if (job.priority < 0 || job.priority > 9) {
    return InvalidArgumentError("job priority must be 0 to 9");
  }
  if (job.run_at_micros < 0) return InvalidArgumentError("job run_at must not be negative");
  return OkStatus();
}

}  // namespace roi
