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

constexpr std::string_view kEntityTypeNames[] = {"other", "hospital", "physician_practice",
                                                 "behavioral_health", "health_plan"};

}  // namespace

std::string_view EntityTypeName(EntityType type) {
  return kEntityTypeNames[static_cast<int>(type)];
}

Result<EntityType> ParseEntityType(std::string_view name) {
  for (int i = 0; i < 5; ++i) {
    if (kEntityTypeNames[i] == name) return static_cast<EntityType>(i);
  }
  return InvalidArgumentError(
      "entity type must be one of hospital, physician_practice, behavioral_health, health_plan, "
      "other");
}

std::string JoinRoleNames(const std::vector<Role>& roles) {
  std::string text;
  for (Role role : roles) {
    if (!text.empty()) text += ',';
    text += RoleName(role);
  }
  return text;
}

Result<std::vector<Role>> SplitRoleNames(std::string_view text) {
  std::vector<Role> roles;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    std::string_view name = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    Result<Role> role = ParseRole(name);
    if (!role) return InvalidArgumentError("unknown role \"" + std::string(name) + "\"");
    roles.push_back(*role);
  }
  return roles;
}

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
  if (static_cast<int>(organization.entity_type) < 0 ||
      static_cast<int>(organization.entity_type) > 4) {
    return InvalidArgumentError("organization entity type is not a known type");
  }
  if (organization.assignment_scoped_roles) {
    const std::vector<Role>& roles = *organization.assignment_scoped_roles;
    for (std::size_t i = 0; i < roles.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (roles[i] == roles[j]) {
          return InvalidArgumentError("assignment-scoped roles name " +
                                      std::string(RoleName(roles[i])) + " twice");
        }
      }
    }
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
