#include "app/user_service.h"

#include <optional>
#include <utility>

namespace roi {
namespace {

Status CheckPassword(std::string_view password) {
  if (password.size() < UserService::kMinPasswordLength || password.size() > 1024) {
    return InvalidArgumentError("password must be 12 to 1024 bytes");
  }
  return OkStatus();
}

}  // namespace

Result<User> UserService::AddUser(const NewUser& user, std::string_view password) {
  if (Status ok = CheckPassword(password); !ok) return ok.error();
  Result<OrganizationId> organization = FindOrganizationId(store_, user.organization);
  if (!organization) return organization.error();
  return Create(*organization, user, password);
}

Result<User> UserService::Create(OrganizationId organization, const NewUser& user,
                                 std::string_view password) {
  if (Status ok = CheckPassword(password); !ok) return ok.error();
  Result<std::string> hash = hasher_.Hash(password);
  if (!hash) return hash.error();
  User draft{.email = NormalizeEmail(user.email),
             .display_name = user.display_name,
             .role = user.role,
             .password_hash = *hash,
             .release_authorized = user.release_authorized};
  std::optional<User> stored;
  Status done = store_.InTransaction(organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
    Result<User> inserted = tx.Users().Insert(draft);
    if (!inserted) return inserted.error();
    stored = std::move(*inserted);
    return OkStatus();
  });
  if (!done) return done.error();
  return std::move(*stored);
}

Result<User> UserService::ChangeUser(std::string_view organization, std::string_view email,
                                     const std::function<Status(User&)>& change) {
  Result<OrganizationId> id = FindOrganizationId(store_, organization);
  if (!id) return id.error();
  std::optional<User> stored;
  Status done = store_.InTransaction(*id, TxMode::kWrite, [&](Transaction& tx) -> Status {
    Result<User> user = tx.Users().FindByEmail(email);
    if (!user) return user.error();
    if (Status changed = change(*user); !changed) return changed;
    Result<User> updated = tx.Users().Update(*user);
    if (!updated) return updated.error();
    if (Result<std::int64_t> ended = tx.Sessions().DeleteForUser(updated->id); !ended) {
      return ended.error();
    }
    stored = std::move(*updated);
    return OkStatus();
  });
  if (!done) return done.error();
  return std::move(*stored);
}

Result<User> UserService::SetPassword(std::string_view organization, std::string_view email,
                                      std::string_view password) {
  if (Status ok = CheckPassword(password); !ok) return ok.error();
  Result<std::string> hash = hasher_.Hash(password);
  if (!hash) return hash.error();
  return ChangeUser(organization, email, [&](User& user) {
    user.password_hash = *hash;
    user.failed_logins = 0;
    user.locked_until_micros = 0;
    return OkStatus();
  });
}

Result<User> UserService::Disable(std::string_view organization, std::string_view email) {
  return ChangeUser(organization, email, [](User& user) {
    user.disabled = true;
    return OkStatus();
  });
}

Result<std::vector<User>> UserService::List(OrganizationId organization) {
  std::vector<User> users;
  Status done = store_.InTransaction(organization, TxMode::kRead, [&](Transaction& tx) -> Status {
    Result<std::vector<User>> listed = tx.Users().List();
    if (!listed) return listed.error();
    users = std::move(*listed);
    return OkStatus();
  });
  if (!done) return done.error();
  return users;
}

Result<User> UserService::ChangeUserById(OrganizationId organization, UserId id,
                                         const std::function<Status(User&, bool&)>& change) {
  std::optional<User> stored;
  Status done = store_.InTransaction(organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
    Result<User> user = tx.Users().Find(id);
    if (!user) return user.error();
    bool end_sessions = false;
    if (Status changed = change(*user, end_sessions); !changed) return changed;
    Result<User> updated = tx.Users().Update(*user);
    if (!updated) return updated.error();
    if (end_sessions) {
      if (Result<std::int64_t> ended = tx.Sessions().DeleteForUser(id); !ended) {
        return ended.error();
      }
    }
    stored = std::move(*updated);
    return OkStatus();
  });
  if (!done) return done.error();
  return std::move(*stored);
}

Result<User> UserService::ResetPassword(OrganizationId organization, UserId user,
                                        std::string_view password) {
  if (Status ok = CheckPassword(password); !ok) return ok.error();
  Result<std::string> hash = hasher_.Hash(password);
  if (!hash) return hash.error();
  return ChangeUserById(organization, user, [&](User& found, bool& end_sessions) {
    end_sessions = true;
    found.password_hash = *hash;
    found.failed_logins = 0;
    found.locked_until_micros = 0;
    return OkStatus();
  });
}

Result<User> UserService::DisableUser(OrganizationId organization, UserId actor, UserId user) {
  if (actor == user) return FailedPreconditionError("you cannot disable your own account");
  return ChangeUserById(organization, user, [](User& found, bool& end_sessions) {
    end_sessions = true;
    found.disabled = true;
    return OkStatus();
  });
}

Result<User> UserService::Update(OrganizationId organization, UserId actor, UserId user,
                                 const UserChanges& changes) {
  if (actor == user && changes.role && *changes.role != Role::kAdministrator) {
    return FailedPreconditionError("you cannot take the administrator role from yourself");
  }
  return ChangeUserById(organization, user, [&](User& found, bool& end_sessions) {
    end_sessions = changes.role && *changes.role != found.role;
    if (changes.role) found.role = *changes.role;
    if (changes.release_authorized) found.release_authorized = *changes.release_authorized;
    if (changes.training_attested_on) found.training_attested_on = *changes.training_attested_on;
    if (changes.training_expires_on) found.training_expires_on = *changes.training_expires_on;
    return OkStatus();
  });
}

}  // namespace roi
