// The InMemoryStore's audit repository.
#include <string>

#include "testing/in_memory_repositories.h"

namespace roi::testing {

Result<AuditChainHead> InMemoryAudit::LockHead() {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  return Head();
}

Result<AuditChainHead> InMemoryAudit::Head() {
  auto found = view_.audit_heads.find(organization_);
  if (found == view_.audit_heads.end()) return AuditChainHead{};
  return found->second;
}

Status InMemoryAudit::Append(const AuditEvent& event) {
  if (Status writable = RequireWrite(data_); !writable) return writable;
  if (Status valid = ValidateAuditEvent(event); !valid) return valid;
  AuditChainHead head = *Head();
  if (event.sequence != head.sequence + 1 || event.prev_hash != head.hash) {
    return FailedPreconditionError("audit event " + std::to_string(event.sequence) +
                                   " does not extend the chain head");
  }
  AuditEvent stored = event;
  stored.organization_id = organization_;
  data_->audit_events[{organization_.value, event.sequence}] = stored;
  data_->audit_heads[organization_] =
      AuditChainHead{.sequence = event.sequence, .hash = event.hash};
  return OkStatus();
}

Result<std::vector<AuditEvent>> InMemoryAudit::Scan(std::int64_t after_sequence, int limit) {
  if (limit < 1 || limit > 10000) return InvalidArgumentError("scan limit must be 1 to 10000");
  std::vector<AuditEvent> events;
  for (auto it = view_.audit_events.upper_bound({organization_.value, after_sequence});
       it != view_.audit_events.end() && it->first.first == organization_.value &&
       static_cast<int>(events.size()) < limit;
       ++it) {
    events.push_back(it->second);
  }
  return events;
}

Result<std::vector<AuditEvent>> InMemoryAudit::Query(const AuditQuery& query) {
  if (query.limit < 1 || query.limit > 1000) return InvalidArgumentError("limit must be 1 to 1000");
  std::vector<AuditEvent> events;
  for (auto it = view_.audit_events.upper_bound({organization_.value, query.after_sequence});
       it != view_.audit_events.end() && it->first.first == organization_.value &&
       static_cast<int>(events.size()) < query.limit;
       ++it) {
    const AuditEvent& event = it->second;
    if (query.patient.IsSet() && event.patient_id != query.patient) continue;
    if (query.actor.IsSet() && event.actor_id != query.actor) continue;
    if (query.action && event.action != *query.action) continue;
    if (query.outcome && event.outcome != *query.outcome) continue;
    if (query.from_micros && event.occurred_micros < *query.from_micros) continue;
    if (query.to_micros && event.occurred_micros >= *query.to_micros) continue;
    events.push_back(event);
  }
  return events;
}

Status InMemoryAudit::InsertSeal(const AuditSeal& seal) {
  if (Status writable = RequireWrite(data_); !writable) return writable;
  std::pair<std::int64_t, std::int64_t> key{organization_.value, seal.sequence};
  if (data_->audit_seals.contains(key)) {
    return AlreadyExistsError("the audit chain is already sealed at sequence " +
                              std::to_string(seal.sequence));
  }
  AuditSeal stored = seal;
  stored.organization_id = organization_;
  data_->audit_seals[key] = stored;
  return OkStatus();
}

Result<std::vector<AuditSeal>> InMemoryAudit::Seals() {
  std::vector<AuditSeal> seals;
  for (auto it = view_.audit_seals.lower_bound({organization_.value, 0});
       it != view_.audit_seals.end() && it->first.first == organization_.value; ++it) {
    seals.push_back(it->second);
  }
  return seals;
}

}  // namespace roi::testing
