#include "app/fee_service.h"

#include <string>
#include <utility>

#include "app/audited_call.h"
#include "app/decision_terms.h"
#include "app/permissions.h"
#include "policy/rule_set.h"

namespace roi {
namespace {

Status Require(const Principal& caller, Permission permission) {
  if (caller.May(permission)) return OkStatus();
  return PermissionDeniedError("the " + std::string(RoleName(caller.user.role)) + " role may not " +
                               std::string(PermissionName(permission)));
}

// InvalidArgument with the field as the error's detail path (the UI shows it by the field).
Error FieldError(std::string_view field, const std::string& message) {
  Error error = InvalidArgumentError(message);
  error.details.push_back({.path = std::string(field), .message = message});
  return error;
}

// The field a ValidateFeeSettings / ValidateRequestCosts message names.
Error WithField(Error error) {
  if (!error.details.empty()) return error;
  std::string field = error.message.substr(0, error.message.find(' '));
  error.details.push_back({.path = field, .message = error.message});
  return error;
}

std::string Cents(std::int64_t cents) { return std::to_string(cents); }

}  // namespace

FeeSettingsView FeeService::View(const FeeSettings& settings) const {
  return FeeSettingsView{.settings = settings,
                         .flat_fee_max_cents = rules_.Federal().flat_fee_max_cents};
}

Status FeeService::CheckSettings(const FeeSettings& settings) const {
  if (Status valid = ValidateFeeSettings(settings); !valid) return WithField(valid.error());
  std::int64_t max = rules_.Federal().flat_fee_max_cents;
  if (settings.flat_cents > max) {
    return FieldError("flat_cents", "flat_cents " + Cents(settings.flat_cents) +
                                        " is above the rules' maximum flat fee of " + Cents(max) +
                                        " cents");
  }
  return OkStatus();
}

Result<FeeSettingsView> FeeService::Get(const Principal& caller) const {
  if (Status allowed = Require(caller, Permission::kReadPatients); !allowed) {
    return allowed.error();
  }
  return GetOf(caller.organization);
}

Result<FeeSettingsView> FeeService::GetOf(OrganizationId organization) const {
  std::optional<FeeSettings> found;
  Status done = store_.InTransaction(organization, TxMode::kRead, [&](Transaction& tx) -> Status {
    Result<FeeSettings> settings = tx.Fees().Get();
    if (!settings) return settings.error();
    found = *settings;
    return OkStatus();
  });
  if (!done) return done.error();
  return View(*found);
}

Result<FeeSettingsView> FeeService::Update(const Principal& caller,
                                           const FeeSettingsChange& changes) const {
  if (Status allowed = Require(caller, Permission::kManageUsers); !allowed) {
    return allowed.error();
  }
  return UpdateAs(caller.organization, ActorOf(caller), changes);
}

Result<FeeSettingsView> FeeService::UpdateAs(OrganizationId organization, const AuditActor& actor,
                                             const FeeSettingsChange& changes) const {
  std::optional<FeeSettings> stored;
  Status done = store_.InTransaction(organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
    Result<FeeSettings> own = tx.Fees().Get();
    if (!own) return own.error();
    if (own->version != changes.version) {
      return AbortedError("the fee settings were changed by someone else (version " +
                          std::to_string(own->version) + ", yours " +
                          std::to_string(changes.version) + "); reload and try again");
    }
    FeeSettings next = *own;
    std::string detail;
    auto change = [&detail](std::string_view name, const std::string& from, const std::string& to) {
      if (from == to) return;
      if (!detail.empty()) detail += ", ";
      detail += std::string(name) + " " + from + " -> " + to;
    };
    if (changes.patient_electronic) next.patient_electronic = *changes.patient_electronic;
    if (changes.flat_cents) next.flat_cents = *changes.flat_cents;
    if (changes.labor_rate_cents_per_hour) {
      next.labor_rate_cents_per_hour = *changes.labor_rate_cents_per_hour;
    }
    if (changes.supplies_cents) next.supplies_cents = *changes.supplies_cents;
    if (changes.postage_cents) next.postage_cents = *changes.postage_cents;
    if (Status valid = CheckSettings(next); !valid) return valid;
    change("patient electronic", std::string(PatientElectronicFeeName(own->patient_electronic)),
           std::string(PatientElectronicFeeName(next.patient_electronic)));
    change("flat fee", Cents(own->flat_cents), Cents(next.flat_cents));
    change("labor rate", Cents(own->labor_rate_cents_per_hour),
           Cents(next.labor_rate_cents_per_hour));
    change("supplies", Cents(own->supplies_cents), Cents(next.supplies_cents));
    change("postage", Cents(own->postage_cents), Cents(next.postage_cents));
    if (detail.empty()) {
      stored = *own;  // Nothing changed: no new version, no event.
      return OkStatus();
    }
    Result<FeeSettings> saved = tx.Fees().Put(next);
    if (!saved) return saved.error();
    stored = *saved;
    return audit_.RecordNote(tx, actor,
                             {.action = AuditAction::kUpdate,
                              .patient = {},
                              .entity_kind = "fee_settings",
                              .entity_id = std::to_string(organization.value),
                              .detail = "fee settings: " + detail});
  });
  if (!done) return done.error();
  return View(*stored);
}

Result<RequestCostsView> FeeService::CostsView(Transaction& tx,
                                               const ReleaseRequest& request) const {
  Result<FeeSettings> settings = tx.Fees().Get();
  if (!settings) return settings.error();
  Result<std::optional<RequestCosts>> costs = tx.Fees().FindCosts(request.id);
  if (!costs) return costs.error();
  Result<DecisionTerms> terms = ReadDecisionTerms(request.decision_json);
  if (!terms) return terms.error();
  return RequestCostsView{.request_id = request.id,
                          .costs = *costs,
                          .settings = *settings,
                          .cost = CaseCostOf(*settings, *costs),
                          .fee_max_cents = terms->fee_max_cents,
                          .fee_basis = terms->fee_basis};
}

Result<RequestCostsView> FeeService::Costs(const Principal& caller, RequestId request) const {
  if (Status allowed = Require(caller, Permission::kReadPatients); !allowed) {
    return allowed.error();
  }
  std::optional<RequestCostsView> view;
  Status done = AuditedCall(store_, audit_, caller, TxMode::kRead, request, "request costs",
                            [&](Transaction& tx) -> Status {
                              Result<ReleaseRequest> found = tx.Requests().Find(request);
                              if (!found) return found.error();
                              Result<RequestCostsView> costs = CostsView(tx, *found);
                              if (!costs) return costs.error();
                              view = std::move(*costs);
                              return OkStatus();
                            });
  if (!done) return done.error();
  return std::move(*view);
}

Result<RequestCostsView> FeeService::SetCosts(const Principal& caller, RequestId request,
                                              const RequestCostsChange& change) const {
  if (Status allowed = Require(caller, Permission::kManageRequests); !allowed) {
    return allowed.error();
  }
  RequestCosts costs{.request_id = request,
                     .labor_minutes = change.labor_minutes,
                     .supplies_cents = change.supplies_cents,
                     .postage_cents = change.postage_cents,
                     .recorded_by = caller.user.id,
                     .recorded_micros = clock_.NowMicros(),
                     .version = change.version};
  if (Status valid = ValidateRequestCosts(costs); !valid) return WithField(valid.error());
  std::optional<RequestCostsView> view;
  Status done = AuditedCall(
      store_, audit_, caller, TxMode::kWrite, request, "request costs changed, re-decided",
      [&](Transaction& tx) -> Status {
        Result<ReleaseRequest> found = tx.Requests().Find(request);
        if (!found) return found.error();
        Result<std::optional<RequestCosts>> current = tx.Fees().FindCosts(request);
        if (!current) return current.error();
        std::int64_t version = *current ? (*current)->version : 0;
        if (version != change.version) {
          return AbortedError("the costs of request " + std::to_string(request.value) +
                              " were changed by someone else (version " + std::to_string(version) +
                              ", yours " + std::to_string(change.version) +
                              "); reload and try again");
        }
        if (Result<RequestCosts> saved = tx.Fees().PutCosts(costs); !saved) {
          return saved.error();
        }
        Result<ReleaseRequest> decided = requests_.RedecideIn(tx, request);
        if (!decided) return decided.error();
        Result<RequestCostsView> result = CostsView(tx, *decided);
        if (!result) return result.error();
        view = std::move(*result);
        return OkStatus();
      });
  if (!done) return done.error();
  return std::move(*view);
}

}  // namespace roi
