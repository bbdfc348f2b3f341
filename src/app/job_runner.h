// JobRunner: runs the jobs of the durable queue (app/store.h JobQueue) with the handler registered
// for each kind.  Several runners — threads or servers on one database — may work the same queue:
// a job is claimed under a lease, and its handler's writes commit in the same transaction that
// marks it done, so a runner whose lease ran out (and whose job another runner took over) rolls
// its own work back instead of doing it twice.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "app/clock.h"
#include "app/store.h"

namespace roi {

// What a handler does with one job, inside a write transaction of the job's organization.
// Returning an error rolls its writes back; the job is retried (kUnavailable, kAborted,
// kResourceExhausted, kInternal: transient) or failed for good (anything else).
using JobHandler = std::function<Status(Transaction& tx, const Job& job)>;

struct JobRunnerOptions {
  std::string owner;                            // Unique per runner, e.g. "host:pid:random".
  std::int64_t lease_micros = 60'000'000;       // How long a claim lasts.
  int batch = 20;                               // Jobs claimed at once.
  int max_attempts = 5;                         // Claims before a transient failure becomes final.
  std::int64_t retry_base_micros = 30'000'000;  // Retry after attempts × this.
};

// What one RunOnce() did.
struct JobRunReport {
  int claimed = 0;
  int done = 0;
  int retried = 0;
  int failed = 0;
  int lost = 0;  // Lease lost before completion: another runner owns the job now.
};

// Service.  Register handlers before the first RunOnce(); RunOnce() itself is not reentrant (use
// one JobRunner per thread).  `store` and `clock` must outlive it.
class JobRunner {
 public:
  JobRunner(Store& store, const Clock& clock, JobRunnerOptions options);

  // Adds the handler for `kind`.  Returns false (and keeps the first) if one exists.
  bool Register(std::string kind, JobHandler handler);

  // Claims one batch of due jobs and runs each.  A job of a kind with no handler fails for good.
  // Returns the store's error if the claim itself failed.
  Result<JobRunReport> RunOnce();

 private:
  // Runs one claimed job and records the outcome in `report`.
  void RunJob(const Job& job, JobRunReport& report);

  Store& store_;
  const Clock& clock_;
  JobRunnerOptions options_;
  std::map<std::string, JobHandler, std::less<>> handlers_;
};

}  // namespace roi
