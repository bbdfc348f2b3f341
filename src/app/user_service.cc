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
  Result<std::string> hash = hasher_.Hash(password);
  if (!hash) return hash.error();
  User draft{.email = NormalizeEmail(user.email),
             .display_name = user.display_name,
             .role = user.role,
             .password_hash = *hash,
             .release_authorized = user.release_authorized};
  std::optional<User> stored;
  Status done = store_.InTransaction(*organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
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

}  // namespace roi
