#include "domain/retention.h"

namespace roi {
namespace {

bool HasControl(const std::string& text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  }
  return false;
}

}  // namespace

Status ValidateLegalHold(const LegalHold& hold) {
  if (hold.patient_id.IsSet() == hold.request_id.IsSet()) {
    return InvalidArgumentError("a legal hold names exactly one of patient_id and request_id");
  }
  if (hold.reason.empty() || hold.reason.size() > 500 || HasControl(hold.reason)) {
    return InvalidArgumentError("reason must be 1 to 500 bytes without control characters");
  }
  if (!hold.placed_by.IsSet()) return InvalidArgumentError("placed_by is required");
  if (hold.placed_micros <= 0) return InvalidArgumentError("placed_micros must be positive");
  if (hold.released_micros < 0) return InvalidArgumentError("released_micros is negative");
  return OkStatus();
}

bool IsRetentionState(RequestState state) {
  return state == RequestState::kClosed || state == RequestState::kCancelled ||
         state == RequestState::kReleased;
}

Status ValidatePurgeRecord(const PurgeRecord& record) {
  if (!record.request_id.IsSet()) return InvalidArgumentError("request_id is required");
  if (record.request_number.empty() || record.request_number.size() > 32) {
    return InvalidArgumentError("request_number must be 1 to 32 bytes");
  }
  if (!record.patient_id.IsSet()) return InvalidArgumentError("patient_id is required");
  if (record.purged_micros <= 0) return InvalidArgumentError("purged_micros must be positive");
  if (record.purged_via.empty() || record.purged_via.size() > 40) {
    return InvalidArgumentError("purged_via must be 1 to 40 bytes");
  }
  if (record.retention_years < 1 || record.retention_years > 100) {
    return InvalidArgumentError("retention_years must be 1 to 100");
  }
  return OkStatus();
}

}  // namespace roi
