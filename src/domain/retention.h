// Retention of ROI documentation: legal holds that keep a patient's or a request's records from
// being purged, the requests a purge may remove, and the record a purge leaves behind.  Pure
// values: no I/O, no clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/date.h"
#include "base/ids.h"
#include "base/result.h"
#include "domain/request_workflow.h"

namespace roi {

// A legal hold on one patient (every request of the patient) or on one request.  Placed with a
// reason; released (never deleted) by setting released_by/released_micros.  Value type.
struct LegalHold {
  std::int64_t id = 0;   // Assigned by storage.
  PatientId patient_id;  // Exactly one of patient_id and request_id is set.
  RequestId request_id;
  std::string reason;  // 1..500 bytes, no control characters.
  UserId placed_by;
  std::int64_t placed_micros = 0;
  UserId released_by;                // Unset while the hold is in force.
  std::int64_t released_micros = 0;  // 0 while in force.
  bool Active() const { return released_micros == 0; }
  bool operator==(const LegalHold&) const = default;
};

// Returns InvalidArgument naming the first bad field: neither or both of patient_id and
// request_id set, reason empty, over 500 bytes or with control characters, placed_by unset,
// placed_micros not positive, released_micros negative.
Status ValidateLegalHold(const LegalHold& hold);

// A finished request as the retention job sees it.  Value type.
struct RetentionCandidate {
  RequestId request_id;
  std::string number;
  PatientId patient_id;
  RequestState state = RequestState::kClosed;
  Date received_on;
  // The latest of: received_on, the day of its last transition (UTC), its last disclosure, its
  // last letter.
  Date last_effective_on;
  bool held = false;  // An active legal hold on the request or on its patient.
  bool operator==(const RetentionCandidate&) const = default;
};

// True for the states whose requests a purge may remove: closed, cancelled, released.
bool IsRetentionState(RequestState state);

// What is left of a purged request.  Value type.
struct PurgeRecord {
  std::int64_t id = 0;  // Assigned by storage.
  RequestId request_id;
  std::string request_number;
  PatientId patient_id;
  Date received_on;
  Date last_effective_on;
  std::int64_t purged_micros = 0;
  UserId purged_by;        // Unset when the scheduled job purged it.
  std::string purged_via;  // "job", "command line" or "api"; 1..40 bytes.
  int retention_years = 0;
  bool operator==(const PurgeRecord&) const = default;
};

// Returns InvalidArgument naming the first bad field: request unset, number empty or over 32
// bytes, patient unset, purged_micros not positive, purged_via empty or over 40 bytes,
// retention_years outside 1..100.
Status ValidatePurgeRecord(const PurgeRecord& record);

}  // namespace roi
