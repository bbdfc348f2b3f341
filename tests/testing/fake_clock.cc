#include "testing/fake_clock.h"

namespace roi::testing {
namespace {

// Floor division, so instants before 1970 fall on the previous day.
std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace

Date FakeClock::Today() const {
  return Date::FromDaysSinceEpoch(static_cast<std::int32_t>(FloorDiv(NowMicros(), kMicrosPerDay)));
}

void FakeClock::SetToday(Date day) {
  std::int64_t time_of_day = NowMicros() - FloorDiv(NowMicros(), kMicrosPerDay) * kMicrosPerDay;
  SetNowMicros(std::int64_t{day.DaysSinceEpoch()} * kMicrosPerDay + time_of_day);
}

}  // namespace roi::testing
