// FakeClock: a Clock that tests set and advance by hand, so nothing depends on the real time.
#pragma once

#include <atomic>
#include <cstdint>

#include "app/clock.h"
#include "base/date.h"

namespace roi::testing {

// Thread-safe: the time is one atomic, so several threads may read it while a test moves it.
class FakeClock final : public Clock {
 public:
  static constexpr std::int64_t kMicrosPerDay = 86'400'000'000;
  // 2025-01-06T09:00:00Z, a Monday and a business day.
  static constexpr std::int64_t kDefaultNowMicros = 20'094 * kMicrosPerDay + 9 * 3'600'000'000LL;

  explicit FakeClock(std::int64_t now_micros = kDefaultNowMicros) : now_micros_(now_micros) {}

  std::int64_t NowMicros() const override { return now_micros_.load(); }
  // The UTC calendar day of NowMicros().
  Date Today() const override;

  void SetNowMicros(std::int64_t now_micros) { now_micros_.store(now_micros); }
  // Moves to `day` at the same UTC time of day as now.
  void SetToday(Date day);
  void AdvanceMicros(std::int64_t micros) { now_micros_.fetch_add(micros); }
  void AdvanceDays(int days) { AdvanceMicros(days * kMicrosPerDay); }

 private:
  std::atomic<std::int64_t> now_micros_;
};

}  // namespace roi::testing
