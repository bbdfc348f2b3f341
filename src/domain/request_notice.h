// RequestNotice: a flag the deadline scan raises on a request — a reminder that the due date is
// near, an escalation of an overdue request to the supervisor, or the record that a stale
// pending-information request expired.  Each (request, kind, key) is raised at most once, so two
// scans doing the same work store one notice.  Pure value: no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/date.h"
#include "base/ids.h"
#include "base/result.h"

namespace roi {

// Notice kinds.
inline constexpr std::string_view kReminderNotice = "reminder";
inline constexpr std::string_view kEscalationNotice = "escalation";
inline constexpr std::string_view kExpiryNotice = "expiry";

// Value type.
struct RequestNotice {
  std::int64_t id = 0;  // Assigned by storage.
  RequestId request_id;
  std::string kind;  // One of the kinds above.
  // Tells notices of one kind on one request apart, e.g. "5d@2026-12-20" for the reminder five
  // days before that due date (a new due date after an extension gets new reminders).
  std::string key;
  std::optional<Date> due_on;  // The due date the notice is about, if any.
  std::string message;         // Short and free of PHI: "due in 5 days".
  std::int64_t raised_micros = 0;
  bool operator==(const RequestNotice&) const = default;
};

// Returns InvalidArgument naming the field: request unset, kind not one of the kinds above, key
// empty or over 100 bytes, message over 500 bytes, raised_micros negative.
Status ValidateRequestNotice(const RequestNotice& notice);

}  // namespace roi
