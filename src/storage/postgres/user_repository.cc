// PostgreSQL UserRepository and SessionRepository: every statement filters by the bound
// organization.
#include <string>

#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

Result<std::optional<Date>> ReadDate(const pqxx::field& field, const std::string& id) {
  if (field.is_null()) return std::optional<Date>();
  Result<Date> date = Date::Parse(field.as<std::string>());
  if (!date) return InternalError("stored training date of user " + id + " is not a date");
  return std::optional<Date>(*date);
}

Result<User> ReadUser(const pqxx::row& row) {
  User user{.id = UserId(row[0].as<std::int64_t>()),
            .organization_id = OrganizationId(row[1].as<std::int64_t>()),
            .email = row[2].as<std::string>(),
            .display_name = row[3].as<std::string>(),
            .role = Role::kRoiSpecialist,
            .password_hash = row[5].as<std::string>(),
            .disabled = row[6].as<bool>(),
            .failed_logins = row[7].as<int>(),
            .locked_until_micros = row[8].as<std::int64_t>(),
            .release_authorized = row[9].as<bool>(),
            .version = row[12].as<std::int64_t>()};
  std::string id = std::to_string(user.id.value);
  Result<Role> role = ParseRole(row[4].as<std::string>());
  if (!role) return InternalError("stored role of user " + id + " is not a role");
  user.role = *role;
  Result<std::optional<Date>> attested = ReadDate(row[10], id);
  if (!attested) return attested.error();
  Result<std::optional<Date>> expires = ReadDate(row[11], id);
  if (!expires) return expires.error();
  user.training_attested_on = *attested;
  user.training_expires_on = *expires;
  return user;
}

std::optional<std::string> OptionalDate(const std::optional<Date>& date) {
  if (!date) return std::nullopt;
  return date->ToString();
}

Error EmailTaken(OrganizationId organization) {
  return AlreadyExistsError("email is already in use in organization " +
                            std::to_string(organization.value));
}

Error NoSession(OrganizationId organization) {
  return NotFoundError("no such session in organization " + std::to_string(organization.value));
}

}  // namespace

Result<User> PgUserRepository::Insert(const User& user) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  User stored = user;
  stored.email = NormalizeEmail(user.email);
  if (Status valid = ValidateUser(stored); !valid) return valid.error();
  return context_.Run("insert user", [&]() -> Result<User> {
    pqxx::result inserted = context_.Transaction().exec_prepared(
        "user_insert", organization_.value, stored.email, stored.display_name,
        std::string(RoleName(stored.role)), stored.password_hash, stored.disabled,
        stored.failed_logins, stored.locked_until_micros, stored.release_authorized,
        OptionalDate(stored.training_attested_on), OptionalDate(stored.training_expires_on));
    if (inserted.empty()) return EmailTaken(organization_);
    stored.id = UserId(inserted[0][0].as<std::int64_t>());
    stored.organization_id = organization_;
    stored.version = 1;
    return stored;
  });
}

Result<User> PgUserRepository::Find(UserId id) {
  return context_.Run("find user", [&]() -> Result<User> {
    pqxx::result rows =
        context_.Transaction().exec_prepared("user_find", organization_.value, id.value);
    if (rows.empty()) return NotFoundError("user " + std::to_string(id.value) + " not found");
    return ReadUser(rows[0]);
  });
}

Result<User> PgUserRepository::FindByEmail(std::string_view email) {
  return context_.Run("find user by email", [&]() -> Result<User> {
    pqxx::result rows = context_.Transaction().exec_prepared("user_find_email", organization_.value,
                                                             NormalizeEmail(email));
    if (rows.empty()) {
      return NotFoundError("no user has this email in organization " +
                           std::to_string(organization_.value));
    }
    return ReadUser(rows[0]);
  });
}

Result<std::vector<User>> PgUserRepository::List() {
  return context_.Run("list users", [&]() -> Result<std::vector<User>> {
    pqxx::result rows = context_.Transaction().exec_prepared("user_list", organization_.value);
    std::vector<User> users;
    for (const pqxx::row& row : rows) {
      Result<User> user = ReadUser(row);
      if (!user) return user.error();
      users.push_back(std::move(*user));
    }
    return users;
  });
}

Result<User> PgUserRepository::Update(const User& user) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  User stored = user;
  stored.email = NormalizeEmail(user.email);
  if (Status valid = ValidateUser(stored); !valid) return valid.error();
  return context_.Run("update user", [&]() { return UpdateRow(stored); });
}

Result<User> PgUserRepository::UpdateRow(const User& user) {
  pqxx::result updated;
  try {
    // A savepoint, so that a taken email leaves the transaction usable.
    pqxx::subtransaction savepoint(context_.Transaction(), "update_user");
    updated = savepoint.exec_prepared(
        "user_update", organization_.value, user.id.value, user.email, user.display_name,
        std::string(RoleName(user.role)), user.password_hash, user.disabled, user.failed_logins,
        user.locked_until_micros, user.release_authorized, OptionalDate(user.training_attested_on),
        OptionalDate(user.training_expires_on), user.version);
    savepoint.commit();
  } catch (const pqxx::unique_violation&) {
    return EmailTaken(organization_);
  }
  if (updated.affected_rows() == 0) {
    pqxx::result current =
        context_.Transaction().exec_prepared("user_find", organization_.value, user.id.value);
    std::string id = std::to_string(user.id.value);
    if (current.empty()) return NotFoundError("user " + id + " not found");
    return AbortedError("user " + id + " was changed concurrently (stale version)");
  }
  User stored = user;
  stored.organization_id = organization_;
  stored.version = user.version + 1;
  return stored;
}

Result<Session> PgSessionRepository::Insert(const Session& session) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateSession(session); !valid) return valid.error();
  return context_.Run("insert session", [&]() -> Result<Session> {
    pqxx::dbtransaction& tx = context_.Transaction();
    if (tx.exec_prepared("user_find", organization_.value, session.user_id.value).empty()) {
      return NotFoundError("user " + std::to_string(session.user_id.value) + " not found");
    }
    pqxx::result inserted =
        tx.exec_prepared("session_insert", organization_.value, session.token_hash,
                         session.user_id.value, session.csrf_token, session.created_micros,
                         session.expires_micros, session.last_seen_micros);
    if (inserted.affected_rows() == 0) {
      return AlreadyExistsError("session token hash is already in use");
    }
    Session stored = session;
    stored.organization_id = organization_;
    return stored;
  });
}

Result<Session> PgSessionRepository::FindByTokenHash(std::string_view token_hash) {
  return context_.Run("find session", [&]() -> Result<Session> {
    pqxx::result rows = context_.Transaction().exec_prepared("session_find", organization_.value,
                                                             std::string(token_hash));
    if (rows.empty()) return NoSession(organization_);
    const pqxx::row& row = rows[0];
    return Session{.token_hash = row[0].as<std::string>(),
                   .user_id = UserId(row[1].as<std::int64_t>()),
                   .organization_id = OrganizationId(row[2].as<std::int64_t>()),
                   .csrf_token = row[3].as<std::string>(),
                   .created_micros = row[4].as<std::int64_t>(),
                   .expires_micros = row[5].as<std::int64_t>(),
                   .last_seen_micros = row[6].as<std::int64_t>()};
  });
}

Status PgSessionRepository::Touch(std::string_view token_hash, std::int64_t last_seen_micros) {
  if (Status writable = context_.RequireWrite(); !writable) return writable;
  return context_.Run("touch session", [&]() -> Status {
    pqxx::result updated = context_.Transaction().exec_prepared(
        "session_touch", organization_.value, std::string(token_hash), last_seen_micros);
    if (updated.affected_rows() == 0) return NoSession(organization_);
    return OkStatus();
  });
}

Status PgSessionRepository::Delete(std::string_view token_hash) {
  if (Status writable = context_.RequireWrite(); !writable) return writable;
  return context_.Run("delete session", [&]() -> Status {
    context_.Transaction().exec_prepared("session_delete", organization_.value,
                                         std::string(token_hash));
    return OkStatus();
  });
}

Result<std::int64_t> PgSessionRepository::DeleteForUser(UserId user) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  return context_.Run("delete user sessions", [&]() -> Result<std::int64_t> {
    pqxx::result deleted = context_.Transaction().exec_prepared("session_delete_user",
                                                                organization_.value, user.value);
    return static_cast<std::int64_t>(deleted.affected_rows());
  });
}

}  // namespace roi::postgres
