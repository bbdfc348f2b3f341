#include <string>

#include "testing/in_memory_repositories.h"

namespace roi::testing {
namespace {

bool HasPatient(const InMemoryData& data, OrganizationId organization, PatientId patient) {
  auto found = data.patients.find(patient);
  return found != data.patients.end() && found->second.organization_id == organization;
}

Error NoPatient(PatientId patient) {
  return NotFoundError("patient " + std::to_string(patient.value) + " not found");
}

}  // namespace

Status InMemoryPatientMatches::MoveRequest(RequestId request, PatientId to) {
  if (Status writable = RequireWrite(data_); !writable) return writable;
  if (!HasPatient(*data_, organization_, to)) return NoPatient(to);
  auto found = data_->requests.find(request);
  if (found == data_->requests.end() || found->second.organization_id != organization_) {
    return NotFoundError("request " + std::to_string(request.value) + " not found");
  }
  found->second.patient_id = to;
  found->second.version += 1;
  return OkStatus();
}

Result<std::int64_t> InMemoryPatientMatches::MoveDocuments(PatientId from, PatientId to) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (!HasPatient(*data_, organization_, to)) return NoPatient(to);
  std::int64_t moved = 0;
  for (auto& [id, document] : data_->documents) {
    if (document.organization_id != organization_ || document.patient_id != from) continue;
    document.patient_id = to;
    document.version += 1;
    ++moved;
  }
  return moved;
}

Result<std::int64_t> InMemoryPatientMatches::RequestCount(PatientId patient) {
  std::int64_t count = 0;
  for (const auto& [id, request] : view_.requests) {
    if (request.organization_id == organization_ && request.patient_id == patient) ++count;
  }
  return count;
}

Status InMemoryPatientMatches::Record(const PatientRematch& rematch) {
  if (Status writable = RequireWrite(data_); !writable) return writable;
  if (Status valid = ValidatePatientRematch(rematch); !valid) return valid;
  auto request = data_->requests.find(rematch.request_id);
  if (request == data_->requests.end() || request->second.organization_id != organization_) {
    return NotFoundError("request " + std::to_string(rematch.request_id.value) + " not found");
  }
  if (!HasPatient(*data_, organization_, rematch.from_patient_id)) {
    return NoPatient(rematch.from_patient_id);
  }
  if (!HasPatient(*data_, organization_, rematch.to_patient_id)) {
    return NoPatient(rematch.to_patient_id);
  }
  if (!data_->patient_rematches.emplace(std::pair(organization_, rematch.request_id), rematch)
           .second) {
    return AlreadyExistsError("request " + std::to_string(rematch.request_id.value) +
                              " was re-matched before");
  }
  return OkStatus();
}

Result<PatientRematch> InMemoryPatientMatches::ForRequest(RequestId request) {
  auto found = view_.patient_rematches.find({organization_, request});
  if (found == view_.patient_rematches.end()) {
    return NotFoundError("request " + std::to_string(request.value) + " was not re-matched");
  }
  return found->second;
}

Result<PatientId> InMemoryPatientMatches::MergedInto(PatientId pending) {
  for (const auto& [key, rematch] : view_.patient_rematches) {
    if (key.first == organization_ && rematch.from_patient_id == pending &&
        rematch.pending_merged) {
      return rematch.to_patient_id;
    }
  }
  return NotFoundError("patient " + std::to_string(pending.value) + " was not merged");
}

}  // namespace roi::testing
