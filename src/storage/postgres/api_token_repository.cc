// PostgreSQL ApiTokenRepository and SecondFactorRepository: every statement passes the bound
// organization as $1.  Parameterized statements (exec_params) rather than the prepared-statement
// table: these run once per API call at most.
#include <string>

#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

#define ROI_TOKEN_SELECT                                                              \
  "SELECT id, organization_id, user_id, name, secret_digest, scopes, created_micros," \
  " expires_micros, last_used_micros, revoked_micros FROM api_tokens WHERE organization_id = $1"

Error NoToken(ApiTokenId id) {
  return NotFoundError("API token " + std::to_string(id.value) + " not found");
}

Result<ApiToken> ReadToken(const pqxx::row& row) {
  Result<std::vector<Permission>> scopes = SplitScopes(row[5].as<std::string>());
  if (!scopes) return InternalError("stored scopes of an API token are not permissions");
  return ApiToken{.id = ApiTokenId(row[0].as<std::int64_t>()),
                  .organization_id = OrganizationId(row[1].as<std::int64_t>()),
                  .user_id = UserId(row[2].as<std::int64_t>()),
                  .name = row[3].as<std::string>(),
                  .secret_digest = row[4].as<std::string>(),
                  .scopes = std::move(*scopes),
                  .created_micros = row[6].as<std::int64_t>(),
                  .expires_micros = row[7].as<std::int64_t>(),
                  .last_used_micros = row[8].as<std::int64_t>(),
                  .revoked_micros = row[9].as<std::int64_t>()};
}

bool UserExists(pqxx::dbtransaction& tx, OrganizationId organization, UserId user) {
  return !tx.exec_params("SELECT 1 FROM users WHERE organization_id = $1 AND id = $2",
                         organization.value, user.value)
              .empty();
}

Error NoUser(UserId user) {
  return NotFoundError("user " + std::to_string(user.value) + " not found");
}

}  // namespace

Result<ApiToken> PgApiTokenRepository::Insert(const ApiToken& token) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateApiToken(token); !valid) return valid.error();
  return context_.Run("insert API token", [&]() -> Result<ApiToken> {
    pqxx::dbtransaction& tx = context_.Transaction();
    if (!UserExists(tx, organization_, token.user_id)) return NoUser(token.user_id);
    pqxx::result inserted = tx.exec_params(
        "INSERT INTO api_tokens (organization_id, user_id, name, secret_digest, scopes,"
        " created_micros, expires_micros, last_used_micros, revoked_micros)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING id",
        organization_.value, token.user_id.value, token.name, token.secret_digest,
        JoinScopes(token.scopes), token.created_micros, token.expires_micros,
        token.last_used_micros, token.revoked_micros);
    if (inserted.empty()) return AlreadyExistsError("API token digest is already in use");
    ApiToken stored = token;
    stored.id = ApiTokenId(inserted[0][0].as<std::int64_t>());
    stored.organization_id = organization_;
    return stored;
  });
}

Result<ApiToken> PgApiTokenRepository::Find(ApiTokenId id) {
  return context_.Run("find API token", [&]() -> Result<ApiToken> {
    pqxx::result rows = context_.Transaction().exec_params(ROI_TOKEN_SELECT " AND id = $2",
                                                           organization_.value, id.value);
    if (rows.empty()) return NoToken(id);
    return ReadToken(rows[0]);
  });
}

Result<ApiToken> PgApiTokenRepository::FindByDigest(std::string_view secret_digest) {
  return context_.Run("find API token by digest", [&]() -> Result<ApiToken> {
    pqxx::result rows =
        context_.Transaction().exec_params(ROI_TOKEN_SELECT " AND secret_digest = $2",
                                           organization_.value, std::string(secret_digest));
    if (rows.empty()) {
      return NotFoundError("no such API token in organization " +
                           std::to_string(organization_.value));
    }
    return ReadToken(rows[0]);
  });
}

Result<std::vector<ApiToken>> PgApiTokenRepository::ListForUser(UserId user) {
  return context_.Run("list API tokens", [&]() -> Result<std::vector<ApiToken>> {
    pqxx::result rows = context_.Transaction().exec_params(
        ROI_TOKEN_SELECT " AND user_id = $2 ORDER BY id", organization_.value, user.value);
    std::vector<ApiToken> tokens;
    for (const pqxx::row& row : rows) {
      Result<ApiToken> token = ReadToken(row);
      if (!token) return token.error();
      tokens.push_back(std::move(*token));
    }
    return tokens;
  });
}

Status PgApiTokenRepository::Touch(ApiTokenId id, std::int64_t last_used_micros) {
  if (Status writable = context_.RequireWrite(); !writable) return writable;
  return context_.Run("touch API token", [&]() -> Status {
    pqxx::result updated = context_.Transaction().exec_params(
        "UPDATE api_tokens SET last_used_micros = $3 WHERE organization_id = $1 AND id = $2",
        organization_.value, id.value, last_used_micros);
    if (updated.affected_rows() == 0) return NoToken(id);
    return OkStatus();
  });
}

Status PgApiTokenRepository::Revoke(ApiTokenId id, std::int64_t revoked_micros) {
  if (Status writable = context_.RequireWrite(); !writable) return writable;
  return context_.Run("revoke API token", [&]() -> Status {
    pqxx::dbtransaction& tx = context_.Transaction();
    if (tx.exec_params("SELECT 1 FROM api_tokens WHERE organization_id = $1 AND id = $2",
                       organization_.value, id.value)
            .empty()) {
      return NoToken(id);
    }
    tx.exec_params(
        "UPDATE api_tokens SET revoked_micros = $3"
        " WHERE organization_id = $1 AND id = $2 AND revoked_micros = 0",
        organization_.value, id.value, revoked_micros);
    return OkStatus();
  });
}

Result<SecondFactor> PgSecondFactorRepository::Find(UserId user) {
  return context_.Run("find second factor", [&]() -> Result<SecondFactor> {
    pqxx::result rows = context_.Transaction().exec_params(
        "SELECT user_id, organization_id, totp_secret, confirmed, last_step"
        " FROM user_second_factors WHERE organization_id = $1 AND user_id = $2",
        organization_.value, user.value);
    if (rows.empty()) {
      return NotFoundError("user " + std::to_string(user.value) + " has no second factor");
    }
    const pqxx::row& row = rows[0];
    return SecondFactor{.user_id = UserId(row[0].as<std::int64_t>()),
                        .organization_id = OrganizationId(row[1].as<std::int64_t>()),
                        .secret = row[2].as<std::string>(),
                        .confirmed = row[3].as<bool>(),
                        .last_step = row[4].as<std::int64_t>()};
  });
}

Result<SecondFactor> PgSecondFactorRepository::Put(const SecondFactor& factor) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (factor.secret.empty() || !factor.user_id.IsSet()) {
    return InvalidArgumentError("second factor needs a user and a secret");
  }
  return context_.Run("store second factor", [&]() -> Result<SecondFactor> {
    pqxx::dbtransaction& tx = context_.Transaction();
    if (!UserExists(tx, organization_, factor.user_id)) return NoUser(factor.user_id);
    tx.exec_params(
        "INSERT INTO user_second_factors (organization_id, user_id, totp_secret, confirmed,"
        " last_step) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (organization_id, user_id) DO UPDATE"
        " SET totp_secret = excluded.totp_secret, confirmed = excluded.confirmed,"
        " last_step = excluded.last_step",
        organization_.value, factor.user_id.value, factor.secret, factor.confirmed,
        factor.last_step);
    SecondFactor stored = factor;
    stored.organization_id = organization_;
    return stored;
  });
}

Status PgSecondFactorRepository::Delete(UserId user) {
  if (Status writable = context_.RequireWrite(); !writable) return writable;
  return context_.Run("delete second factor", [&]() -> Status {
    context_.Transaction().exec_params(
        "DELETE FROM user_second_factors WHERE organization_id = $1 AND user_id = $2",
        organization_.value, user.value);
    return OkStatus();
  });
}

#undef ROI_TOKEN_SELECT

}  // namespace roi::postgres
