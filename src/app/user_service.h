// UserService: account administration for the command line and, later, the admin UI: add a user,
// set a password, change a role, disable an account.  Changing a password, a role or disabling
// ends the user's sessions.  Each change is recorded in the audit trail in its transaction, as
// done by `actor`.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
  std::optional<Date> training_attested_on;  // Release also needs current training (CanRelease).
  std::optional<Date> training_expires_on;
};

// Value type: an administrator's change to a user; unset fields stay as they are.
struct UserChanges {
  std::optional<Role> role;
  std::optional<bool> release_authorized;
  std::optional<std::optional<Date>> training_attested_on;  // Inner nullopt clears it.
  std::optional<std::optional<Date>> training_expires_on;
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

  // Administration within one organization, by user id (the HTTP API).  NotFound for a user of
  // another organization; `actor` is the administrator making the change, and every change is
  // recorded in the audit trail in the same transaction.
  Result<std::vector<User>> List(OrganizationId organization);
  // Like AddUser; `user.organization` is ignored.
  Result<User> Create(OrganizationId organization, const NewUser& user, std::string_view password,
                      const AuditActor& actor);
  // Sets a new password, clears any lockout and ends the user's sessions.  InvalidArgument for a
  // short password.
  Result<User> ResetPassword(OrganizationId organization, UserId user, std::string_view password,
                             const AuditActor& actor);
  // Disables the account and ends its sessions.  FailedPrecondition when `user` is the actor.
  Result<User> DisableUser(OrganizationId organization, UserId user, const AuditActor& actor);
  // Applies `changes`.  InvalidArgument when the result does not validate (e.g. training expiring
  // before it was attested); FailedPrecondition when the actor would take the administrator role
  // away from themselves.  Ends the user's sessions when the role changes.
  Result<User> Update(OrganizationId organization, UserId user, const UserChanges& changes,
                      const AuditActor& actor);

 private:
  // Runs `change` on user `id` of `organization` and stores the result; ends the user's sessions
  // when `change` sets its second argument (false on entry); records `action` with the detail
  // `change` returned.
  Result<User> ChangeUserById(OrganizationId organization, UserId id, const AuditActor& actor,
                              AuditAction action,
                              const std::function<Result<std::string>(User&, bool&)>& change);
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
