// ApiToken and SecondFactor: the credentials a user holds besides a password.  An API token lets
// a system call the API as its user, limited to the token's scopes; only the digest of its secret
// is stored.  A SecondFactor is a user's TOTP (RFC 6238) secret.  Pure values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/permissions.h"
#include "base/ids.h"
#include "base/result.h"

namespace roi {

// Value type.  The token itself ("oroi_<organization id>_<random>") is shown once at creation and
// never stored; `secret_digest` is TokenSource::Digest of it.
struct ApiToken {
  ApiTokenId id;
  OrganizationId organization_id;
  UserId user_id;
  std::string name;           // What the owner calls it, e.g. "nightly export"; 1 to 100 bytes.
  std::string secret_digest;  // Lower-case hex digest of the whole token.
  std::vector<Permission> scopes;  // Sorted, no duplicates; never more than the user's role.
  std::int64_t created_micros = 0;
  std::int64_t expires_micros = 0;    // Dead at or after this; always set.
  std::int64_t last_used_micros = 0;  // 0 = never used.
  std::int64_t revoked_micros = 0;    // 0 = not revoked.

  bool operator==(const ApiToken&) const = default;
};

// Returns InvalidArgument for an empty or over-long name, an empty digest, an unset user, empty or
// unsorted/duplicated scopes, or expiry not after creation.
Status ValidateApiToken(const ApiToken& token);

// The scopes as stored: permission names separated by single spaces, in order.
std::string JoinScopes(const std::vector<Permission>& scopes);
// JoinScopes' inverse.  Returns InvalidArgument for an unknown name.
Result<std::vector<Permission>> SplitScopes(std::string_view joined);

// Value type: a user's TOTP second factor.  `secret` is the shared key (20 random bytes);
// it is shown (base32) only while enrolling and never returned once confirmed.
struct SecondFactor {
  UserId user_id;
  OrganizationId organization_id;
  std::string secret;          // The key, base32 (RFC 4648, no padding).
  bool confirmed = false;      // Sign-in asks for a code only once confirmed.
  std::int64_t last_step = 0;  // The last 30-second step whose code was accepted (no replay).

  bool operator==(const SecondFactor&) const = default;
};

}  // namespace roi
