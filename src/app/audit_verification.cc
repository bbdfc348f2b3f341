#include "app/audit_verification.h"

#include <string>

namespace roi {

Result<AuditVerification> AuditChainCheck::Verify(const Principal& caller) const {
  if (!caller.May(Permission::kReadAudit)) {
    return PermissionDeniedError("the " + std::string(RoleName(caller.user.role)) +
                                 " role may not read_audit");
  }
  std::unique_lock<std::mutex> lock(running_, std::try_to_lock);
  if (!lock.owns_lock()) {
    return ResourceExhaustedError("an audit verification is already running; try again shortly");
  }
  Result<AuditVerification> result = verifier_.Verify(store_, caller.organization);
  if (!result) return result.error();
  std::string detail = result->problem
                           ? "audit chain verified: broken at sequence " +
                                 std::to_string(result->problem->sequence) + " (" +
                                 std::string(AuditProblemKindName(result->problem->kind)) + ")"
                           : "audit chain verified: intact, " + std::to_string(result->events) +
                                 " events, " + std::to_string(result->seals) + " seals";
  Status recorded = store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
    return audit_.RecordNote(tx, ActorOf(caller),
                             {.action = AuditAction::kRead,
                              .patient = {},
                              .entity_kind = "audit_chain",
                              .entity_id = "",
                              .detail = detail});
  });
  if (!recorded) return recorded.error();
  return result;
}

}  // namespace roi
