// UserService: account administration for the command line and, later, the admin UI: add a user,
// set a password, disable an account.  Changing a password or disabling ends the user's sessions.
#pragma once

#include <functional>
#include <string>
#include <string_view>

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

// Thread-safe.  `store` and `hasher` must outlive it.
class UserService {
 public:
  // Passwords must be at least this long.
  static constexpr std::size_t kMinPasswordLength = 12;

  UserService(Store& store, const PasswordHasher& hasher) : store_(store), hasher_(hasher) {}

  // Creates the user.  Returns NotFound for an unknown organization, InvalidArgument for a bad
  // field or a password shorter than kMinPasswordLength, AlreadyExists for a taken email.
  Result<User> AddUser(const NewUser& user, std::string_view password);
  // Replaces the password, clears any lockout and ends the user's sessions.  Returns NotFound for
  // an unknown organization or email, InvalidArgument for a short password.
  Result<User> SetPassword(std::string_view organization, std::string_view email,
                           std::string_view password);
  // Disables the account and ends its sessions.  Returns NotFound for an unknown organization or
  // email.
  Result<User> Disable(std::string_view organization, std::string_view email);

 private:
  // Runs `change` on the user with `email` and stores the result, ending its sessions.
  Result<User> ChangeUser(std::string_view organization, std::string_view email,
                          const std::function<Status(User&)>& change);

  Store& store_;
  const PasswordHasher& hasher_;
};

}  // namespace roi
