// Clock: the one port through which the application learns the time.  Only bin/ reads the real
// clock; tests use a fake.
#pragma once

#include <cstdint>

#include "base/date.h"

namespace roi {

// Interface.  Implementations must be safe to call from several threads.
class Clock {
 public:
  virtual ~Clock() = default;
  // Microseconds since 1970-01-01T00:00:00Z.
  virtual std::int64_t NowMicros() const = 0;
  // The organization's calendar day now (UTC unless the implementation says otherwise).
  virtual Date Today() const = 0;
};

}  // namespace roi
