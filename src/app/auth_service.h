// AuthService: sign-in, sessions and sign-out.  A session token is "<organization id>.<random>";
// only its digest is stored, with a CSRF token the client must echo on unsafe requests.
// Failed sign-ins are counted per user and lock the account after kMaxFailedLogins in a row.
// Errors never say whether an email exists (beyond "locked"), and never contain the email.
// Every sign-in (success or failure), lockout and sign-out is recorded in the audit trail in the
// same transaction; a sign-in to an unknown organization has no chain to record into.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/api_token.h"
#include "app/audit_trail.h"
#include "app/clock.h"
#include "app/credentials.h"
#include "app/permissions.h"
#include "app/store.h"
#include "domain/user.h"

namespace roi {

class TotpService;

// Value type: what a sign-in needs.
struct LoginAttempt {
  std::string organization;  // Organization slug.
  std::string email;         // Case-insensitive.
  std::string password;
  std::string remote_address;  // The client, for rate limits kept by the caller.
  std::string totp_code;       // The second factor's current code, when the user has one.
};

// Value type: a successful sign-in.  `session_token` is the bearer secret; show it only to the
// user it belongs to.
struct LoginResult {
  std::string session_token;
  std::string csrf_token;
  User user;
};

// Value type: who is calling, as established by Authenticate (a session) or
// ApiTokenService::Authenticate (a bearer token).
struct Principal {
  User user;
  OrganizationId organization;
  std::string csrf_token;  // The session's; empty for an API token.
  // Set when the caller presented an API token: what it may do is then limited to `scopes`.
  std::optional<ApiTokenId> api_token;
  std::vector<Permission> scopes;  // The token's scopes; ignored without `api_token`.
  std::string remote_address;      // Where the call came from (for the audit trail); "" if local.

  // True iff the caller may use `permission` now: the user's role has it and, for an API token,
  // the token's scopes include it (the intersection of the two).
  bool May(Permission permission) const;
};

// Who `principal` is, for the audit trail: the user, their display name and the call's address.
AuditActor ActorOf(const Principal& principal);

// Thread-safe (each call runs its own transactions).  Holds references: `store`, `clock`,
// `hasher`, `tokens` and `audit` must outlive it.
class AuthService {
 public:
  static constexpr int kMaxFailedLogins = 5;
  static constexpr std::int64_t kLockoutMicros = 15LL * 60 * 1'000'000;
  static constexpr std::int64_t kIdleTimeoutMicros = 30LL * 60 * 1'000'000;
  static constexpr std::int64_t kAbsoluteTimeoutMicros = 12LL * 3600 * 1'000'000;

  AuthService(Store& store, const Clock& clock, const PasswordHasher& hasher,
              const TokenSource& tokens, const AuditTrail& audit)
      : store_(store), clock_(clock), hasher_(hasher), tokens_(tokens), audit_(audit) {}

  // Makes sign-in ask users with a confirmed second factor for their code.  `totp` must outlive
  // this service; call before serving.
  void SetSecondFactor(TotpService* totp) { totp_ = totp; }

  // Signs in and starts a session.  Returns Unauthenticated with the same message for an unknown
  // organization, unknown email, wrong password or disabled account; Unauthenticated saying the
  // account is locked while it is locked; with a second factor, Unauthenticated with detail
  // totp_required (no code sent; not counted as a failure) or totp_invalid (wrong or reused code;
  // counted like a wrong password); Unavailable/Aborted from storage.
  Result<LoginResult> Login(const LoginAttempt& attempt);
  // The principal of a live session, whose last-seen time it refreshes.  Returns Unauthenticated
  // for a malformed, unknown, idle (kIdleTimeoutMicros) or expired (kAbsoluteTimeoutMicros)
  // session, or one whose user is now disabled.
  Result<Principal> Authenticate(std::string_view session_token);
  // Ends the session, recording who signed out from `remote_address`; OK if it was already gone
  // or the token is malformed.
  Status Logout(std::string_view session_token, std::string_view remote_address);

 private:
  Result<OrganizationId> FindOrganization(std::string_view slug);
  // Checks the attempt inside `tx`, setting `outcome` to the session or the sign-in error.  Returns
  // only storage errors, so that a failed attempt's count commits.
  Status AttemptLogin(Transaction& tx, const LoginAttempt& attempt,
                      std::optional<Result<LoginResult>>& outcome);
  Result<LoginResult> StartSession(Transaction& tx, const User& user);
  // Records a sign-in event for `user` (unset for an unknown email).
  Status RecordLogin(Transaction& tx, const LoginAttempt& attempt, const User* user,
                     AuditAction action, AuditOutcome outcome, std::string_view detail);
  // Counts a failed sign-in of `user` (locking it at kMaxFailedLogins), stores it and records
  // the failure (and the lock) in the audit trail with `detail`.
  Status CountFailure(Transaction& tx, const LoginAttempt& attempt, User& user, std::int64_t now,
                      std::string_view detail);
  // Spends the time of one password check, so an unknown email takes as long as a wrong password.
  void BurnPasswordCheck(std::string_view password);

  Store& store_;
  const Clock& clock_;
  const PasswordHasher& hasher_;
  const TokenSource& tokens_;
  const AuditTrail& audit_;
  TotpService* totp_ = nullptr;
  std::once_flag dummy_once_;
  std::string dummy_hash_;
};

}  // namespace roi
