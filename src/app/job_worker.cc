#include "app/job_worker.h"

#include <utility>

namespace roi {

JobWorker::JobWorker(Store& store, const Clock& clock, const DeadlineJobs& deadlines,
                     JobWorkerOptions options)
    : store_(store), clock_(clock), deadlines_(deadlines), options_(std::move(options)) {}

JobWorker::~JobWorker() { Stop(); }

void JobWorker::Start() {
  next_scan_ = std::chrono::steady_clock::now();
  for (int i = 0; i < options_.runners; ++i) threads_.emplace_back([this, i] { Loop(i); });
}

void JobWorker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

int JobWorker::JobsDone() const {
  std::lock_guard<std::mutex> lock(mu_);
  return done_;
}

void JobWorker::Log(std::string_view line) const {
  if (options_.log) options_.log(line);
}

void JobWorker::Loop(int index) {
  JobRunnerOptions runner_options = options_.runner;
  runner_options.owner = options_.owner + "/" + std::to_string(index);
  JobRunner runner(store_, clock_, runner_options);
  deadlines_.Register(runner);
  if (options_.register_handlers) options_.register_handlers(runner);
  for (;;) {
    bool schedule = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      auto now = std::chrono::steady_clock::now();
      if (now >= next_scan_) {
        next_scan_ = now + options_.scan_interval;
        schedule = true;
      }
    }
    if (schedule) {
      if (Result<int> scheduled = DeadlineJobs::ScheduleScans(store_, clock_); !scheduled) {
        Log("scheduling deadline scans failed: " + scheduled.error().ToString());
      }
    }
    Result<JobRunReport> report = runner.RunOnce();
    bool idle = true;
    if (!report) {
      Log("claiming jobs failed: " + report.error().ToString());
    } else {
      idle = report->claimed == 0;
      if (report->failed > 0) Log(std::to_string(report->failed) + " job(s) failed for good");
      std::lock_guard<std::mutex> lock(mu_);
      done_ += report->done;
    }
    if (idle) {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait_for(lock, options_.poll_interval, [this] { return stopping_; });
    }
  }
}

}  // namespace roi
