#include <string>

#include "testing/in_memory_repositories.h"

namespace roi::testing {

Result<bool> InMemoryPatientAccess::HasAssignment(PatientId patient, UserId user) {
  if (!user.IsSet()) return false;
  for (const auto& [id, request] : view_.requests) {
    if (request.organization_id != organization_ || request.patient_id != patient ||
        !IsOpenState(request.state)) {
      continue;
    }
    if (request.assignee == user) return true;
    for (const auto& [review_id, entry] : view_.reviews) {
      const auto& [organization, task] = entry;
      if (organization != organization_ || task.request_id != id) continue;
      if (task.assignee == user && task.status != ReviewStatus::kCancelled) return true;
      if (!task.assignee.IsSet() && task.status == ReviewStatus::kOpen) return true;
    }
  }
  return false;
}

Result<BreakGlassGrant> InMemoryPatientAccess::InsertGrant(const BreakGlassGrant& grant) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateBreakGlassGrant(grant); !valid) return valid.error();
  auto patient = view_.patients.find(grant.patient_id);
  if (patient == view_.patients.end() || patient->second.organization_id != organization_) {
    return NotFoundError("patient " + std::to_string(grant.patient_id.value) + " not found");
  }
  auto user = view_.users.find(grant.user_id);
  if (user == view_.users.end() || user->second.organization_id != organization_) {
    return NotFoundError("user " + std::to_string(grant.user_id.value) + " not found");
  }
  BreakGlassGrant stored = grant;
  stored.id = BreakGlassId(data_->next_id++);
  stored.organization_id = organization_;
  data_->break_glass_grants[stored.id] = stored;
  return stored;
}

Result<std::optional<BreakGlassGrant>> InMemoryPatientAccess::LiveGrant(PatientId patient,
                                                                        UserId user,
                                                                        std::int64_t now_micros) {
  std::optional<BreakGlassGrant> best;
  for (const auto& [id, grant] : view_.break_glass_grants) {
    if (grant.organization_id != organization_ || grant.patient_id != patient ||
        grant.user_id != user || !IsLive(grant, now_micros)) {
      continue;
    }
    if (!best || grant.expires_micros > best->expires_micros) best = grant;
  }
  return best;
}

Result<std::vector<BreakGlassGrant>> InMemoryPatientAccess::ListGrants(
    const BreakGlassQuery& query) {
  if (query.limit < 1 || query.limit > 1000) {
    return InvalidArgumentError("limit must be between 1 and 1000");
  }
  std::vector<BreakGlassGrant> out;
  for (auto it = view_.break_glass_grants.upper_bound(query.after_id);
       it != view_.break_glass_grants.end() && static_cast<int>(out.size()) < query.limit; ++it) {
    const BreakGlassGrant& grant = it->second;
    if (grant.organization_id != organization_) continue;
    if (query.patient.IsSet() && grant.patient_id != query.patient) continue;
    if (query.user.IsSet() && grant.user_id != query.user) continue;
    if (query.from_micros && grant.granted_micros < *query.from_micros) continue;
    if (query.to_micros && grant.granted_micros >= *query.to_micros) continue;
    out.push_back(grant);
  }
  return out;
}

}  // namespace roi::testing
