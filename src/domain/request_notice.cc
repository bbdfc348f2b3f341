#include "domain/request_notice.h"

namespace roi {

Status ValidateRequestNotice(const RequestNotice& notice) {
  if (!notice.request_id.IsSet()) return InvalidArgumentError("request_id is required");
  if (notice.kind != kReminderNotice && notice.kind != kEscalationNotice &&
      notice.kind != kExpiryNotice) {
    return InvalidArgumentError("kind must be reminder, escalation or expiry");
  }
  if (notice.key.empty() || notice.key.size() > 100) {
    return InvalidArgumentError("key must be 1 to 100 bytes");
  }
  if (notice.message.size() > 500) return InvalidArgumentError("message is over 500 bytes");
  if (notice.raised_micros < 0) return InvalidArgumentError("raised_micros is negative");
  return OkStatus();
}

}  // namespace roi
