// SystemClock: the real clock (app/clock.h).  Only bin/ constructs it.
#pragma once

#include "app/clock.h"

namespace roi::bin {

// Thread-safe.  Today() is the UTC calendar day.
class SystemClock final : public Clock {
 public:
  std::int64_t NowMicros() const override;
  Date Today() const override;
};

}  // namespace roi::bin
