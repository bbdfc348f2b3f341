#include "app/patient_match_store.h"

namespace roi {

bool IsPendingMatchMrn(std::string_view mrn) { return mrn.starts_with(kPendingMatchMrnPrefix); }

Status ValidatePatientRematch(const PatientRematch& rematch) {
  if (!rematch.request_id.IsSet()) return InvalidArgumentError("request_id must be set");
  if (!rematch.from_patient_id.IsSet()) return InvalidArgumentError("from_patient_id must be set");
  if (!rematch.to_patient_id.IsSet()) return InvalidArgumentError("to_patient_id must be set");
  if (rematch.from_patient_id == rematch.to_patient_id) {
    return InvalidArgumentError("to_patient_id must differ from from_patient_id");
  }
  if (!rematch.matched_by.IsSet()) return InvalidArgumentError("matched_by must be set");
  if (rematch.matched_micros < 0) {
    return InvalidArgumentError("matched_micros must not be negative");
  }
  if (rematch.documents_moved < 0) {
    return InvalidArgumentError("documents_moved must not be negative");
  }
  return OkStatus();
}

}  // namespace roi
