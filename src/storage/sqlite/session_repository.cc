// SQLite SessionRepository: every statement filters by the bound organization.
#include <string>

#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

Error NoSession(OrganizationId organization) {
  return NotFoundError("no such session in organization " + std::to_string(organization.value));
}

}  // namespace

Result<Session> SqliteSessionRepository::Insert(const Session& session) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateSession(session); !valid) return valid.error();
  Result<Statement> user =
      connection_.Query("SELECT 1 FROM users WHERE organization_id = ?1 AND id = ?2",
                        {organization_.value, session.user_id.value}, "find session user");
  if (!user) return user.error();
  Result<bool> found = user->Step();
  if (!found) return found.error();
  if (!*found) return NotFoundError("user " + std::to_string(session.user_id.value) + " not found");
  Result<Statement> insert = connection_.Query(
      "INSERT INTO sessions (organization_id, token_hash, user_id, csrf_token, created_micros,"
      " expires_micros, last_seen_micros) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
      {organization_.value, session.token_hash, session.user_id.value, session.csrf_token,
       session.created_micros, session.expires_micros, session.last_seen_micros},
      "insert session");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) {
    if (done.error().code == ErrorCode::kAlreadyExists) {
      return AlreadyExistsError("session token hash is already in use");
    }
    return done.error();
  }
  Session stored = session;
  stored.organization_id = organization_;
  return stored;
}

Result<Session> SqliteSessionRepository::FindByTokenHash(std::string_view token_hash) {
  Result<Statement> query = connection_.Query(
      "SELECT token_hash, user_id, organization_id, csrf_token, created_micros, expires_micros,"
      " last_seen_micros FROM sessions WHERE organization_id = ?1 AND token_hash = ?2",
      {organization_.value, token_hash}, "find session");
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) return NoSession(organization_);
  return Session{.token_hash = query->Text(0),
                 .user_id = UserId(query->Int64(1)),
                 .organization_id = OrganizationId(query->Int64(2)),
                 .csrf_token = query->Text(3),
                 .created_micros = query->Int64(4),
                 .expires_micros = query->Int64(5),
                 .last_seen_micros = query->Int64(6)};
}

Status SqliteSessionRepository::Touch(std::string_view token_hash, std::int64_t last_seen_micros) {
  if (Status writable = RequireWrite(mode_); !writable) return writable;
  Result<Statement> update = connection_.Query(
      "UPDATE sessions SET last_seen_micros = ?3 WHERE organization_id = ?1 AND token_hash = ?2",
      {organization_.value, token_hash, last_seen_micros}, "touch session");
  if (!update) return update.error();
  if (Status done = update->Run(); !done) return done;
  if (connection_.Changes() == 0) return NoSession(organization_);
  return OkStatus();
}

Status SqliteSessionRepository::Delete(std::string_view token_hash) {
  if (Status writable = RequireWrite(mode_); !writable) return writable;
  Result<Statement> remove =
      connection_.Query("DELETE FROM sessions WHERE organization_id = ?1 AND token_hash = ?2",
                        {organization_.value, token_hash}, "delete session");
  if (!remove) return remove.error();
  return remove->Run();
}

Result<std::int64_t> SqliteSessionRepository::DeleteForUser(UserId user) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  Result<Statement> remove =
      connection_.Query("DELETE FROM sessions WHERE organization_id = ?1 AND user_id = ?2",
                        {organization_.value, user.value}, "delete user sessions");
  if (!remove) return remove.error();
  if (Status done = remove->Run(); !done) return done.error();
  return std::int64_t{connection_.Changes()};
}

}  // namespace roi::sqlite
