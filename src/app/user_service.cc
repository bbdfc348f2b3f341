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

AuditEntry UserEntry(const AuditActor& actor, AuditAction action, const User& user,
                     std::string detail) {
  return AuditEntry{.actor = actor.id,
                    .actor_label = actor.label,
                    .action = action,
                    .patient = {},
                    .entity_kind = "user",
                    .entity_id = std::to_string(user.id.value),
                    .outcome = AuditOutcome::kSuccess,
                    .remote_address = actor.remote_address,
                    .detail = std::move(detail)};
}

const char* YesNo(bool value) { return value ? "yes" : "no"; }

}  // namespace

Result<User> UserService::AddUser(const NewUser& user, std::string_view password,
                                  const AuditActor& actor) {
  if (Status ok = CheckPassword(password); !ok) return ok.error();
  Result<OrganizationId> organization = FindOrganizationId(store_, user.organization);
  if (!organization) return organization.error();
  return Create(*organization, user, password, actor);
}

Result<User> UserService::Create(OrganizationId organization, const NewUser& user,
                                 std::string_view password, const AuditActor& actor) {
  if (Status ok = CheckPassword(password); !ok) return ok.error();
  Result<std::string> hash = hasher_.Hash(password);
  if (!hash) return hash.error();
  User draft{.email = NormalizeEmail(user.email),
             .display_name = user.display_name,
             .role = user.role,
             .password_hash = *hash,
             .release_authorized = user.release_authorized,
             .training_attested_on = user.training_attested_on,
             .training_expires_on = user.training_expires_on};
  std::optional<User> stored;
  Status done = store_.InTransaction(organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
    Result<User> inserted = tx.Users().Insert(draft);
    if (!inserted) return inserted.error();
    std::string detail = "user created with role " + std::string(RoleName(inserted->role)) +
                         ", release authorized " + YesNo(inserted->release_authorized);
    Result<AuditEvent> recorded =
        audit_.Record(tx, UserEntry(actor, AuditAction::kCreate, *inserted, std::move(detail)));
    if (!recorded) return recorded.error();
    stored = std::move(*inserted);
    return OkStatus();
  });
  if (!done) return done.error();
  return std::move(*stored);
}

Result<User> UserService::ChangeUser(std::string_view organization, std::string_view email,
                                     const AuditActor& actor, AuditAction action,
                                     const std::function<Result<std::string>(User&)>& change) {
  Result<OrganizationId> id = FindOrganizationId(store_, organization);
  if (!id) return id.error();
  std::optional<User> stored;
  Status done = store_.InTransaction(*id, TxMode::kWrite, [&](Transaction& tx) -> Status {
    Result<User> user = tx.Users().FindByEmail(email);
    if (!user) return user.error();
    Result<std::string> detail = change(*user);
    if (!detail) return detail.error();
    Result<User> updated = tx.Users().Update(*user);
    if (!updated) return updated.error();
    if (Result<std::int64_t> ended = tx.Sessions().DeleteForUser(updated->id); !ended) {
      return ended.error();
    }
    Result<AuditEvent> recorded =
        audit_.Record(tx, UserEntry(actor, action, *updated, std::move(*detail)));
    if (!recorded) return recorded.error();
    stored = std::move(*updated);
    return OkStatus();
  });
  if (!done) return done.error();
  return std::move(*stored);
}

Result<User> UserService::SetPassword(std::string_view organization, std::string_view email,
                                      std::string_view password, const AuditActor& actor) {
  if (Status ok = CheckPassword(password); !ok) return ok.error();
  Result<std::string> hash = hasher_.Hash(password);
  if (!hash) return hash.error();
  return ChangeUser(organization, email, actor, AuditAction::kUpdate,
                    [&](User& user) -> Result<std::string> {
                      user.password_hash = *hash;
                      user.failed_logins = 0;
                      user.locked_until_micros = 0;
                      return std::string("password changed");
                    });
}

Result<User> UserService::SetRole(std::string_view organization, std::string_view email, Role role,
                                  bool release_authorized, const AuditActor& actor) {
  return ChangeUser(organization, email, actor, AuditAction::kPermissionChange,
                    [&](User& user) -> Result<std::string> {
                      std::string detail = "role " + std::string(RoleName(user.role)) + " -> " +
                                           std::string(RoleName(role)) + ", release authorized " +
                                           YesNo(user.release_authorized) + " -> " +
                                           YesNo(release_authorized);
                      user.role = role;
                      user.release_authorized = release_authorized;
                      return detail;
                    });
}

Result<User> UserService::Disable(std::string_view organization, std::string_view email,
                                  const AuditActor& actor) {
  return ChangeUser(organization, email, actor, AuditAction::kPermissionChange,
                    [](User& user) -> Result<std::string> {
                      user.disabled = true;
                      return std::string("account disabled");
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

Result<User> UserService::ChangeUserById(
    OrganizationId organization, UserId id, const AuditActor& actor, AuditAction action,
    const std::function<Result<std::string>(User&, bool&)>& change) {
  std::optional<User> stored;
  Status done = store_.InTransaction(organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
    Result<User> user = tx.Users().Find(id);
    if (!user) return user.error();
    bool end_sessions = false;
    Result<std::string> detail = change(*user, end_sessions);
    if (!detail) return detail.error();
    Result<User> updated = tx.Users().Update(*user);
    if (!updated) return updated.error();
    if (end_sessions) {
      if (Result<std::int64_t> ended = tx.Sessions().DeleteForUser(id); !ended) {
        return ended.error();
      }
    }
    Result<AuditEvent> recorded =
        audit_.Record(tx, UserEntry(actor, action, *updated, std::move(*detail)));
    if (!recorded) return recorded.error();
    stored = std::move(*updated);
    return OkStatus();
  });
  if (!done) return done.error();
  return std::move(*stored);
}

Result<User> UserService::ResetPassword(OrganizationId organization, UserId user,
                                        std::string_view password, const AuditActor& actor) {
  if (Status ok = CheckPassword(password); !ok) return ok.error();
  Result<std::string> hash = hasher_.Hash(password);
  if (!hash) return hash.error();
  return ChangeUserById(organization, user, actor, AuditAction::kUpdate,
                        [&](User& found, bool& end_sessions) -> Result<std::string> {
                          end_sessions = true;
                          found.password_hash = *hash;
                          found.failed_logins = 0;
                          found.locked_until_micros = 0;
                          return std::string("password reset by an administrator");
                        });
}

Result<User> UserService::DisableUser(OrganizationId organization, UserId user,
                                      const AuditActor& actor) {
  if (actor.id == user) return FailedPreconditionError("you cannot disable your own account");
  return ChangeUserById(organization, user, actor, AuditAction::kPermissionChange,
                        [](User& found, bool& end_sessions) -> Result<std::string> {
                          end_sessions = true;
                          found.disabled = true;
                          return std::string("account disabled");
                        });
}

namespace {

std::string DateText(const std::optional<Date>& date) {
  return date ? date->ToString() : std::string("none");
}

}  // namespace

Result<User> UserService::Update(OrganizationId organization, UserId user,
                                 const UserChanges& changes, const AuditActor& actor) {
  if (actor.id == user && changes.role && *changes.role != Role::kAdministrator) {
    return FailedPreconditionError("you cannot take the administrator role from yourself");
  }
  return ChangeUserById(organization, user, actor, AuditAction::kPermissionChange,
                        [&](User& found, bool& end_sessions) -> Result<std::string> {
                          std::string detail;
                          auto add = [&detail](std::string part) {
                            if (!detail.empty()) detail += ", ";
                            detail += part;
                          };
                          end_sessions = changes.role && *changes.role != found.role;
                          if (changes.role) {
                            add("role " + std::string(RoleName(found.role)) + " -> " +
                                std::string(RoleName(*changes.role)));
                            found.role = *changes.role;
                          }
                          if (changes.release_authorized) {
                            add(std::string("release authorized ") +
                                YesNo(found.release_authorized) + " -> " +
                                YesNo(*changes.release_authorized));
                            found.release_authorized = *changes.release_authorized;
                          }
                          if (changes.training_attested_on) {
                            add("training attested " + DateText(*changes.training_attested_on));
                            found.training_attested_on = *changes.training_attested_on;
                          }
                          if (changes.training_expires_on) {
                            add("training expires " + DateText(*changes.training_expires_on));
                            found.training_expires_on = *changes.training_expires_on;
                          }
                          if (detail.empty()) detail = "no change";
                          return detail;
                        });
}

}  // namespace roi
