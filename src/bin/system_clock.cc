#include "bin/system_clock.h"

#include <chrono>

namespace roi::bin {

std::int64_t SystemClock::NowMicros() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Date SystemClock::Today() const {
  constexpr std::int64_t kMicrosPerDay = 86'400'000'000;
  std::int64_t now = NowMicros();
  std::int64_t days = now / kMicrosPerDay - (now % kMicrosPerDay < 0 ? 1 : 0);
  return Date::FromDaysSinceEpoch(static_cast<std::int32_t>(days));
}

}  // namespace roi::bin
