// PatientAuthorizations: the authorizations a patient's requests were received with (the
// authorization facts recorded on each request), for the patient page.  Reads only; each look
// is recorded in the audit trail in the same transaction.
#pragma once

#include <string>
#include <vector>

#include "app/audit_trail.h"
#include "app/auth_service.h"
#include "app/store.h"

namespace roi {

// Value type: one request of the patient that came with an authorization, and that authorization.
struct PatientAuthorization {
  RequestId request;
  std::string number;  // "R-2026-000123".
  RequestState state = RequestState::kReceived;
  Date received_on;
  std::string requester_name;
  std::string requester_role;
  std::string purpose;
  AuthorizationElements authorization;
};

// Service.  Thread-safe (each call runs its own transaction).  `store` and `audit` must outlive
// it.
class PatientAuthorizations {
 public:
  // At most this many requests of one patient are read.
  static constexpr int kMaxRequests = 5000;

  PatientAuthorizations(Store& store, const AuditTrail& audit);

  // The authorizations of the requests of patient `patient` of the caller's organization, newest
  // request first.  Needs permission manage_requests (the authorization is part of a request's
  // facts).  Returns PermissionDenied without it, NotFound if there is no such patient there, and
  // the patient-access guard's refusal for a patient outside the caller's assignments.
  Result<std::vector<PatientAuthorization>> List(const Principal& caller, PatientId patient) const;

 private:
  Store& store_;
  const AuditTrail& audit_;
};

}  // namespace roi
