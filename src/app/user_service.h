// UserService: account administration for the command line and, later, the admin UI: add a user,
// set a password, change a role, disable an account.  Changing a password, a role or disabling
// ends the user's sessions.  Each change is recorded in the audit trail in its transaction, as
// done by `actor`.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "app/audit_trail.h"
#include "app/credentials.h"
#include "app/store.h"
#include "domain/user.h"

namespace roi {

// Value type: a user to create.
struct NewUser {
  std::string organization;  // Organization slug.
  std::string email;
  std::string display_name;
  Role role = Role::kRoiSpecialist;
  bool release_authorized = false;
};

// Thread-safe.  `store`, `hasher` and `audit` must outlive it.
class UserService {
 public:
  // Passwords must be at least this long.
  static constexpr std::size_t kMinPasswordLength = 12;

  UserService(Store& store, const PasswordHasher& hasher, const AuditTrail& audit)
      : store_(store), hasher_(hasher), audit_(audit) {}

  // Creates the user.  Returns NotFound for an unknown organization, InvalidArgument for a bad
  // field or a password shorter than kMinPasswordLength, AlreadyExists for a taken email.
  Result<User> AddUser(const NewUser& user, std::string_view password, const AuditActor& actor);
  // Replaces the password, clears any lockout and ends the user's sessions.  Returns NotFound for
  // an unknown organization or email, InvalidArgument for a short password.
  Result<User> SetPassword(std::string_view organization, std::string_view email,
                           std::string_view password, const AuditActor& actor);
  // Sets the role and release authorization (a permission change) and ends the user's sessions.
  // Returns NotFound for an unknown organization or email.
  Result<User> SetRole(std::string_view organization, std::string_view email, Role role,
                       bool release_authorized, const AuditActor& actor);
  // Disables the account and ends its sessions.  Returns NotFound for an unknown organization or
  // email.
  Result<User> Disable(std::string_view organization, std::string_view email,
                       const AuditActor& actor);

 private:
  // Runs `change` on the user with `email` and stores the result, ending its sessions, and
  // records `action` with the detail `change` returned.
  Result<User> ChangeUser(std::string_view organization, std::string_view email,
                          const AuditActor& actor, AuditAction action,
                          const std::function<Result<std::string>(User&)>& change);

  Store& store_;
  const PasswordHasher& hasher_;
  const AuditTrail& audit_;
};

}  // namespace roi
