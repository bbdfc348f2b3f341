// HttpMetrics: request counts and latencies per route, rendered in the Prometheus text format.
// Routes are labelled by their pattern ("/api/v1/patients/{id}"), never by the raw path, so no
// identifier or PHI reaches a metric label.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "http/router.h"

namespace roi::http {

// Service.  Record() is lock-free and may be called from any thread; Render() may run
// concurrently with it (figures are read atomically one by one).
class HttpMetrics {
 public:
  // Latency bucket bounds in seconds.
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  5.0};

  // `router` must outlive this object; its routes must all be added before.
  explicit HttpMetrics(const Router& router);

  // Counts one request answered with `status` after `micros`.  `route_index` is -1 for a request
  // that matched no route.
  void Record(int route_index, int status, std::int64_t micros);
  void RequestStarted() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void RequestFinished() { in_flight_.fetch_sub(1, std::memory_order_relaxed); }
  std::int64_t InFlight() const { return in_flight_.load(std::memory_order_relaxed); }

  // The Prometheus text exposition (version 0.0.4).
  std::string Render(const std::string& version) const;

 private:
  struct RouteFigures {
    std::array<std::atomic<std::uint64_t>, 6> by_class{};  // 1xx..5xx, index 0 unused.
    std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> buckets{};  // Last is +Inf.
    std::atomic<std::uint64_t> micros_total{0};
  };
  const Router& router_;
  std::vector<std::unique_ptr<RouteFigures>> routes_;  // One per route, then one for unmatched.
  std::atomic<std::int64_t> in_flight_{0};
};

}  // namespace roi::http
