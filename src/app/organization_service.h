// OrganizationService: the administrator's settings of their own organization (docs/
// organizations.md): name, state, entity type, Part 2 flag and the assignment-scoped roles, and
// the organization's facilities.  Every change is recorded as a kPermissionChange audit event in
// the transaction that makes it; optimistic concurrency (the caller names the version it read)
// turns a concurrent edit into Aborted (HTTP 409).  Everything runs in the caller's own
// organization's transaction, so another organization's facility is NotFound.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/audit_trail.h"
#include "app/auth_service.h"
#include "app/store.h"
#include "base/result.h"
#include "domain/organization.h"

namespace roi {

// What the settings screen shows.  Value type.
struct OrganizationSettings {
  Organization organization;
  std::vector<Role> default_scoped_roles;    // The deployment's security.assignment_scoped_roles.
  std::vector<Role> effective_scoped_roles;  // The organization's list, else the default.
};

// A change to the settings: unset fields keep their value.  `version` is the one read.
struct OrganizationChanges {
  std::int64_t version = 0;
  std::optional<std::string> name;
  std::optional<std::string> state;
  std::optional<EntityType> entity_type;
  std::optional<bool> part2_program;
  // Set: replace the organization's list; set to nullopt: go back to the deployment's default.
  std::optional<std::optional<std::vector<Role>>> assignment_scoped_roles;
};

// A change to a facility; unset fields keep their value.
struct FacilityChanges {
  std::int64_t version = 0;
  std::optional<std::string> name;
  std::optional<std::string> npi;
};

// Thread-safe (each call runs its own transaction).  `store` and `audit` must outlive it.
class OrganizationService {
 public:
  OrganizationService(Store& store, const AuditTrail& audit, std::vector<Role> default_scoped_roles)
      : store_(store), audit_(audit), default_scoped_roles_(std::move(default_scoped_roles)) {}

  // Each returns PermissionDenied unless the caller may manage users (the administrator).

  // The caller's organization's settings.
  Result<OrganizationSettings> Get(const Principal& caller) const;
  // Applies `changes` and returns the new settings.  Returns InvalidArgument naming a bad field
  // (a scoped role that cannot read patients, e.g. requester, is refused), Aborted on a stale
  // version.
  Result<OrganizationSettings> Update(const Principal& caller,
                                      const OrganizationChanges& changes) const;
  // Get and Update without the permission check, for the command line (`openroi org`): `actor`
  // is recorded as the one who made the change.
  Result<OrganizationSettings> GetOf(OrganizationId organization) const;
  Result<OrganizationSettings> UpdateAs(OrganizationId organization, const AuditActor& actor,
                                        const OrganizationChanges& changes) const;

  // The organization's facilities, by id.
  Result<std::vector<Facility>> Facilities(const Principal& caller) const;
  // Adds a facility (name 1..200 bytes, NPI empty or 10 digits with a valid check digit).
  Result<Facility> AddFacility(const Principal& caller, std::string name, std::string npi) const;
  // Changes a facility.  NotFound unless it is the caller's organization's, Aborted on a stale
  // version, InvalidArgument for a bad name or NPI.
  Result<Facility> UpdateFacility(const Principal& caller, FacilityId id,
                                  const FacilityChanges& changes) const;

  const std::vector<Role>& DefaultScopedRoles() const { return default_scoped_roles_; }

 private:
  OrganizationSettings View(const Organization& organization) const;

  Store& store_;
  const AuditTrail& audit_;
  std::vector<Role> default_scoped_roles_;
};

// True iff `npi` is 10 digits whose last is the Luhn check digit of the first nine with the
// "80840" card-issuer prefix (the NPI standard, 45 CFR 162.406).
bool IsValidNpi(std::string_view npi);

}  // namespace roi
