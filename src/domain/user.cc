#include "domain/user.h"

#include <array>
#include <utility>

#include "base/ascii.h"

namespace roi {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 8> kRoleNames = {{
    {Role::kRoiSpecialist, "roi_specialist"},
    {Role::kClinician, "clinician"},
    {Role::kSupervisor, "supervisor"},
    {Role::kBilling, "billing"},
    {Role::kPrivacyOfficer, "privacy_officer"},
    {Role::kAdministrator, "administrator"},
    {Role::kRequester, "requester"},
    {Role::kPatient, "patient"},
}};

bool IsEmail(const std::string& email) {
  if (email.empty() || email.size() > 254) return false;
  std::size_t at = email.find('@');
  if (at == std::string::npos || at == 0 || at + 1 >= email.size()) return false;
  if (email.find('@', at + 1) != std::string::npos) return false;
  for (char c : email) {
    if (c <= ' ' || c == 0x7f || (c >= 'A' && c <= 'Z')) return false;
  }
  return true;
}

}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& [value, name] : kRoleNames) {
    if (value == role) return name;
  }
  return "unknown";
}

Result<Role> ParseRole(std::string_view name) {
  for (const auto& [value, role_name] : kRoleNames) {
    if (role_name == name) return value;
  }
  return InvalidArgumentError("unknown role");
}

std::string NormalizeEmail(std::string_view email) { return AsciiLower(email); }

Status ValidateUser(const User& user) {
  if (!IsEmail(user.email)) {
    return InvalidArgumentError("user email must be a lower-case address of at most 254 bytes");
  }
  if (user.display_name.empty() || user.display_name.size() > 200) {
    return InvalidArgumentError("user display name must be 1 to 200 bytes");
  }
  if (user.password_hash.empty()) {
    return InvalidArgumentError("user password hash must not be empty");
  }
  if (user.failed_logins < 0 || user.locked_until_micros < 0) {
    return InvalidArgumentError("user failed logins and lock time must not be negative");
  }
  if (user.training_attested_on && user.training_expires_on &&
      *user.training_expires_on < *user.training_attested_on) {
    return InvalidArgumentError("user training must not expire before it was attested");
  }
  return OkStatus();
}

Status ValidateSession(const Session& session) {
  if (session.token_hash.empty() || session.csrf_token.empty()) {
    return InvalidArgumentError("session token hash and csrf token must not be empty");
  }
  if (!session.user_id.IsSet()) return InvalidArgumentError("session user id must be set");
  if (session.last_seen_micros < session.created_micros ||
      session.expires_micros <= session.last_seen_micros) {
    return InvalidArgumentError("session times must satisfy created <= last seen < expires");
  }
  return OkStatus();
}

}  // namespace roi
