#include "bin/org_commands.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/organization_service.h"
#include "app/patient_access.h"
#include "bin/commands.h"
#include "bin/system_clock.h"
#include "crypto/audit_crypto.h"
#include "crypto/sodium.h"

namespace roi::bin {
namespace {

nlohmann::json RoleNames(const std::vector<Role>& roles) {
  nlohmann::json names = nlohmann::json::array();
  for (Role role : roles) names.push_back(std::string(RoleName(role)));
  return names;
}

void Print(const OrganizationSettings& settings) {
  const Organization& o = settings.organization;
  nlohmann::json out = {
      {"slug", o.slug},
      {"name", o.name},
      {"state", o.state},
      {"entity_type", std::string(EntityTypeName(o.entity_type))},
      {"part2_program", o.part2_program},
      {"assignment_scoped_roles",
       o.assignment_scoped_roles ? RoleNames(*o.assignment_scoped_roles) : nlohmann::json(nullptr)},
      {"effective_assignment_scoped_roles", RoleNames(settings.effective_scoped_roles)},
      {"version", o.version}};
  std::printf("%s\n", out.dump(2).c_str());
}

Result<OrganizationChanges> ChangesOf(const cli::Invocation& invocation, std::int64_t version) {
  OrganizationChanges changes{
      .version = version, .name = invocation.org_name, .state = invocation.org_state};
  if (invocation.entity_type) {
    Result<EntityType> type = ParseEntityType(*invocation.entity_type);
    if (!type) return InvalidArgumentError("--entity-type: " + type.error().message);
    changes.entity_type = *type;
  }
  if (invocation.part2_program) {
    if (*invocation.part2_program != "yes" && *invocation.part2_program != "no") {
      return InvalidArgumentError("--part2 must be yes or no");
    }
    changes.part2_program = *invocation.part2_program == "yes";
  }
  if (invocation.scoped_roles) {
    if (*invocation.scoped_roles == "default") {
      changes.assignment_scoped_roles = std::optional<std::vector<Role>>();
    } else {
      Result<std::vector<Role>> roles = ParseRoleList(*invocation.scoped_roles);
      if (!roles) return InvalidArgumentError("--scoped-roles: " + roles.error().message);
      changes.assignment_scoped_roles = std::optional<std::vector<Role>>(*roles);
    }
  }
  return changes;
}

}  // namespace

int RunOrg(const cli::Invocation& invocation, const cli::Config& config) {
  Result<std::vector<Role>> defaults = ParseRoleList(config.security.assignment_scoped_roles);
  if (!defaults) return Fail(defaults.error());
  Result<std::unique_ptr<Store>> store = OpenAndMigrate(config, /*quiet=*/true);
  if (!store) return Fail(store.error());
  Result<OrganizationId> organization = FindOrganizationId(**store, invocation.organization);
  if (!organization) return Fail(organization.error());
  if (Status ready = crypto::Initialize(); !ready) return Fail(ready.error());
  SystemClock clock;
  crypto::SodiumAuditHasher audit_hasher;
  AuditTrail trail(clock, audit_hasher);
  OrganizationService service(**store, trail, *defaults);
  Result<OrganizationSettings> current = service.GetOf(*organization);
  if (!current) return Fail(current.error());
  if (invocation.command == cli::Command::kOrgShow) {
    Print(*current);
    return 0;
  }
  Result<OrganizationChanges> changes = ChangesOf(invocation, current->organization.version);
  if (!changes) return Fail(changes.error());
  Result<OrganizationSettings> updated = service.UpdateAs(
      *organization, {.id = UserId(), .label = "command line", .remote_address = ""}, *changes);
  if (!updated) return Fail(updated.error());
  Print(*updated);
  return 0;
}

}  // namespace roi::bin
