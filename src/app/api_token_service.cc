#include "app/api_token_service.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <utility>

namespace roi {
namespace {

constexpr std::int64_t kDayMicros = 86'400LL * 1'000'000;

Error BadToken() { return UnauthenticatedError("invalid, expired or revoked API token"); }

// Parses "oroi_<organization id>_<random>"; nullopt when malformed.
std::optional<OrganizationId> TokenOrganization(std::string_view token) {
  if (!token.starts_with(ApiTokenService::kPrefix)) return std::nullopt;
  token.remove_prefix(ApiTokenService::kPrefix.size());
  std::size_t underscore = token.find('_');
  if (underscore == std::string_view::npos || underscore == 0 || underscore + 1 >= token.size()) {
    return std::nullopt;
  }
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + underscore, id);
  if (ec != std::errc() || end != token.data() + underscore || id <= 0) return std::nullopt;
  return OrganizationId(id);
}

Status CheckRequest(const Principal& caller, NewApiToken& request) {
  if (caller.api_token) {
    return PermissionDeniedError("an API token cannot create API tokens; sign in instead");
  }
  if (request.name.empty() || request.name.size() > 100) {
    return InvalidArgumentError("name must be 1 to 100 bytes");
  }
  if (request.scopes.empty())
    return InvalidArgumentError("scopes must name at least one permission");
  if (request.expires_in_days < 1 || request.expires_in_days > ApiTokenService::kMaxLifetimeDays) {
    return InvalidArgumentError("expires_in_days must be 1 to " +
                                std::to_string(ApiTokenService::kMaxLifetimeDays));
  }
  std::sort(request.scopes.begin(), request.scopes.end());
  request.scopes.erase(std::unique(request.scopes.begin(), request.scopes.end()),
                       request.scopes.end());
  for (Permission scope : request.scopes) {
    if (!caller.May(scope)) {
      return PermissionDeniedError("the " + std::string(RoleName(caller.user.role)) +
                                   " role may not " + std::string(PermissionName(scope)) +
                                   ", so no token of yours may");
    }
  }
  return OkStatus();
}

}  // namespace

Status ApiTokenService::RecordChange(Transaction& tx, const AuditActor& actor, ApiTokenId id,
                                     std::string_view detail) const {
  if (audit_ == nullptr) return OkStatus();
  Result<AuditEvent> recorded =
      audit_->Record(tx, {.actor = actor.id,
                          .actor_label = actor.label.empty() ? "command line" : actor.label,
                          .action = AuditAction::kPermissionChange,
                          .patient = {},
                          .entity_kind = "api_token",
                          .entity_id = std::to_string(id.value),
                          .outcome = AuditOutcome::kSuccess,
                          .remote_address = actor.remote_address,
                          .detail = std::string(detail)});
  return recorded ? OkStatus() : Status(recorded.error());
}

Result<CreatedApiToken> ApiTokenService::Create(const Principal& caller,
                                                const NewApiToken& request) {
  NewApiToken checked = request;
  if (Status ok = CheckRequest(caller, checked); !ok) return ok.error();
  Result<std::string> random = tokens_.NewToken();
  if (!random) return random.error();
  std::string secret =
      std::string(kPrefix) + std::to_string(caller.organization.value) + "_" + *random;
  std::int64_t now = clock_.NowMicros();
  ApiToken draft{.user_id = caller.user.id,
                 .name = checked.name,
                 .secret_digest = tokens_.Digest(secret),
                 .scopes = checked.scopes,
                 .created_micros = now,
                 .expires_micros = now + checked.expires_in_days * kDayMicros};
  std::optional<ApiToken> stored;
  Status done = store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<ApiToken> inserted = tx.ApiTokens().Insert(draft);
    if (!inserted) return Status(inserted.error());
    stored = std::move(*inserted);
    std::string scopes;
    for (Permission scope : stored->scopes) {
      scopes += (scopes.empty() ? "" : ",") + std::string(PermissionName(scope));
    }
    return RecordChange(tx, ActorOf(caller), stored->id, "API token created, scopes " + scopes);
  });
  if (!done) return done.error();
  return CreatedApiToken{.token = std::move(*stored), .secret = std::move(secret)};
}

Result<std::vector<ApiToken>> ApiTokenService::ListOwn(const Principal& caller) {
  std::vector<ApiToken> tokens;
  Status done = store_.InTransaction(caller.organization, TxMode::kRead, [&](Transaction& tx) {
    Result<std::vector<ApiToken>> listed = tx.ApiTokens().ListForUser(caller.user.id);
    if (!listed) return Status(listed.error());
    tokens = std::move(*listed);
    return OkStatus();
  });
  if (!done) return done.error();
  return tokens;
}

Status ApiTokenService::Revoke(const Principal& caller, ApiTokenId id) {
  return store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<ApiToken> token = tx.ApiTokens().Find(id);
    if (!token) return Status(token.error());
    if (token->user_id != caller.user.id && !caller.May(Permission::kManageUsers)) {
      return Status(NotFoundError("API token " + std::to_string(id.value) + " not found"));
    }
    if (Status revoked = tx.ApiTokens().Revoke(id, clock_.NowMicros()); !revoked) return revoked;
    return RecordChange(tx, ActorOf(caller), id, "API token revoked");
  });
}

Result<CreatedApiToken> ApiTokenService::CreateFor(std::string_view organization,
                                                   std::string_view email,
                                                   const NewApiToken& request) {
  Result<OrganizationId> id = FindOrganizationId(store_, organization);
  if (!id) return id.error();
  std::optional<User> user;
  Status found = store_.InTransaction(*id, TxMode::kRead, [&](Transaction& tx) {
    Result<User> stored = tx.Users().FindByEmail(email);
    if (!stored) return Status(stored.error());
    user = std::move(*stored);
    return OkStatus();
  });
  if (!found) return found.error();
  if (user->disabled) return FailedPreconditionError("the user is disabled");
  return Create(Principal{.user = std::move(*user), .organization = *id}, request);
}

Status ApiTokenService::RevokeAny(std::string_view organization, ApiTokenId id) {
  Result<OrganizationId> found = FindOrganizationId(store_, organization);
  if (!found) return found.error();
  return store_.InTransaction(*found, TxMode::kWrite, [&](Transaction& tx) {
    if (Status revoked = tx.ApiTokens().Revoke(id, clock_.NowMicros()); !revoked) return revoked;
    return RecordChange(tx, {.id = {}, .label = "command line", .remote_address = ""}, id,
                        "API token revoked");
  });
}

Result<Principal> ApiTokenService::Authenticate(std::string_view token) {
  std::optional<OrganizationId> organization = TokenOrganization(token);
  if (!organization) return BadToken();
  std::string digest = tokens_.Digest(token);
  std::optional<Principal> principal;
  Status done = store_.InTransaction(*organization, TxMode::kWrite, [&](Transaction& tx) {
    std::int64_t now = clock_.NowMicros();
    Result<ApiToken> found = tx.ApiTokens().FindByDigest(digest);
    if (!found) {
      return found.error().code == ErrorCode::kNotFound ? OkStatus() : Status(found.error());
    }
    if (found->revoked_micros != 0 || now >= found->expires_micros) return OkStatus();
    Result<User> user = tx.Users().Find(found->user_id);
    if (!user) {
      return user.error().code == ErrorCode::kNotFound ? OkStatus() : Status(user.error());
    }
    if (user->disabled) return OkStatus();
    if (Status touched = tx.ApiTokens().Touch(found->id, now); !touched) return touched;
    principal = Principal{.user = std::move(*user),
                          .organization = *organization,
                          .csrf_token = {},
                          .api_token = found->id,
                          .scopes = found->scopes};
    return OkStatus();
  });
  if (!done) return done.error().code == ErrorCode::kNotFound ? BadToken() : done.error();
  if (!principal) return BadToken();
  return std::move(*principal);
}

}  // namespace roi
