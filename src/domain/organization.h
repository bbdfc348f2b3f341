// Organization and Facility: the tenant that runs an ROI desk, and its sites.  Every other record
// belongs to exactly one organization.  Pure values: no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.h"
#include "base/result.h"
#include "domain/user.h"

namespace roi {

// The kind of disclosing organization (spec/decision.md `entity.type`): fee schedules and some
// state clocks differ by it.
enum class EntityType { kOther, kHospital, kPhysicianPractice, kBehavioralHealth, kHealthPlan };

// The stable wire/storage name: "other", "hospital", "physician_practice", "behavioral_health",
// "health_plan".
std::string_view EntityTypeName(EntityType type);
// Returns InvalidArgument for a name that is not one of EntityTypeName's.
Result<EntityType> ParseEntityType(std::string_view name);

// The storage form of a role list: role names joined by ',' ("" for none).
std::string JoinRoleNames(const std::vector<Role>& roles);
// JoinRoleNames' inverse.  Returns InvalidArgument naming an unknown role.
Result<std::vector<Role>> SplitRoleNames(std::string_view text);

// Value type.  `version` is the optimistic-concurrency counter kept by storage (1 after insert).
struct Organization {
  OrganizationId id;
  std::string name;   // Display name, e.g. "Riverbend Community Health".
  std::string slug;   // URL-safe unique key: lowercase letters, digits and '-'.
  std::string state;  // Two-letter US state whose law applies on top of federal, e.g. "CA".
  std::int64_t version = 0;
  EntityType entity_type = EntityType::kOther;  // Sent to the rules engine as `entity.type`.
  bool part2_program = false;  // Runs a 42 CFR Part 2 program (`entity.part2_program`).
  // The roles limited to assigned patients (app/patient_access.h) in this organization; unset
  // means the deployment's `security.assignment_scoped_roles`.
  std::optional<std::vector<Role>> assignment_scoped_roles;

  bool operator==(const Organization&) const = default;
};

// Returns InvalidArgument naming the first bad field (name empty or over 200 bytes, slug not
// matching [a-z0-9-]{1,64}, state not two upper-case letters).
Status ValidateOrganization(const Organization& organization);

// Value type.
struct Facility {
  FacilityId id;
  OrganizationId organization_id;
  std::string name;
  std::string npi;  // National Provider Identifier (10 digits) or empty.
  std::int64_t version = 0;

  bool operator==(const Facility&) const = default;
};

// Returns InvalidArgument for an empty name or an NPI that is not 10 digits.
Status ValidateFacility(const Facility& facility);

}  // namespace roi
