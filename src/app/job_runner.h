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

// Marks the job done inside `tx`, a write transaction of the job's organization, so the job's
// completion commits with the writes made there.  Returns Aborted if the lease was lost (the
// transaction should then roll back).
using JobCompletion = std::function<Status(Transaction& tx)>;

// A handler whose work must not hold a transaction open — a network call to a slow server: it
// runs its own transactions on the store and calls `complete(tx)` in the one that records its
// outcome.  Returning OK without a successful `complete` counts as a transient failure (Internal);
// an error is retried or failed as for JobHandler (writes already committed stay committed, so
// the handler must make them safe to repeat).
using StagedJobHandler = std::function<Status(const Job& job, const JobCompletion& complete)>;

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
  // Adds a staged handler for `kind`.  Returns false (and keeps the first) if `kind` has a handler
  // of either form.
  bool RegisterStaged(std::string kind, StagedJobHandler handler);

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
  std::map<std::string, StagedJobHandler, std::less<>> staged_handlers_;
};

}  // namespace roi
