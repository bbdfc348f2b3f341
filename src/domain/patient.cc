#include "domain/patient.h"

namespace roi {

bool IsMrn(std::string_view mrn) {
  if (mrn.empty() || mrn.size() > 64) return false;
  for (char c : mrn) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

Status ValidatePatient(const Patient& patient) {
  if (!IsMrn(patient.mrn)) {
    return InvalidArgumentError("patient mrn must be 1 to 64 letters, digits or -_.");
  }
  if (patient.given_name.empty() || patient.given_name.size() > 200) {
    return InvalidArgumentError("patient given_name must be 1 to 200 bytes");
  }
  if (patient.family_name.empty() || patient.family_name.size() > 200) {
    return InvalidArgumentError("patient family_name must be 1 to 200 bytes");
  }
  if (patient.deceased_on && *patient.deceased_on < patient.birth_date) {
    return InvalidArgumentError("patient deceased_on is before birth_date");
  }
  if (patient.phone.size() > 40 || patient.email.size() > 254 || patient.address.size() > 500) {
    return InvalidArgumentError("patient contact field too long");
  }
  return OkStatus();
}

}  // namespace roi
