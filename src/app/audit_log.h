// AuditLog: reading the audit trail, for auditors.  Every read is itself recorded (as `read` of
// the entity "audit_log", or `export`) in the same transaction as the query, so who looked at
// whose audit history is part of the history.  Also the text formats the exports use: RFC 3339
// timestamps and RFC 5424 syslog lines (the FHIR form is JSON and lives in http/).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/audit_trail.h"
#include "app/auth_service.h"
#include "app/store.h"

namespace roi {

// Value type: one page of events and where the next starts (unset on the last page).
struct AuditPage {
  std::vector<AuditEvent> events;
  std::optional<std::int64_t> next_after;  // Pass as AuditQuery::after_sequence.
};

// Thread-safe.  `store` and `trail` must outlive it.
class AuditLog {
 public:
  AuditLog(Store& store, const AuditTrail& trail) : store_(store), trail_(trail) {}

  // The events of `reader.organization` matching `query`, recording that `reader` read them
  // (`recorded_as` is kRead for browsing, kExport for an export) from `remote_address`.
  // Returns InvalidArgument for a bad limit, and the store's errors.  Permission checks are the
  // caller's (the HTTP route requires kReadAudit).
  Result<AuditPage> Read(const Principal& reader, const AuditQuery& query,
                         std::string_view remote_address,
                         AuditAction recorded_as = AuditAction::kRead) const;

 private:
  Store& store_;
  const AuditTrail& trail_;
};

// "2025-01-06T09:00:00.000000Z" (UTC, microseconds).
std::string FormatRfc3339Micros(std::int64_t micros);
// Microseconds since the epoch of "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM:SS[.f{1,6}]Z".
// Returns InvalidArgument for anything else.
Result<std::int64_t> ParseTimestampMicros(std::string_view text);

// One RFC 5424 line for `event` (no trailing newline): facility 13 (log audit), severity 6
// (informational) for success and 4 (warning) otherwise, APP-NAME "openroi", MSGID the action
// name, structured data [openroi@32473 ...] with the event's fields and chain position, and the
// detail as MSG.  32473 is the documentation enterprise number of RFC 5612: operators who
// forward to a SIEM may substitute their own.
std::string AuditSyslogLine(const AuditEvent& event, std::string_view organization_slug,
                            std::string_view hostname);

}  // namespace roi
