#include "http/metrics.h"

#include <fmt/format.h>

namespace roi::http {

HttpMetrics::HttpMetrics(const Router& router) : router_(router) {
  for (std::size_t i = 0; i <= router.RouteCount(); ++i) {
    routes_.push_back(std::make_unique<RouteFigures>());
  }
}

void HttpMetrics::Record(int route_index, int status, std::int64_t micros) {
  std::size_t index =
      route_index < 0 || static_cast<std::size_t>(route_index) >= router_.RouteCount()
          ? router_.RouteCount()
          : static_cast<std::size_t>(route_index);
  RouteFigures& figures = *routes_[index];
  std::size_t status_class = static_cast<std::size_t>(status / 100);
  if (status_class >= 1 && status_class <= 5) {
    figures.by_class[status_class].fetch_add(1, std::memory_order_relaxed);
  }
  double seconds = static_cast<double>(micros) / 1e6;
  std::size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  figures.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  figures.micros_total.fetch_add(static_cast<std::uint64_t>(micros < 0 ? 0 : micros),
                                 std::memory_order_relaxed);
}

std::string HttpMetrics::Render(const std::string& version) const {
  std::string out;
  out += "# HELP openroi_build_info OpenROI build.\n# TYPE openroi_build_info gauge\n";
  out += fmt::format("openroi_build_info{{version=\"{}\"}} 1\n", version);
  out += "# HELP openroi_http_in_flight Requests being handled now.\n";
  out += "# TYPE openroi_http_in_flight gauge\n";
  out += fmt::format("openroi_http_in_flight {}\n", InFlight());
  out += "# HELP openroi_http_requests_total HTTP requests answered, by route and status class.\n";
  out += "# TYPE openroi_http_requests_total counter\n";
  std::string histogram =
      "# HELP openroi_http_request_duration_seconds Time to answer, by route.\n"
      "# TYPE openroi_http_request_duration_seconds histogram\n";
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const RouteFigures& figures = *routes_[i];
    bool matched = i < router_.RouteCount();
    std::string labels = matched ? fmt::format("method=\"{}\",route=\"{}\"", router_.Spec(i).method,
                                               router_.Spec(i).pattern)
                                 : std::string("method=\"\",route=\"unmatched\"");
    for (std::size_t c = 1; c <= 5; ++c) {
      std::uint64_t n = figures.by_class[c].load(std::memory_order_relaxed);
      if (n > 0)
        out += fmt::format("openroi_http_requests_total{{{},code=\"{}xx\"}} {}\n", labels, c, n);
    }
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < figures.buckets.size(); ++b) {
      cumulative += figures.buckets[b].load(std::memory_order_relaxed);
      std::string le = b < kBuckets.size() ? fmt::format("{}", kBuckets[b]) : "+Inf";
      histogram += fmt::format("openroi_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n",
                               labels, le, cumulative);
    }
    histogram += fmt::format("openroi_http_request_duration_seconds_sum{{{}}} {}\n", labels,
                             static_cast<double>(figures.micros_total.load()) / 1e6);
    histogram +=
        fmt::format("openroi_http_request_duration_seconds_count{{{}}} {}\n", labels, cumulative);
  }
  return out + histogram;
}

}  // namespace roi::http
