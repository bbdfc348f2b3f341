// GET /api/v1/patients/{id}/authorizations: the authorizations recorded with a patient's
// requests, for the patient page (docs/ui.md).
#pragma once

#include "app/audit_trail.h"
#include "app/store.h"
#include "http/router.h"

namespace roi::http {

// Registers the route; `store` and `audit` must outlive the router.
void AddPatientAuthorizationRoutes(Router& router, Store& store, const AuditTrail& audit);

}  // namespace roi::http
