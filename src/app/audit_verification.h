// AuditVerification from the workspace: runs the same check as `openroi audit verify` (an
// AuditVerifier over the caller's organization's chain) for an auditor, and records that it was
// run.  Bounded: one verification at a time per server (a second caller meanwhile gets
// ResourceExhausted and retries), each a single streaming pass over the chain.
#pragma once

#include <mutex>

#include "app/audit_trail.h"
#include "app/auth_service.h"
#include "app/store.h"

namespace roi {

// Thread-safe.  `store`, `verifier` and `audit` must outlive it.
class AuditChainCheck {
 public:
  AuditChainCheck(Store& store, const AuditVerifier& verifier, const AuditTrail& audit)
      : store_(store), verifier_(verifier), audit_(audit) {}

  // Verifies the caller's organization's chain, then records a read of the entity "audit_chain"
  // whose detail says what was found ("intact: n events, s seals" or "broken at sequence n
  // (kind)"), in its own transaction after the check (so the check sees the chain as it was).
  // Returns PermissionDenied unless the caller may read the audit trail, ResourceExhausted while
  // another verification runs, and the store's errors.
  Result<AuditVerification> Verify(const Principal& caller) const;

 private:
  Store& store_;
  const AuditVerifier& verifier_;
  const AuditTrail& audit_;
  mutable std::mutex running_;
};

}  // namespace roi
