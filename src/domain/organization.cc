#include "domain/organization.h"

namespace roi {
namespace {

bool IsSlug(const std::string& slug) {
  if (slug.empty() || slug.size() > 64) return false;
  for (char c : slug) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool IsDigits(const std::string& text, std::size_t length) {
  if (text.size() != length) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

Status ValidateOrganization(const Organization& organization) {
  if (organization.name.empty() || organization.name.size() > 200) {
    return InvalidArgumentError("organization name must be 1 to 200 bytes");
  }
  if (!IsSlug(organization.slug)) {
    return InvalidArgumentError("organization slug must match [a-z0-9-]{1,64}");
  }
  const std::string& state = organization.state;
  if (state.size() != 2 || state[0] < 'A' || state[0] > 'Z' || state[1] < 'A' || state[1] > 'Z') {
    return InvalidArgumentError("organization state must be a two-letter code such as CA");
  }
  return OkStatus();
}

Status ValidateFacility(const Facility& facility) {
  if (facility.name.empty() || facility.name.size() > 200) {
    return InvalidArgumentError("facility name must be 1 to 200 bytes");
  }
  if (!facility.npi.empty() && !IsDigits(facility.npi, 10)) {
    return InvalidArgumentError("facility npi must be 10 digits");
  }
  return OkStatus();
}

}  // namespace roi
