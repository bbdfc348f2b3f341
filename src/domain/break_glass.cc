#include "domain/break_glass.h"

#include <string_view>

namespace roi {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\t' ||
                           text.front() == '\r')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\t' ||
                           text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

Status ValidateBreakGlassGrant(const BreakGlassGrant& grant) {
  if (!grant.patient_id.IsSet()) return InvalidArgumentError("patient_id is required");
  if (!grant.user_id.IsSet()) return InvalidArgumentError("user_id is required");
  if (Trim(grant.reason).size() < kMinBreakGlassReasonBytes) {
    return InvalidArgumentError("reason must be at least " +
                                std::to_string(kMinBreakGlassReasonBytes) + " characters");
  }
  if (grant.reason.size() > kMaxBreakGlassReasonBytes) {
    return InvalidArgumentError("reason is over " + std::to_string(kMaxBreakGlassReasonBytes) +
                                " bytes");
  }
  for (char c : grant.reason) {
    auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\n' && c != '\t' && c != '\r') || byte == 0x7f) {
      return InvalidArgumentError("reason holds a control character");
    }
  }
  if (grant.granted_micros < 0) return InvalidArgumentError("granted_micros is negative");
  if (grant.expires_micros <= grant.granted_micros) {
    return InvalidArgumentError("expires_micros must be after granted_micros");
  }
  return OkStatus();
}

bool IsLive(const BreakGlassGrant& grant, std::int64_t now_micros) {
  return grant.granted_micros <= now_micros && now_micros < grant.expires_micros;
}

}  // namespace roi
