// Patient: a person whose records the organization holds.  Pure value: no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/date.h"
#include "base/ids.h"
#include "base/result.h"

namespace roi {

// Value type.  `version` is the optimistic-concurrency counter kept by storage (1 after insert).
struct Patient {
  PatientId id;
  OrganizationId organization_id;
  std::string mrn;  // Medical record number, unique within the organization.
  std::string given_name;
  std::string family_name;
  Date birth_date;
  std::optional<Date> deceased_on;
  std::string phone;
  std::string email;
  std::string address;
  std::int64_t version = 0;

  bool operator==(const Patient&) const = default;
};

// Returns InvalidArgument naming the first bad field: MRN empty, over 64 bytes or with characters
// other than letters, digits and "-_."; names empty or over 200 bytes; deceased before birth.
// Messages name fields, never values (no PHI).
Status ValidatePatient(const Patient& patient);

// True iff `mrn` is 1 to 64 letters, digits or "-_." (the form ValidatePatient accepts).
bool IsMrn(std::string_view mrn);

}  // namespace roi
