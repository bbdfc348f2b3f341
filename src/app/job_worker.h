// JobWorker: the background side of `openroi serve`.  Runs `runners` threads, each with its own
// JobRunner (app/job_runner.h) working the durable queue, and, every `scan_interval`, schedules
// the deadline scan of every organization (app/deadline_jobs.h).  A thread that found no due job
// waits `poll_interval` (or until Stop()).  Several servers on one database may each run a
// JobWorker: the queue's leases keep each job to one runner.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "app/clock.h"
#include "app/deadline_jobs.h"
#include "app/job_runner.h"
#include "app/store.h"

namespace roi {

struct JobWorkerOptions {
  int runners = 1;                                     // Threads; 0 runs nothing.
  std::chrono::milliseconds poll_interval{5000};       // Idle wait between claims.
  std::chrono::milliseconds scan_interval{3'600'000};  // Deadline scans scheduled this often.
  std::string owner;        // Unique per process, e.g. "host:pid"; each runner appends "/<n>".
  JobRunnerOptions runner;  // `owner` is replaced per runner.
  // Called with a short line (no PHI) when a claim or scheduling fails; may be empty.
  std::function<void(std::string_view)> log;
  // Registers further handlers (e.g. DeliveryService::RegisterJobs) on each runner; may be empty.
  std::function<void(JobRunner&)> register_handlers;
};

// Service.  `store`, `clock` and `deadlines` must outlive it.  Start() once; Stop() (also run by
// the destructor) wakes the threads, lets each finish the job in hand and joins them.
class JobWorker {
 public:
  JobWorker(Store& store, const Clock& clock, const DeadlineJobs& deadlines,
            JobWorkerOptions options);
  ~JobWorker();
  JobWorker(const JobWorker&) = delete;
  JobWorker& operator=(const JobWorker&) = delete;

  void Start();
  void Stop();

  // Jobs done so far by all runners (for tests and metrics).
  int JobsDone() const;

 private:
  void Loop(int index);
  void Log(std::string_view line) const;

  Store& store_;
  const Clock& clock_;
  const DeadlineJobs& deadlines_;
  JobWorkerOptions options_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;                            // Guarded by mu_.
  int done_ = 0;                                     // Guarded by mu_.
  std::chrono::steady_clock::time_point next_scan_;  // Guarded by mu_.
  std::vector<std::thread> threads_;
};

}  // namespace roi
