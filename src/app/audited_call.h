// AuditedCall: the one way a use case about a request runs its work and records it.  The work
// runs in one write transaction of the caller's organization (reads too: the audit event is a
// write), and the event (the caller, the request's patient, the request) is appended in that
// same transaction, so nothing commits unaudited and a failed call leaves no event.
#pragma once

#include <functional>
#include <string_view>

#include "app/audit_trail.h"
#include "app/auth_service.h"
#include "app/store.h"

namespace roi {

// Runs `work` for `caller` and records a `read` (mode kRead) or `update` (mode kWrite) event
// whose detail is `what`.  With `request` set the event names the request and its patient;
// unset, it names `what` alone (e.g. organization settings).  Returns the work's error, or the
// audit trail's.
Status AuditedCall(Store& store, const AuditTrail& audit, const Principal& caller, TxMode mode,
                   RequestId request, std::string_view what,
                   const std::function<Status(Transaction&)>& work);

}  // namespace roi
