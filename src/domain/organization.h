// Organization and Facility: the tenant that runs an ROI desk, and its sites.  Every other record
// belongs to exactly one organization.  Pure values: no I/O.
#pragma once

#include <cstdint>
#include <string>

#include "base/ids.h"
#include "base/result.h"

namespace roi {

// Value type.  `version` is the optimistic-concurrency counter kept by storage (1 after insert).
struct Organization {
  OrganizationId id;
  std::string name;   // Display name, e.g. "Riverbend Community Health".
  std::string slug;   // URL-safe unique key: lowercase letters, digits and '-'.
  std::string state;  // Two-letter US state whose law applies on top of federal, e.g. "CA".
  std::int64_t version = 0;

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
