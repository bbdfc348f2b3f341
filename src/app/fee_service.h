// FeeService: the organization's fee settings (docs/organizations.md, "Fee settings") and the
// actual costs staff record on a request.  Both feed the rules engine's case (`fee_policy` and
// `cost`, spec/decision.md) through RequestService::Decide, and the decision's fee.max_cents is
// what the invoice may charge (app/billing_service.h).  A settings change is recorded as an
// `update` audit event with the actor in its transaction; a change of a request's costs stores
// them, re-decides the request and records the event in the same transaction (AuditedCall).
// Optimistic concurrency: a write names the version it read; a stale one is Aborted (HTTP 409).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app/audit_trail.h"
#include "app/auth_service.h"
#include "app/request_service.h"
#include "app/store.h"
#include "base/result.h"
#include "domain/fee_settings.h"

namespace roi::policy {
class RuleSet;
}  // namespace roi::policy

namespace roi {

// What the fee settings screen shows.  Value type.
struct FeeSettingsView {
  FeeSettings settings;
  std::int64_t flat_fee_max_cents = 0;  // The rules' maximum flat fee (rules/federal.toml).
};

// A change to the fee settings: unset fields keep their value.  `version` is the one read (0
// while the defaults were never saved).
struct FeeSettingsChange {
  std::int64_t version = 0;
  std::optional<PatientElectronicFee> patient_electronic;
  std::optional<std::int64_t> flat_cents;
  std::optional<std::int64_t> labor_rate_cents_per_hour;
  std::optional<std::int64_t> supplies_cents;
  std::optional<std::int64_t> postage_cents;
};

// A request's costs with what the engine receives and what it decided.  Value type.
struct RequestCostsView {
  RequestId request_id;
  std::optional<RequestCosts> costs;  // Unset until staff record some.
  FeeSettings settings;               // The organization's, for the defaults.
  CaseCost cost;                      // The case's `cost`: recorded values over the defaults.
  std::int64_t fee_max_cents = 0;     // The stored decision's fee.
  std::string fee_basis = "NONE";
};

// A change of a request's costs.  `version` is the one read (0 when none were recorded); unset
// supplies/postage take the organization's defaults.
struct RequestCostsChange {
  std::int64_t version = 0;
  std::int64_t labor_minutes = 0;
  std::optional<std::int64_t> supplies_cents;
  std::optional<std::int64_t> postage_cents;
};

// Thread-safe (each call runs its own transaction).  Every argument must outlive it.
class FeeService {
 public:
  FeeService(Store& store, const Clock& clock, const AuditTrail& audit,
             const policy::RuleSet& rules, RequestService& requests)
      : store_(store), clock_(clock), audit_(audit), rules_(rules), requests_(requests) {}

  // The caller's organization's fee settings.  Returns PermissionDenied unless the caller is
  // staff (may read patients).
  Result<FeeSettingsView> Get(const Principal& caller) const;
  // Applies `changes`.  Returns PermissionDenied unless the caller may manage users (the
  // administrator), InvalidArgument naming a bad field (a negative amount, a flat fee above the
  // rules' maximum), Aborted on a stale version.  Open requests keep their stored decision until
  // they are next re-decided (a change of facts or costs, every transition).
  Result<FeeSettingsView> Update(const Principal& caller, const FeeSettingsChange& changes) const;
  // Get and Update without the permission check, for the command line (`openroi org fees`):
  // `actor` is recorded as the one who made the change.
  Result<FeeSettingsView> GetOf(OrganizationId organization) const;
  Result<FeeSettingsView> UpdateAs(OrganizationId organization, const AuditActor& actor,
                                   const FeeSettingsChange& changes) const;

  // The request's costs.  Returns NotFound unless the request is in the caller's organization.
  // Recorded as a read of the request.
  Result<RequestCostsView> Costs(const Principal& caller, RequestId request) const;
  // Records the request's costs and re-decides it.  Returns InvalidArgument naming a bad field,
  // Aborted on a stale version, FailedPrecondition on a closed or cancelled request, NotFound
  // as Costs.
  Result<RequestCostsView> SetCosts(const Principal& caller, RequestId request,
                                    const RequestCostsChange& change) const;

 private:
  FeeSettingsView View(const FeeSettings& settings) const;
  Status CheckSettings(const FeeSettings& settings) const;
  Result<RequestCostsView> CostsView(Transaction& tx, const ReleaseRequest& request) const;

  Store& store_;
  const Clock& clock_;
  const AuditTrail& audit_;
  const policy::RuleSet& rules_;
  RequestService& requests_;
};

}  // namespace roi
