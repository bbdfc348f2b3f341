// SQLite ApiTokenRepository and SecondFactorRepository: every statement filters by the bound
// organization.
#include <string>

#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

constexpr std::string_view kTokenColumns =
    "SELECT id, organization_id, user_id, name, secret_digest, scopes, created_micros,"
    " expires_micros, last_used_micros, revoked_micros FROM api_tokens WHERE organization_id = ?1";

Error NoToken(ApiTokenId id) {
  return NotFoundError("API token " + std::to_string(id.value) + " not found");
}

Result<ApiToken> ReadToken(const Statement& row) {
  Result<std::vector<Permission>> scopes = SplitScopes(row.Text(5));
  if (!scopes) return InternalError("stored scopes of an API token are not permissions");
  return ApiToken{.id = ApiTokenId(row.Int64(0)),
                  .organization_id = OrganizationId(row.Int64(1)),
                  .user_id = UserId(row.Int64(2)),
                  .name = row.Text(3),
                  .secret_digest = row.Text(4),
                  .scopes = std::move(*scopes),
                  .created_micros = row.Int64(6),
                  .expires_micros = row.Int64(7),
                  .last_used_micros = row.Int64(8),
                  .revoked_micros = row.Int64(9)};
}

// NotFound unless `user` is a user of `organization`.
Status RequireUser(Connection& connection, OrganizationId organization, UserId user) {
  Result<Statement> query =
      connection.Query("SELECT 1 FROM users WHERE organization_id = ?1 AND id = ?2",
                       {organization.value, user.value}, "find token user");
  if (!query) return query.error();
  Result<bool> found = query->Step();
  if (!found) return found.error();
  if (!*found) return NotFoundError("user " + std::to_string(user.value) + " not found");
  return OkStatus();
}

}  // namespace

Result<ApiToken> SqliteApiTokenRepository::Insert(const ApiToken& token) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateApiToken(token); !valid) return valid.error();
  if (Status user = RequireUser(connection_, organization_, token.user_id); !user) {
    return user.error();
  }
  std::string scopes = JoinScopes(token.scopes);
  Result<Statement> insert = connection_.Query(
      "INSERT INTO api_tokens (organization_id, user_id, name, secret_digest, scopes,"
      " created_micros, expires_micros, last_used_micros, revoked_micros)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
      {organization_.value, token.user_id.value, token.name, token.secret_digest, scopes,
       token.created_micros, token.expires_micros, token.last_used_micros, token.revoked_micros},
      "insert API token");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) {
    if (done.error().code == ErrorCode::kAlreadyExists) {
      return AlreadyExistsError("API token digest is already in use");
    }
    return done.error();
  }
  ApiToken stored = token;
  stored.id = ApiTokenId(connection_.LastInsertId());
  stored.organization_id = organization_;
  return stored;
}

Result<ApiToken> SqliteApiTokenRepository::Find(ApiTokenId id) {
  Result<Statement> query = connection_.Query(std::string(kTokenColumns) + " AND id = ?2",
                                              {organization_.value, id.value}, "find API token");
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) return NoToken(id);
  return ReadToken(*query);
}

Result<ApiToken> SqliteApiTokenRepository::FindByDigest(std::string_view secret_digest) {
  Result<Statement> query =
      connection_.Query(std::string(kTokenColumns) + " AND secret_digest = ?2",
                        {organization_.value, secret_digest}, "find API token by digest");
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) {
    return NotFoundError("no such API token in organization " +
                         std::to_string(organization_.value));
  }
  return ReadToken(*query);
}

Result<std::vector<ApiToken>> SqliteApiTokenRepository::ListForUser(UserId user) {
  Result<Statement> query =
      connection_.Query(std::string(kTokenColumns) + " AND user_id = ?2 ORDER BY id",
                        {organization_.value, user.value}, "list API tokens");
  if (!query) return query.error();
  std::vector<ApiToken> tokens;
  for (;;) {
    Result<bool> row = query->Step();
    if (!row) return row.error();
    if (!*row) return tokens;
    Result<ApiToken> token = ReadToken(*query);
    if (!token) return token.error();
    tokens.push_back(std::move(*token));
  }
}

Status SqliteApiTokenRepository::Touch(ApiTokenId id, std::int64_t last_used_micros) {
  if (Status writable = RequireWrite(mode_); !writable) return writable;
  Result<Statement> update = connection_.Query(
      "UPDATE api_tokens SET last_used_micros = ?3 WHERE organization_id = ?1 AND id = ?2",
      {organization_.value, id.value, last_used_micros}, "touch API token");
  if (!update) return update.error();
  if (Status done = update->Run(); !done) return done;
  if (connection_.Changes() == 0) return NoToken(id);
  return OkStatus();
}

Status SqliteApiTokenRepository::Revoke(ApiTokenId id, std::int64_t revoked_micros) {
  if (Status writable = RequireWrite(mode_); !writable) return writable;
  Result<ApiToken> token = Find(id);
  if (!token) return token.error();
  if (token->revoked_micros != 0) return OkStatus();
  Result<Statement> update = connection_.Query(
      "UPDATE api_tokens SET revoked_micros = ?3 WHERE organization_id = ?1 AND id = ?2",
      {organization_.value, id.value, revoked_micros}, "revoke API token");
  if (!update) return update.error();
  return update->Run();
}

Result<SecondFactor> SqliteSecondFactorRepository::Find(UserId user) {
  Result<Statement> query = connection_.Query(
      "SELECT user_id, organization_id, totp_secret, confirmed, last_step"
      " FROM user_second_factors WHERE organization_id = ?1 AND user_id = ?2",
      {organization_.value, user.value}, "find second factor");
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) {
    return NotFoundError("user " + std::to_string(user.value) + " has no second factor");
  }
  return SecondFactor{.user_id = UserId(query->Int64(0)),
                      .organization_id = OrganizationId(query->Int64(1)),
                      .secret = query->Text(2),
                      .confirmed = query->Int64(3) != 0,
                      .last_step = query->Int64(4)};
}

Result<SecondFactor> SqliteSecondFactorRepository::Put(const SecondFactor& factor) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (factor.secret.empty() || !factor.user_id.IsSet()) {
    return InvalidArgumentError("second factor needs a user and a secret");
  }
  if (Status user = RequireUser(connection_, organization_, factor.user_id); !user) {
    return user.error();
  }
  Result<Statement> upsert = connection_.Query(
      "INSERT INTO user_second_factors (organization_id, user_id, totp_secret, confirmed,"
      " last_step) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (organization_id, user_id) DO UPDATE"
      " SET totp_secret = excluded.totp_secret, confirmed = excluded.confirmed,"
      " last_step = excluded.last_step",
      {organization_.value, factor.user_id.value, factor.secret,
       std::int64_t{factor.confirmed ? 1 : 0}, factor.last_step},
      "store second factor");
  if (!upsert) return upsert.error();
  if (Status done = upsert->Run(); !done) return done.error();
  SecondFactor stored = factor;
  stored.organization_id = organization_;
  return stored;
}

Status SqliteSecondFactorRepository::Delete(UserId user) {
  if (Status writable = RequireWrite(mode_); !writable) return writable;
  Result<Statement> remove = connection_.Query(
      "DELETE FROM user_second_factors WHERE organization_id = ?1 AND user_id = ?2",
      {organization_.value, user.value}, "delete second factor");
  if (!remove) return remove.error();
  return remove->Run();
}

}  // namespace roi::sqlite
