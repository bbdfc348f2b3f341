// User and Session: the people who sign in to an organization's ROI desk, and their signed-in
// sessions.  Pure values: no I/O, no clock reads (callers pass the time in).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/date.h"
#include "base/ids.h"
#include "base/result.h"

namespace roi {

// What a user does at the desk; app/permissions.h maps each role to what it may do.
enum class Role {
  kRoiSpecialist,
  kClinician,
  kSupervisor,
  kBilling,
  kPrivacyOfficer,
  kAdministrator,
  kRequester,
  kPatient,
};

inline constexpr std::array<Role, 8> kAllRoles = {
    Role::kRoiSpecialist,  Role::kClinician,     Role::kSupervisor, Role::kBilling,
    Role::kPrivacyOfficer, Role::kAdministrator, Role::kRequester,  Role::kPatient};

// The stable wire/storage name: "roi_specialist", "clinician", "supervisor", "billing",
// "privacy_officer", "administrator", "requester", "patient".
std::string_view RoleName(Role role);
// Returns InvalidArgument for a name that is not one of RoleName's.
Result<Role> ParseRole(std::string_view name);

// Value type.  `version` is the optimistic-concurrency counter kept by storage (1 after insert).
struct User {
  UserId id;
  OrganizationId organization_id;
  std::string email;  // Unique per organization, compared case-insensitively (stored lower-case).
  std::string display_name;
  Role role = Role::kRoiSpecialist;
  std::string password_hash;  // Argon2id encoded string ("$argon2id$..."); never logged.
  bool disabled = false;
  int failed_logins = 0;                 // Consecutive failed sign-ins since the last success.
  std::int64_t locked_until_micros = 0;  // Sign-in refused before this time; 0 = not locked.
  bool release_authorized = false;       // May release records (with current training).
  std::optional<Date> training_attested_on;
  std::optional<Date> training_expires_on;
  std::int64_t version = 0;

  bool operator==(const User&) const = default;
};

// ASCII lower-case of `email`, the form in which emails are stored and compared.
std::string NormalizeEmail(std::string_view email);

// Returns InvalidArgument naming the first bad field (email not lower-case "local@domain" of at
// most 254 bytes, display name empty or over 200 bytes, empty password hash, negative counters,
// training expiring before it was attested).  Messages never contain the values themselves.
Status ValidateUser(const User& user);

// Value type: one signed-in session.  Only the hash of the session token is stored.
struct Session {
  std::string token_hash;  // BLAKE2b hex of the bearer token.
  UserId user_id;
  OrganizationId organization_id;
  std::string csrf_token;  // Must accompany unsafe requests authenticated by cookie.
  std::int64_t created_micros = 0;
  std::int64_t expires_micros = 0;  // Absolute expiry; the session is dead at or after this.
  std::int64_t last_seen_micros = 0;

  bool operator==(const Session&) const = default;
};

// Returns InvalidArgument for an empty token hash or CSRF token, an unset user id, or times out of
// order (created <= last seen < expires).
Status ValidateSession(const Session& session);

}  // namespace roi
