// Api: every HTTP route of OpenROI, wired to the use cases it calls, plus the metrics that watch
// them.  Built once at start-up in bin/; immutable afterwards.
#pragma once

#include <memory>
#include <string>

#include "app/auth_service.h"
#include "app/clock.h"
#include "app/request_service.h"
#include "app/store.h"
#include "http/auth.h"
#include "http/metrics.h"
#include "http/router.h"

namespace roi::policy {
class RuleSet;
}

namespace roi::http {

struct ApiDependencies {
  Store& store;                            // Must outlive the Api.
  const policy::RuleSet* rules = nullptr;  // Loaded rule packs; null disables /decide.
  std::string version = OPENROI_VERSION;
  AuthService* auth = nullptr;   // Null disables /api/v1/auth/*; else `clock` must be set too.
  const Clock* clock = nullptr;  // For rate limits.
  int login_attempts_per_minute = 10;  // Per client address.
};

// Service.  Thread-safe after construction: routes only read shared state.
class Api {
 public:
  explicit Api(ApiDependencies dependencies);

  const Router& Routes() const { return router_; }
  HttpMetrics& Metrics() { return *metrics_; }

 private:
  ApiDependencies dependencies_;
  Router router_;
  std::unique_ptr<RateLimiter> login_limiter_;
  std::unique_ptr<RequestService> requests_;  // Built when `rules` and `clock` are set.
  std::unique_ptr<HttpMetrics> metrics_;      // Built after every route is added.
};

// Registers /healthz, /readyz, /metrics, /api/v1/version and /api/v1/openapi.json.  `metrics` is
// read at request time, so it may be set after this call.
void AddSystemRoutes(Router& router, Store& store, const std::string& version,
                     const std::unique_ptr<HttpMetrics>& metrics);

// Registers POST /api/v1/auth/login (limited by `login_limiter`), POST /api/v1/auth/logout and
// GET /api/v1/auth/me.  `auth` and `login_limiter` must outlive the router.
void AddAuthRoutes(Router& router, AuthService& auth, RateLimiter& login_limiter);

// Registers the disclosure log and accounting routes (POST /api/v1/disclosures,
// GET /api/v1/patients/{id}/disclosures, GET /api/v1/patients/{id}/accounting,
// POST /api/v1/patients/{id}/accountings, POST/GET /api/v1/accounting-suspensions).  `store` and
// `clock` (for the default request date) must outlive the router.
void AddDisclosureRoutes(Router& router, Store& store, const Clock& clock);

// Registers the request lifecycle: /api/v1/requesters, /api/v1/documents,
// /api/v1/patients/{id}/documents and /api/v1/requests (intake, read, change, transitions,
// assignment, work queue).  `service` must outlive the router.
void AddRequestRoutes(Router& router, RequestService& service);

// Registers POST /api/v1/decide.  `rules` must outlive the router.
void AddPolicyRoutes(Router& router, const policy::RuleSet& rules);

}  // namespace roi::http
