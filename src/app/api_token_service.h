// ApiTokenService: API tokens for systems that call OpenROI as one of its users.  A token is
// "oroi_<organization id>_<random>", shown once at creation; only its digest is stored.  A token
// carries scopes (permissions) that never exceed its user's role, checked at creation and again
// at every use, and it always expires (at most kMaxLifetimeDays after creation).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/api_token.h"
#include "app/audit_trail.h"
#include "app/auth_service.h"
#include "app/clock.h"
#include "app/credentials.h"
#include "app/store.h"

namespace roi {

// Value type: what the caller asks for.
struct NewApiToken {
  std::string name;
  std::vector<Permission> scopes;  // Any order; duplicates are merged.
  int expires_in_days = 0;         // 1..ApiTokenService::kMaxLifetimeDays.
};

// Value type: a token just created.  `secret` is the bearer token itself: show it once.
struct CreatedApiToken {
  ApiToken token;
  std::string secret;
};

// Thread-safe.  `store`, `clock` and `tokens` must outlive it.
class ApiTokenService {
 public:
  static constexpr int kMaxLifetimeDays = 366;
  static constexpr std::string_view kPrefix = "oroi_";

  // With `audit`, creating and revoking a token records a permission_change event in the same
  // transaction (`audit` must outlive the service).
  ApiTokenService(Store& store, const Clock& clock, const TokenSource& tokens,
                  const AuditTrail* audit = nullptr)
      : store_(store), clock_(clock), tokens_(tokens), audit_(audit) {}

  // Creates a token for the caller.  Returns InvalidArgument for a bad name, no scopes or an
  // expiry outside 1..kMaxLifetimeDays; PermissionDenied when a scope is not in the caller's role
  // or the caller is itself signed in with an API token (tokens cannot mint tokens).
  Result<CreatedApiToken> Create(const Principal& caller, const NewApiToken& request);
  // The caller's own tokens (revoked and expired included), by id.
  Result<std::vector<ApiToken>> ListOwn(const Principal& caller);
  // Revokes token `id`: the caller's own, or any of the organization's when the caller may manage
  // users.  Returns NotFound for any other token (another user's or another organization's).
  Status Revoke(const Principal& caller, ApiTokenId id);
  // For the operator's command line: creates a token for the user with `email` in the
  // organization with slug `organization`, as if they had asked.  NotFound for an unknown
  // organization or email; otherwise as Create.
  Result<CreatedApiToken> CreateFor(std::string_view organization, std::string_view email,
                                    const NewApiToken& request);
  // For the operator's command line: revokes any token of the organization.  NotFound for an
  // unknown organization or token.
  Status RevokeAny(std::string_view organization, ApiTokenId id);
  // The principal of a bearer token, whose last-used time it records.  Returns Unauthenticated
  // for a malformed, unknown, expired or revoked token or a disabled user.
  Result<Principal> Authenticate(std::string_view token);

 private:
  Store& store_;
  const Clock& clock_;
  const TokenSource& tokens_;
  const AuditTrail* audit_;
  // Records a permission_change about token `id` by `actor`, when auditing.
  Status RecordChange(Transaction& tx, const AuditActor& actor, ApiTokenId id,
                      std::string_view detail) const;
};

}  // namespace roi
