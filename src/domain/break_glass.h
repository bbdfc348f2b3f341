// BreakGlassGrant: a user's time-limited, flagged access to one patient outside the assignment
// rule (app/patient_access.h, docs/security.md "Break-the-glass").  The user states a reason; the
// grant is the privacy office's notification and the auditors' record.  Pure value: no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "base/ids.h"
#include "base/result.h"

namespace roi {

// The stated reason: at least this many bytes (after trimming spaces), at most the maximum.
inline constexpr std::size_t kMinBreakGlassReasonBytes = 10;
inline constexpr std::size_t kMaxBreakGlassReasonBytes = 1000;

// Value type.
struct BreakGlassGrant {
  BreakGlassId id;  // Assigned by storage.
  OrganizationId organization_id;
  PatientId patient_id;
  UserId user_id;
  std::string reason;  // What the user said; may name clinical facts, so kept out of the audit.
  std::int64_t granted_micros = 0;
  std::int64_t expires_micros = 0;  // The grant is live while granted <= now < expires.
  bool operator==(const BreakGlassGrant&) const = default;
};

// Returns InvalidArgument naming the field: patient or user unset, reason shorter than
// kMinBreakGlassReasonBytes once trimmed or longer than kMaxBreakGlassReasonBytes or holding a
// control character other than a newline or tab, granted_micros negative, expires not after
// granted.
Status ValidateBreakGlassGrant(const BreakGlassGrant& grant);

// True iff `grant` is live at `now_micros`.
bool IsLive(const BreakGlassGrant& grant, std::int64_t now_micros);

}  // namespace roi
