// SQLite UserRepository: every statement filters by the bound organization.
#include <string>

#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

// Every user query starts here, so none can forget the organization filter.
constexpr std::string_view kSelect =
    "SELECT id, organization_id, email, display_name, role, password_hash, disabled,"
    " failed_logins, locked_until_micros, release_authorized, training_attested_on,"
    " training_expires_on, version FROM users WHERE organization_id = ?1";

Result<std::optional<Date>> ReadDate(const Statement& row, int column, const std::string& id) {
  if (row.IsNull(column)) return std::optional<Date>();
  Result<Date> date = Date::Parse(row.Text(column));
  if (!date) return InternalError("stored training date of user " + id + " is not a date");
  return std::optional<Date>(*date);
}

Result<User> ReadUser(const Statement& row) {
  User user{.id = UserId(row.Int64(0)),
            .organization_id = OrganizationId(row.Int64(1)),
            .email = row.Text(2),
            .display_name = row.Text(3),
            .role = Role::kRoiSpecialist,
            .password_hash = row.Text(5),
            .disabled = row.Int64(6) != 0,
            .failed_logins = static_cast<int>(row.Int64(7)),
            .locked_until_micros = row.Int64(8),
            .release_authorized = row.Int64(9) != 0,
            .version = row.Int64(12)};
  std::string id = std::to_string(user.id.value);
  Result<Role> role = ParseRole(row.Text(4));
  if (!role) return InternalError("stored role of user " + id + " is not a role");
  user.role = *role;
  Result<std::optional<Date>> attested = ReadDate(row, 10, id);
  if (!attested) return attested.error();
  Result<std::optional<Date>> expires = ReadDate(row, 11, id);
  if (!expires) return expires.error();
  user.training_attested_on = *attested;
  user.training_expires_on = *expires;
  return user;
}

Result<User> One(Result<Statement> query, const std::string& missing) {
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) return NotFoundError(missing);
  return ReadUser(*query);
}

Error EmailTaken(const Error& error, OrganizationId organization) {
  if (error.code != ErrorCode::kAlreadyExists) return error;
  return AlreadyExistsError("email is already in use in organization " +
                            std::to_string(organization.value));
}

SqlParam OptionalDate(const std::optional<Date>& date, std::string& storage) {
  if (!date) return nullptr;
  storage = date->ToString();
  return std::string_view(storage);
}

}  // namespace

Result<User> SqliteUserRepository::Insert(const User& user) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  User stored = user;
  stored.email = NormalizeEmail(user.email);
  if (Status valid = ValidateUser(stored); !valid) return valid.error();
  std::string attested;
  std::string expires;
  Result<Statement> insert = connection_.Query(
      "INSERT INTO users (organization_id, email, display_name, role, password_hash, disabled,"
      " failed_logins, locked_until_micros, release_authorized, training_attested_on,"
      " training_expires_on, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1)",
      {organization_.value, stored.email, stored.display_name, RoleName(stored.role),
       stored.password_hash, std::int64_t{stored.disabled}, std::int64_t{stored.failed_logins},
       stored.locked_until_micros, std::int64_t{stored.release_authorized},
       OptionalDate(stored.training_attested_on, attested),
       OptionalDate(stored.training_expires_on, expires)},
      "insert user");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return EmailTaken(done.error(), organization_);
  stored.id = UserId(connection_.LastInsertId());
  stored.organization_id = organization_;
  stored.version = 1;
  return stored;
}

Result<User> SqliteUserRepository::Find(UserId id) {
  static const std::string sql = std::string(kSelect) + " AND id = ?2";
  return One(connection_.Query(sql, {organization_.value, id.value}, "find user"),
             "user " + std::to_string(id.value) + " not found");
}

Result<User> SqliteUserRepository::FindByEmail(std::string_view email) {
  static const std::string sql = std::string(kSelect) + " AND email = ?2";
  std::string normalized = NormalizeEmail(email);
  return One(connection_.Query(sql, {organization_.value, normalized}, "find user by email"),
             "no user has this email in organization " + std::to_string(organization_.value));
}

Result<std::vector<User>> SqliteUserRepository::List() {
  static const std::string sql = std::string(kSelect) + " ORDER BY id";
  Result<Statement> query = connection_.Query(sql, {organization_.value}, "list users");
  if (!query) return query.error();
  std::vector<User> users;
  for (;;) {
    Result<bool> row = query->Step();
    if (!row) return row.error();
    if (!*row) return users;
    Result<User> user = ReadUser(*query);
    if (!user) return user.error();
    users.push_back(std::move(*user));
  }
}

Result<User> SqliteUserRepository::Update(const User& user) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  User stored = user;
  stored.email = NormalizeEmail(user.email);
  if (Status valid = ValidateUser(stored); !valid) return valid.error();
  std::string attested;
  std::string expires;
  Result<Statement> update = connection_.Query(
      "UPDATE users SET email = ?3, display_name = ?4, role = ?5, password_hash = ?6,"
      " disabled = ?7, failed_logins = ?8, locked_until_micros = ?9, release_authorized = ?10,"
      " training_attested_on = ?11, training_expires_on = ?12, version = version + 1"
      " WHERE organization_id = ?1 AND id = ?2 AND version = ?13",
      {organization_.value, stored.id.value, stored.email, stored.display_name,
       RoleName(stored.role), stored.password_hash, std::int64_t{stored.disabled},
       std::int64_t{stored.failed_logins}, stored.locked_until_micros,
       std::int64_t{stored.release_authorized}, OptionalDate(stored.training_attested_on, attested),
       OptionalDate(stored.training_expires_on, expires), stored.version},
      "update user");
  if (!update) return update.error();
  if (Status done = update->Run(); !done) return EmailTaken(done.error(), organization_);
  if (connection_.Changes() == 0) {
    Result<User> current = Find(user.id);
    if (!current) return current.error();
    return AbortedError("user " + std::to_string(user.id.value) +
                        " was changed concurrently (stale version)");
  }
  stored.organization_id = organization_;
  stored.version = user.version + 1;
  return stored;
}

}  // namespace roi::sqlite
