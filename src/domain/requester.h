// Requester: a person or body that asks for records (the patient, an attorney, an insurer, a
// court, ...), as the organization keeps it on file.  Pure value: no I/O.
#pragma once

#include <cstdint>
#include <string>

#include "base/ids.h"
#include "base/result.h"

namespace roi {

// Value type.  `role` uses the policy contract's vocabulary (spec/decision.md requester.role, e.g.
// "patient", "attorney"); the application checks the spelling.  `version` is kept by storage.
struct Requester {
  RequesterId id;
  OrganizationId organization_id;
  std::string role;
  std::string name;          // Person or office, e.g. "Sample Law Office".
  std::string organization;  // Firm, agency or company; may be empty.
  std::string email;
  std::string phone;
  std::string address;
  std::string npi;  // National Provider Identifier (10 digits) for providers; may be empty.
  std::int64_t version = 0;

  bool operator==(const Requester&) const = default;
};

// Returns InvalidArgument naming the first bad field: role empty or over 64 bytes, name empty or
// over 200 bytes, organization/email/phone over 200 bytes, address over 500, an NPI that is not
// 10 digits.  Messages name fields, never values.
Status ValidateRequester(const Requester& requester);

}  // namespace roi
