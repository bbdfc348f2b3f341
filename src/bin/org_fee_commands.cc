#include "bin/org_fee_commands.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/fee_service.h"
#include "bin/commands.h"
#include "bin/system_clock.h"
#include "crypto/audit_crypto.h"
#include "crypto/sodium.h"
#include "policy/engine.h"

namespace roi::bin {
namespace {

void Print(const FeeSettingsView& view) {
  const FeeSettings& s = view.settings;
  nlohmann::json out = {
      {"patient_electronic", std::string(PatientElectronicFeeName(s.patient_electronic))},
      {"flat_cents", s.flat_cents},
      {"labor_rate_cents_per_hour", s.labor_rate_cents_per_hour},
      {"supplies_cents", s.supplies_cents},
      {"postage_cents", s.postage_cents},
      {"flat_fee_max_cents", view.flat_fee_max_cents},
      {"version", s.version}};
  std::printf("%s\n", out.dump(2).c_str());
}

Result<FeeSettingsChange> ChangesOf(const cli::Invocation& invocation, std::int64_t version) {
  FeeSettingsChange changes{.version = version,
                            .patient_electronic = std::nullopt,
                            .flat_cents = invocation.flat_cents,
                            .labor_rate_cents_per_hour = invocation.labor_rate_cents,
                            .supplies_cents = invocation.supplies_cents,
                            .postage_cents = invocation.postage_cents};
  if (invocation.fee_policy) {
    Result<PatientElectronicFee> policy = ParsePatientElectronicFee(*invocation.fee_policy);
    if (!policy) return InvalidArgumentError("--patient-electronic: " + policy.error().message);
    changes.patient_electronic = *policy;
  }
  return changes;
}

}  // namespace

int RunOrgFees(const cli::Invocation& invocation, const cli::Config& config) {
  Result<policy::RuleSet> rules = policy::LoadRuleSet(config.policy.rules_dir);
  if (!rules) return Fail(rules.error());
  Result<std::unique_ptr<Store>> store = OpenAndMigrate(config, /*quiet=*/true);
  if (!store) return Fail(store.error());
  Result<OrganizationId> organization = FindOrganizationId(**store, invocation.organization);
  if (!organization) return Fail(organization.error());
  if (Status ready = crypto::Initialize(); !ready) return Fail(ready.error());
  SystemClock clock;
  crypto::SodiumAuditHasher audit_hasher;
  AuditTrail trail(clock, audit_hasher);
  RequestService requests(**store, clock, *rules, trail);
  FeeService service(**store, clock, trail, *rules, requests);
  Result<FeeSettingsView> current = service.GetOf(*organization);
  if (!current) return Fail(current.error());
  if (invocation.command == cli::Command::kOrgFeesShow) {
    Print(*current);
    return 0;
  }
  Result<FeeSettingsChange> changes = ChangesOf(invocation, current->settings.version);
  if (!changes) return Fail(changes.error());
  Result<FeeSettingsView> updated = service.UpdateAs(
      *organization, {.id = UserId(), .label = "command line", .remote_address = ""}, *changes);
  if (!updated) return Fail(updated.error());
  Print(*updated);
  return 0;
}

}  // namespace roi::bin
