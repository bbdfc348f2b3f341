#include "app/patient_access.h"

#include <algorithm>
#include <optional>
#include <string>

namespace roi {
namespace {

constexpr std::int64_t kMinuteMicros = 60'000'000;
constexpr std::string_view kBreakGlassReason = "break_glass_required";

}  // namespace

Result<std::vector<Role>> ParseRoleList(std::string_view text) {
  std::vector<Role> roles;
  if (text == "none") return roles;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    std::string_view name = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name.empty()) continue;
    Result<Role> role = ParseRole(name);
    if (!role) return InvalidArgumentError("unknown role \"" + std::string(name) + "\"");
    if (!Allows(*role, Permission::kReadPatients)) {
      return InvalidArgumentError("the " + std::string(name) + " role cannot read patients");
    }
    roles.push_back(*role);
  }
  return roles;
}

Status ValidatePatientAccessRules(const PatientAccessRules& rules) {
  if (rules.break_glass_minutes < 1 || rules.break_glass_minutes > 1440) {
    return InvalidArgumentError("security.break_glass_minutes must be between 1 and 1440");
  }
  for (Role role : rules.scoped_roles) {
    if (!Allows(role, Permission::kReadPatients)) {
      return InvalidArgumentError("security.assignment_scoped_roles: the " +
                                  std::string(RoleName(role)) + " role cannot read patients");
    }
  }
  return OkStatus();
}

Error BreakGlassRequiredError(PatientId patient) {
  Error error =
      PermissionDeniedError("patient " + std::to_string(patient.value) +
                            " is outside your assignments; state a reason to break the glass");
  error.details.push_back({.path = "break_glass", .message = std::string(kBreakGlassReason)});
  return error;
}

bool IsBreakGlassRequired(const Error& error) {
  return error.code == ErrorCode::kPermissionDenied && error.details.size() == 1 &&
         error.details[0].path == "break_glass" && error.details[0].message == kBreakGlassReason;
}

Result<bool> PatientAccess::IsScoped(Transaction& tx, Role role) const {
  Result<Organization> organization = tx.OrganizationSettings().Get();
  if (!organization) return organization.error();
  const std::vector<Role>& scoped = organization->assignment_scoped_roles
                                        ? *organization->assignment_scoped_roles
                                        : rules_.scoped_roles;
  return std::find(scoped.begin(), scoped.end(), role) != scoped.end();
}

Status PatientAccess::Check(Transaction& tx, UserId user, Role role, PatientId patient) const {
  Result<bool> scoped = IsScoped(tx, role);
  if (!scoped) return scoped.error();
  if (!*scoped) return OkStatus();
  Result<bool> assigned = tx.PatientAccess().HasAssignment(patient, user);
  if (!assigned) return assigned.error();
  if (*assigned) return OkStatus();
  Result<std::optional<BreakGlassGrant>> grant =
      tx.PatientAccess().LiveGrant(patient, user, clock_.NowMicros());
  if (!grant) return grant.error();
  if (grant->has_value()) return OkStatus();
  return BreakGlassRequiredError(patient);
}

Result<BreakGlassGrant> PatientAccess::BreakGlass(const Principal& caller, PatientId patient,
                                                  std::string_view reason) const {
  if (caller.api_token) {
    return PermissionDeniedError("an API token cannot break the glass; a person must sign in");
  }
  if (!caller.May(Permission::kReadPatients)) {
    return PermissionDeniedError("the " + std::string(RoleName(caller.user.role)) +
                                 " role may not read_patients");
  }
  const std::int64_t now = clock_.NowMicros();
  BreakGlassGrant grant{.id = {},
                        .organization_id = caller.organization,
                        .patient_id = patient,
                        .user_id = caller.user.id,
                        .reason = std::string(reason),
                        .granted_micros = now,
                        .expires_micros = now + rules_.break_glass_minutes * kMinuteMicros};
  if (Status valid = ValidateBreakGlassGrant(grant); !valid) return valid.error();
  std::optional<BreakGlassGrant> stored;
  Status done = store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
    // The patient first, so that another organization's id is NotFound for every role.
    if (Result<Patient> found = tx.Patients().Find(patient); !found) return Status(found.error());
    Result<bool> scoped = IsScoped(tx, caller.user.role);
    if (!scoped) return Status(scoped.error());
    if (!*scoped) {
      return Status(
          FailedPreconditionError("the " + std::string(RoleName(caller.user.role)) +
                                  " role is not limited to assigned patients; nothing to break"));
    }
    Result<BreakGlassGrant> inserted = tx.PatientAccess().InsertGrant(grant);
    if (!inserted) return Status(inserted.error());
    stored = *inserted;
    // The reason stays in the grant (the privacy office reads it); the chained event, which is
    // exported, carries no free text.
    Result<AuditEvent> recorded =
        audit_.Record(tx, {.actor = caller.user.id,
                           .actor_label = caller.user.display_name,
                           .action = AuditAction::kBreakGlass,
                           .patient = patient,
                           .entity_kind = "break_glass",
                           .entity_id = std::to_string(inserted->id.value),
                           .outcome = AuditOutcome::kSuccess,
                           .remote_address = caller.remote_address,
                           .detail = "break-the-glass access for " +
                                     std::to_string(rules_.break_glass_minutes) + " minutes"});
    return recorded ? OkStatus() : Status(recorded.error());
  });
  if (!done) return done.error();
  return *stored;
}

Result<BreakGlassPage> PatientAccess::Grants(const Principal& caller,
                                             const BreakGlassQuery& query) const {
  if (!caller.May(Permission::kReadAudit)) {
    return PermissionDeniedError("the " + std::string(RoleName(caller.user.role)) +
                                 " role may not read_audit");
  }
  BreakGlassPage page;
  Status done = store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<std::vector<BreakGlassGrant>> grants = tx.PatientAccess().ListGrants(query);
    if (!grants) return Status(grants.error());
    page.grants = std::move(*grants);
    if (static_cast<int>(page.grants.size()) == query.limit) {
      page.next_after = page.grants.back().id;
    }
    return audit_.RecordNote(tx, ActorOf(caller),
                             {.action = AuditAction::kRead,
                              .patient = query.patient,
                              .entity_kind = "break_glass",
                              .entity_id = {},
                              .detail = "list break-the-glass grants"});
  });
  if (!done) return done.error();
  return page;
}

}  // namespace roi
