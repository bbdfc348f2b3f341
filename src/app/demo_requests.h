// LoadDemoRequests: a few obviously SYNTHETIC requesters, documents and requests for the demo
// organization (see demo_data.h), taken in through RequestService so that each carries a real
// stored decision: a patient's own access request, an attorney's request that pends on an
// unsigned authorization, and an insurer's request with a complete authorization.
#pragma once

#include "app/request_service.h"
#include "app/store.h"
#include "base/result.h"

namespace roi {

// Value type.
struct DemoRequestSummary {
  int requesters = 0;
  int documents = 0;
  int requests = 0;
  bool already_loaded = false;  // The organization had requests already; nothing was added.
};

// REQUIRES: LoadDemoData(store, users) ran (the demo patients and the demo specialist exist).
// Idempotent: adds nothing when the organization has any request.  `today` should be the service
// clock's day (authorizations are dated from it).  Returns NotFound when the demo specialist or
// patients are missing, and the service's errors.
Result<DemoRequestSummary> LoadDemoRequests(Store& store, RequestService& service,
                                            OrganizationId organization, Date today);

}  // namespace roi
