// PatientMatchRepository: re-matching a request from a "pending match" patient (the record a
// portal submission creates when the patient named does not match exactly; MRN "PORTAL-...") to
// the right patient record, and the record of each re-match.  Part of the storage port
// (app/store.h); bound to one organization.  See docs/lifecycle.md "Re-matching the patient".
#pragma once

#include <cstdint>
#include <string_view>

#include "base/ids.h"
#include "base/result.h"

namespace roi {

// The MRN prefix of a pending-match patient record (app/portal_service.h).
inline constexpr std::string_view kPendingMatchMrnPrefix = "PORTAL-";

// True when `mrn` names a pending-match patient record.
bool IsPendingMatchMrn(std::string_view mrn);

// Value type: one request moved from a pending-match patient to the matched patient.
struct PatientRematch {
  RequestId request_id;
  PatientId from_patient_id;  // The pending-match patient.
  PatientId to_patient_id;    // The patient chosen by staff.
  UserId matched_by;
  std::int64_t matched_micros = 0;
  std::int64_t documents_moved = 0;  // Documents of the pending patient that moved with it.
  // True when the pending patient was left with no request and no document: it is then "merged"
  // into `to_patient_id` (kept, never deleted, so the audit trail's references stay whole).
  bool pending_merged = false;

  bool operator==(const PatientRematch&) const = default;
};

// Returns InvalidArgument naming the first bad field: an id unset, from == to, a negative time or
// count.
Status ValidatePatientRematch(const PatientRematch& rematch);

// Interface; bound to the transaction's organization.
class PatientMatchRepository {
 public:
  virtual ~PatientMatchRepository() = default;
  // Points `request` at patient `to` (its version goes up by one).  Returns NotFound when the
  // request or the patient is not in this organization.
  virtual Status MoveRequest(RequestId request, PatientId to) = 0;
  // Moves every document of patient `from` to patient `to` (each version goes up by one) and
  // returns how many moved.  Returns NotFound when `to` is not in this organization.
  virtual Result<std::int64_t> MoveDocuments(PatientId from, PatientId to) = 0;
  // How many of this organization's requests are for `patient` (0 for an unknown patient).
  virtual Result<std::int64_t> RequestCount(PatientId patient) = 0;
  // Stores the record of a re-match.  Returns InvalidArgument if it does not validate, NotFound
  // when the request or a patient is not in this organization, AlreadyExists when the request
  // was re-matched before.
  virtual Status Record(const PatientRematch& rematch) = 0;
  // Returns NotFound when `request` was never re-matched in this organization.
  virtual Result<PatientRematch> ForRequest(RequestId request) = 0;
  // The patient a pending-match patient was merged into.  Returns NotFound when it was not.
  virtual Result<PatientId> MergedInto(PatientId pending) = 0;
};

}  // namespace roi
