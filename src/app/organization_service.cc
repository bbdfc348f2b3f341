#include "app/organization_service.h"

#include <string>
#include <utility>

#include "app/permissions.h"

namespace roi {
namespace {

Status RequireAdministrator(const Principal& caller) {
  if (caller.May(Permission::kManageUsers)) return OkStatus();
  return PermissionDeniedError("the " + std::string(RoleName(caller.user.role)) +
                               " role may not manage_users");
}

std::string RolesText(const std::optional<std::vector<Role>>& roles) {
  if (!roles) return "default";
  if (roles->empty()) return "none";
  return JoinRoleNames(*roles);
}

Status CheckScopedRoles(const std::vector<Role>& roles) {
  for (Role role : roles) {
    if (!Allows(role, Permission::kReadPatients)) {
      Error error =
          InvalidArgumentError("assignment_scoped_roles: the " + std::string(RoleName(role)) +
                               " role cannot read patients");
      error.details.push_back(
          {.path = "assignment_scoped_roles", .message = "role cannot read patients"});
      return error;
    }
  }
  return OkStatus();
}

Error FieldError(Error error, std::string_view path) {
  if (error.details.empty()) {
    error.details.push_back({.path = std::string(path), .message = error.message});
  }
  return error;
}

std::string FacilityText(const Facility& facility) {
  return "name \"" + facility.name + "\", npi " + (facility.npi.empty() ? "none" : facility.npi);
}

Status CheckFacility(const Facility& facility) {
  if (Status valid = ValidateFacility(facility); !valid) {
    bool npi = valid.error().message.find("npi") != std::string::npos;
    return FieldError(valid.error(), npi ? "npi" : "name");
  }
  if (!facility.npi.empty() && !IsValidNpi(facility.npi)) {
    return FieldError(
        InvalidArgumentError("facility npi " + facility.npi + " fails the NPI check digit"), "npi");
  }
  return OkStatus();
}

}  // namespace

bool IsValidNpi(std::string_view npi) {
  if (npi.size() != 10) return false;
  for (char c : npi) {
    if (c < '0' || c > '9') return false;
  }
  // Luhn over "80840" + the first nine digits; the prefix contributes 24.
  int sum = 24;
  for (int i = 8; i >= 0; --i) {
    int digit = npi[static_cast<std::size_t>(i)] - '0';
    if ((8 - i) % 2 == 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - sum % 10) % 10 == npi[9] - '0';
}

OrganizationSettings OrganizationService::View(const Organization& organization) const {
  return OrganizationSettings{
      .organization = organization,
      .default_scoped_roles = default_scoped_roles_,
      .effective_scoped_roles =
          organization.assignment_scoped_roles.value_or(default_scoped_roles_)};
}

Result<OrganizationSettings> OrganizationService::Get(const Principal& caller) const {
  if (Status allowed = RequireAdministrator(caller); !allowed) return allowed.error();
  return GetOf(caller.organization);
}

Result<OrganizationSettings> OrganizationService::GetOf(OrganizationId organization) const {
  std::optional<Organization> found;
  Status done = store_.InTransaction(organization, TxMode::kRead, [&](Transaction& tx) {
    Result<Organization> own = tx.OrganizationSettings().Get();
    if (!own) return Status(own.error());
    found = *own;
    return OkStatus();
  });
  if (!done) return done.error();
  return View(*found);
}

Result<OrganizationSettings> OrganizationService::Update(const Principal& caller,
                                                         const OrganizationChanges& changes) const {
  if (Status allowed = RequireAdministrator(caller); !allowed) return allowed.error();
  return UpdateAs(caller.organization, ActorOf(caller), changes);
}

Result<OrganizationSettings> OrganizationService::UpdateAs(
    OrganizationId organization, const AuditActor& actor,
    const OrganizationChanges& changes) const {
  if (changes.assignment_scoped_roles && *changes.assignment_scoped_roles) {
    if (Status roles = CheckScopedRoles(**changes.assignment_scoped_roles); !roles) {
      return roles.error();
    }
  }
  std::optional<Organization> stored;
  Status done = store_.InTransaction(organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<Organization> own = tx.OrganizationSettings().Get();
    if (!own) return Status(own.error());
    if (own->version != changes.version) {
      return Status(AbortedError("the organization was changed by someone else (version " +
                                 std::to_string(own->version) + ", yours " +
                                 std::to_string(changes.version) + "); reload and try again"));
    }
    Organization next = *own;
    std::string detail;
    auto note = [&detail](const std::string& part) {
      if (!detail.empty()) detail += ", ";
      detail += part;
    };
    if (changes.name && *changes.name != next.name) {
      note("name changed");
      next.name = *changes.name;
    }
    if (changes.state && *changes.state != next.state) {
      note("state " + next.state + " -> " + *changes.state);
      next.state = *changes.state;
    }
    if (changes.entity_type && *changes.entity_type != next.entity_type) {
      note("entity type " + std::string(EntityTypeName(next.entity_type)) + " -> " +
           std::string(EntityTypeName(*changes.entity_type)));
      next.entity_type = *changes.entity_type;
    }
    if (changes.part2_program && *changes.part2_program != next.part2_program) {
      note(std::string("part 2 program ") + (next.part2_program ? "yes" : "no") + " -> " +
           (*changes.part2_program ? "yes" : "no"));
      next.part2_program = *changes.part2_program;
    }
    if (changes.assignment_scoped_roles &&
        *changes.assignment_scoped_roles != next.assignment_scoped_roles) {
      note("assignment-scoped roles " + RolesText(next.assignment_scoped_roles) + " -> " +
           RolesText(*changes.assignment_scoped_roles));
      next.assignment_scoped_roles = *changes.assignment_scoped_roles;
    }
    if (detail.empty()) {
      stored = *own;  // Nothing changed: no new version, no event.
      return OkStatus();
    }
    if (Status valid = ValidateOrganization(next); !valid) {
      const std::string& message = valid.error().message;
      return Status(
          FieldError(valid.error(),
                     message.find("state") != std::string::npos
                         ? "state"
                         : (message.find("name") != std::string::npos ? "name" : "organization")));
    }
    Result<Organization> updated = tx.OrganizationSettings().Update(next);
    if (!updated) return Status(updated.error());
    stored = *updated;
    return audit_.RecordNote(tx, actor,
                             {.action = AuditAction::kPermissionChange,
                              .patient = {},
                              .entity_kind = "organization",
                              .entity_id = std::to_string(updated->id.value),
                              .detail = "organization settings: " + detail});
  });
  if (!done) return done.error();
  return View(*stored);
}

Result<std::vector<Facility>> OrganizationService::Facilities(const Principal& caller) const {
  if (Status allowed = RequireAdministrator(caller); !allowed) return allowed.error();
  std::vector<Facility> facilities;
  Status done = store_.InTransaction(caller.organization, TxMode::kRead, [&](Transaction& tx) {
    Result<std::vector<Facility>> listed = tx.Facilities().List();
    if (!listed) return Status(listed.error());
    facilities = std::move(*listed);
    return OkStatus();
  });
  if (!done) return done.error();
  return facilities;
}

Result<Facility> OrganizationService::AddFacility(const Principal& caller, std::string name,
                                                  std::string npi) const {
  if (Status allowed = RequireAdministrator(caller); !allowed) return allowed.error();
  Facility facility{.id = {},
                    .organization_id = caller.organization,
                    .name = std::move(name),
                    .npi = std::move(npi),
                    .version = 0};
  if (Status valid = CheckFacility(facility); !valid) return valid.error();
  std::optional<Facility> stored;
  Status done = store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<Facility> inserted = tx.Facilities().Insert(facility);
    if (!inserted) return Status(inserted.error());
    stored = *inserted;
    return audit_.RecordNote(tx, ActorOf(caller),
                             {.action = AuditAction::kPermissionChange,
                              .patient = {},
                              .entity_kind = "facility",
                              .entity_id = std::to_string(inserted->id.value),
                              .detail = "facility added: " + FacilityText(*inserted)});
  });
  if (!done) return done.error();
  return *stored;
}

Result<Facility> OrganizationService::UpdateFacility(const Principal& caller, FacilityId id,
                                                     const FacilityChanges& changes) const {
  if (Status allowed = RequireAdministrator(caller); !allowed) return allowed.error();
  std::optional<Facility> stored;
  Status done = store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<Facility> found = tx.Facilities().Find(id);
    if (!found) return Status(found.error());
    if (found->version != changes.version) {
      return Status(AbortedError("facility " + std::to_string(id.value) +
                                 " was changed by someone else (version " +
                                 std::to_string(found->version) + ", yours " +
                                 std::to_string(changes.version) + "); reload and try again"));
    }
    Facility next = *found;
    if (changes.name) next.name = *changes.name;
    if (changes.npi) next.npi = *changes.npi;
    if (next == *found) {
      stored = *found;
      return OkStatus();
    }
    if (Status valid = CheckFacility(next); !valid) return valid;
    Result<Facility> updated = tx.Facilities().Update(next);
    if (!updated) return Status(updated.error());
    stored = *updated;
    return audit_.RecordNote(
        tx, ActorOf(caller),
        {.action = AuditAction::kPermissionChange,
         .patient = {},
         .entity_kind = "facility",
         .entity_id = std::to_string(id.value),
         .detail = "facility changed: " + FacilityText(*found) + " -> " + FacilityText(*updated)});
  });
  if (!done) return done.error();
  return *stored;
}

}  // namespace roi
