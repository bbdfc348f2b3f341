#include "app/auth_service.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <utility>

#include "app/totp_service.h"

namespace roi {
namespace {

constexpr std::string_view kBadCredentials = "invalid organization, email or password";

Error BadCredentials() { return UnauthenticatedError(std::string(kBadCredentials)); }
Error BadSession() { return UnauthenticatedError("no valid session; sign in again"); }

// Parses "<organization id>.<random>"; nullopt when malformed.
std::optional<OrganizationId> TokenOrganization(std::string_view token) {
  std::size_t dot = token.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= token.size()) return std::nullopt;
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + dot, id);
  if (ec != std::errc() || end != token.data() + dot || id <= 0) return std::nullopt;
  return OrganizationId(id);
}

}  // namespace

bool Principal::May(Permission permission) const {
  if (!Allows(user.role, permission)) return false;
  if (!api_token) return true;
  return std::find(scopes.begin(), scopes.end(), permission) != scopes.end();
}

void AuthService::BurnPasswordCheck(std::string_view password) {
  std::call_once(dummy_once_, [this] {
    Result<std::string> hash = hasher_.Hash("openroi-timing-equalizer");
    if (hash) dummy_hash_ = *hash;
  });
  (void)hasher_.Verify(password, dummy_hash_);
}

Result<OrganizationId> AuthService::FindOrganization(std::string_view slug) {
  Result<OrganizationId> id = FindOrganizationId(store_, slug);
  if (!id && id.error().code == ErrorCode::kNotFound) return BadCredentials();
  return id;
}

Result<LoginResult> AuthService::StartSession(Transaction& tx, const User& user) {
  std::int64_t now = clock_.NowMicros();
  Result<std::string> random = tokens_.NewToken();
  if (!random) return random.error();
  Result<std::string> csrf = tokens_.NewToken();
  if (!csrf) return csrf.error();
  std::string token = std::to_string(tx.Organization().value) + "." + *random;
  Session session{.token_hash = tokens_.Digest(token),
                  .user_id = user.id,
                  .organization_id = tx.Organization(),
                  .csrf_token = *csrf,
                  .created_micros = now,
                  .expires_micros = now + kAbsoluteTimeoutMicros,
                  .last_seen_micros = now};
  if (Result<Session> stored = tx.Sessions().Insert(session); !stored) return stored.error();
  return LoginResult{.session_token = std::move(token), .csrf_token = *csrf, .user = user};
}

AuditActor ActorOf(const Principal& principal) {
  return AuditActor{.id = principal.user.id,
                    .label = principal.user.display_name,
                    .remote_address = principal.remote_address,
                    .role = principal.user.role};
}

Status AuthService::RecordLogin(Transaction& tx, const LoginAttempt& attempt, const User* user,
                                AuditAction action, AuditOutcome outcome, std::string_view detail) {
  AuditEntry entry{.actor = {},
                   .actor_label = "unknown user",
                   .action = action,
                   .patient = {},
                   .entity_kind = "user",
                   .entity_id = {},
                   .outcome = outcome,
                   .remote_address = attempt.remote_address,
                   .detail = std::string(detail)};
  if (user != nullptr) {
    entry.actor = user->id;
    entry.actor_label = user->display_name;
    entry.entity_id = std::to_string(user->id.value);
  }
  Result<AuditEvent> recorded = audit_.Record(tx, entry);
  return recorded ? OkStatus() : Status(recorded.error());
}

Result<LoginResult> AuthService::Login(const LoginAttempt& attempt) {
  Result<OrganizationId> organization = FindOrganization(attempt.organization);
  if (!organization) {
    BurnPasswordCheck(attempt.password);
    return organization.error();
  }
  // The outcome is kept outside the transaction so that a failed attempt still commits its count.
  std::optional<Result<LoginResult>> outcome;
  Status done = store_.InTransaction(*organization, TxMode::kWrite, [&](Transaction& tx) {
    return AttemptLogin(tx, attempt, outcome);
  });
  if (!done) return done.error();
  return std::move(*outcome);
}

Status AuthService::AttemptLogin(Transaction& tx, const LoginAttempt& attempt,
                                 std::optional<Result<LoginResult>>& outcome) {
  std::int64_t now = clock_.NowMicros();
  Result<User> user = tx.Users().FindByEmail(attempt.email);
  if (!user) {
    if (user.error().code != ErrorCode::kNotFound) return user.error();
    BurnPasswordCheck(attempt.password);
    outcome = BadCredentials();
    return RecordLogin(tx, attempt, nullptr, AuditAction::kLoginFailed, AuditOutcome::kDenied,
                       "unknown email");
  }
  if (user->locked_until_micros > now) {
    outcome = UnauthenticatedError("account is locked after repeated failed sign-ins; try later");
    return RecordLogin(tx, attempt, &*user, AuditAction::kLoginFailed, AuditOutcome::kDenied,
                       "account is locked");
  }
  if (!hasher_.Verify(attempt.password, user->password_hash)) {
    outcome = BadCredentials();
    return CountFailure(tx, attempt, *user, now, "wrong password");
  }
  if (user->disabled) {
    outcome = BadCredentials();
    return RecordLogin(tx, attempt, &*user, AuditAction::kLoginFailed, AuditOutcome::kDenied,
                       "account is disabled");
  }
  if (totp_ != nullptr) {
    Status second = totp_->Check(tx, user->id, attempt.totp_code);
    if (!second) {
      if (IsTotpError(second.error(), "totp_required")) {
        outcome = second.error();
        return OkStatus();
      }
      if (!IsTotpError(second.error(), "totp_invalid")) return second;
      outcome = second.error();
      return CountFailure(tx, attempt, *user, now, "wrong second-factor code");
    }
  }
  if (user->failed_logins != 0 || user->locked_until_micros != 0) {
    user->failed_logins = 0;
    user->locked_until_micros = 0;
    user = tx.Users().Update(*user);
    if (!user) return user.error();
  }
  outcome = StartSession(tx, *user);
  if (!*outcome) return outcome->error();
  return RecordLogin(tx, attempt, &*user, AuditAction::kLogin, AuditOutcome::kSuccess, "");
}

Status AuthService::CountFailure(Transaction& tx, const LoginAttempt& attempt, User& user,
                                 std::int64_t now, std::string_view detail) {
  bool locks = ++user.failed_logins >= kMaxFailedLogins;
  if (locks) {
    user.failed_logins = 0;
    user.locked_until_micros = now + kLockoutMicros;
  }
  Result<User> saved = tx.Users().Update(user);
  if (!saved) return saved.error();
  if (Status recorded =
          RecordLogin(tx, attempt, &user, AuditAction::kLoginFailed, AuditOutcome::kDenied, detail);
      !recorded) {
    return recorded;
  }
  if (!locks) return OkStatus();
  return RecordLogin(tx, attempt, &user, AuditAction::kAccountLocked, AuditOutcome::kSuccess,
                     "locked for 15 minutes after 5 failed sign-ins");
}

Result<Principal> AuthService::Authenticate(std::string_view session_token) {
  std::optional<OrganizationId> organization = TokenOrganization(session_token);
  if (!organization) return BadSession();
  std::string hash = tokens_.Digest(session_token);
  std::optional<Result<Principal>> outcome;
  Status done = store_.InTransaction(*organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
    std::int64_t now = clock_.NowMicros();
    Result<Session> session = tx.Sessions().FindByTokenHash(hash);
    if (!session) {
      if (session.error().code != ErrorCode::kNotFound) return session.error();
      outcome = BadSession();
      return OkStatus();
    }
    Result<User> user = tx.Users().Find(session->user_id);
    bool expired =
        now >= session->expires_micros || now - session->last_seen_micros >= kIdleTimeoutMicros;
    if (expired || !user || user->disabled) {
      outcome = BadSession();
      return tx.Sessions().Delete(hash);
    }
    if (Status touched = tx.Sessions().Touch(hash, now); !touched) return touched;
    outcome =
        Principal{.user = *user, .organization = *organization, .csrf_token = session->csrf_token};
    return OkStatus();
  });
  if (!done) {
    return done.error().code == ErrorCode::kNotFound ? BadSession() : done.error();
  }
  return std::move(*outcome);
}

Status AuthService::Logout(std::string_view session_token, std::string_view remote_address) {
  std::optional<OrganizationId> organization = TokenOrganization(session_token);
  if (!organization) return OkStatus();
  std::string hash = tokens_.Digest(session_token);
  Status done = store_.InTransaction(*organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
    Result<Session> session = tx.Sessions().FindByTokenHash(hash);
    if (!session) {
      return session.error().code == ErrorCode::kNotFound ? OkStatus() : Status(session.error());
    }
    if (Status deleted = tx.Sessions().Delete(hash); !deleted) return deleted;
    Result<User> user = tx.Users().Find(session->user_id);
    if (!user) return user.error();
    Result<AuditEvent> recorded = audit_.Record(tx, {.actor = user->id,
                                                     .actor_label = user->display_name,
                                                     .action = AuditAction::kLogout,
                                                     .patient = {},
                                                     .entity_kind = "user",
                                                     .entity_id = std::to_string(user->id.value),
                                                     .outcome = AuditOutcome::kSuccess,
                                                     .remote_address = std::string(remote_address),
                                                     .detail = {}});
    return recorded ? OkStatus() : Status(recorded.error());
  });
  if (!done && done.error().code == ErrorCode::kNotFound) return OkStatus();
  return done;
}

}  // namespace roi
