#include "app/totp_service.h"

#include <optional>
#include <utility>

#include "app/totp.h"

namespace roi {
namespace {

constexpr std::size_t kSecretBytes = 20;

Error TotpError(std::string message, std::string reason) {
  Error error = UnauthenticatedError(std::move(message));
  error.details.push_back({.path = "totp_code", .message = std::move(reason)});
  return error;
}

// What a user's sealed secret is bound to.
std::string Purpose(UserId user) { return "totp user=" + std::to_string(user.value); }

}  // namespace

Error SecondFactorKeyMissingError() {
  return FailedPreconditionError(
      "second-factor secrets are encrypted at rest and no master key is configured (set "
      "master.key_file / OPENROI_MASTER_KEY_FILE)");
}

Error TotpRequiredError() {
  return TotpError("second factor required: send totp_code", "totp_required");
}

Error TotpInvalidError() { return TotpError("wrong or reused second factor code", "totp_invalid"); }

bool IsTotpError(const Error& error, std::string_view reason) {
  return error.code == ErrorCode::kUnauthenticated && error.details.size() == 1 &&
         error.details[0].path == "totp_code" && error.details[0].message == reason;
}

Result<TotpEnrolment> TotpService::Enrol(const Principal& caller) {
  if (caller.api_token) {
    return PermissionDeniedError("an API token cannot manage the second factor; sign in instead");
  }
  if (secrets_ == nullptr) return SecondFactorKeyMissingError();
  Result<std::string> key = otp_.RandomKey(kSecretBytes);
  if (!key) return key.error();
  std::string secret = Base32Encode(*key);
  Status done = store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<SecondFactor> existing = tx.SecondFactors().Find(caller.user.id);
    if (existing && existing->confirmed) {
      return Status(FailedPreconditionError("the second factor is already on; turn it off first"));
    }
    if (!existing && existing.error().code != ErrorCode::kNotFound) {
      return Status(existing.error());
    }
    Result<std::string> sealed = secrets_->Seal(tx, secret, Purpose(caller.user.id));
    if (!sealed) return Status(sealed.error());
    Result<SecondFactor> stored =
        tx.SecondFactors().Put({.user_id = caller.user.id, .secret = *sealed});
    if (!stored) return Status(stored.error());
    return RecordChange(tx, caller, caller.user.id, "second factor enrolment started");
  });
  if (!done) return done.error();
  return TotpEnrolment{.secret_base32 = secret, .uri = TotpUri(issuer_, caller.user.email, secret)};
}

Result<std::string> TotpService::SecretOf(Transaction& tx, const SecondFactor& factor) const {
  if (!SecretBox::IsSealed(factor.secret)) return factor.secret;  // Stored by an older version.
  if (secrets_ == nullptr) return SecondFactorKeyMissingError();
  return secrets_->Open(tx, factor.secret, Purpose(factor.user_id));
}

Status TotpService::RecordChange(Transaction& tx, const Principal& caller, UserId user,
                                 std::string_view detail) const {
  if (audit_ == nullptr) return OkStatus();
  Result<AuditEvent> recorded = audit_->Record(tx, {.actor = caller.user.id,
                                                    .actor_label = caller.user.display_name,
                                                    .action = AuditAction::kPermissionChange,
                                                    .patient = {},
                                                    .entity_kind = "user",
                                                    .entity_id = std::to_string(user.value),
                                                    .outcome = AuditOutcome::kSuccess,
                                                    .remote_address = caller.remote_address,
                                                    .detail = std::string(detail)});
  return recorded ? OkStatus() : Status(recorded.error());
}

Status TotpService::Accept(Transaction& tx, SecondFactor factor, std::string_view code) {
  Result<std::string> secret = SecretOf(tx, factor);
  if (!secret) return secret.error();
  Result<std::string> key = Base32Decode(*secret);
  if (!key) return InternalError("stored second factor secret is not base32");
  std::optional<std::int64_t> step =
      MatchTotp(otp_, *key, code, clock_.NowMicros(), factor.last_step);
  if (!step) return TotpInvalidError();
  factor.last_step = *step;
  factor.confirmed = true;
  if (!SecretBox::IsSealed(factor.secret) && secrets_ != nullptr) {
    // Migration on first use: a secret stored in the clear is sealed now.
    Result<std::string> sealed = secrets_->Seal(tx, *secret, Purpose(factor.user_id));
    if (!sealed) return sealed.error();
    factor.secret = std::move(*sealed);
  }
  Result<SecondFactor> stored = tx.SecondFactors().Put(factor);
  return stored ? OkStatus() : Status(stored.error());
}

Status TotpService::Confirm(const Principal& caller, std::string_view code) {
  if (caller.api_token) {
    return PermissionDeniedError("an API token cannot manage the second factor; sign in instead");
  }
  // A wrong code must not roll back anything, so the verdict is kept outside the transaction.
  std::optional<Status> verdict;
  Status done = store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<SecondFactor> factor = tx.SecondFactors().Find(caller.user.id);
    if (!factor) {
      if (factor.error().code != ErrorCode::kNotFound) return Status(factor.error());
      verdict = FailedPreconditionError("no second factor enrolment in progress");
      return OkStatus();
    }
    if (factor->confirmed) {
      verdict = FailedPreconditionError("the second factor is already on");
      return OkStatus();
    }
    Status accepted = Accept(tx, *factor, code);
    if (!accepted && IsTotpError(accepted.error(), "totp_invalid")) {
      verdict = accepted;
      return OkStatus();
    }
    if (!accepted) return accepted;
    return RecordChange(tx, caller, caller.user.id, "second factor turned on");
  });
  if (!done) return done;
  return verdict ? *verdict : OkStatus();
}

Status TotpService::Disable(const Principal& caller, UserId user, std::string_view code) {
  bool own = caller.user.id == user;
  if (!own && !caller.May(Permission::kManageUsers)) {
    return NotFoundError("user " + std::to_string(user.value) + " has no second factor");
  }
  if (own && caller.api_token) {
    return PermissionDeniedError("an API token cannot manage the second factor; sign in instead");
  }
  std::optional<Status> verdict;
  Status done = store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<SecondFactor> factor = tx.SecondFactors().Find(user);
    if (!factor) return Status(factor.error());
    if (own && factor->confirmed) {
      Status accepted = Accept(tx, *factor, code);
      if (!accepted) {
        if (!IsTotpError(accepted.error(), "totp_invalid")) return accepted;
        verdict = accepted;
        return OkStatus();
      }
    }
    if (Status deleted = tx.SecondFactors().Delete(user); !deleted) return deleted;
    return RecordChange(
        tx, caller, user,
        own ? "second factor turned off" : "second factor turned off by an administrator");
  });
  if (!done) return done;
  return verdict ? *verdict : OkStatus();
}

Status TotpService::Check(Transaction& tx, UserId user, std::string_view code) {
  Result<SecondFactor> factor = tx.SecondFactors().Find(user);
  if (!factor) {
    return factor.error().code == ErrorCode::kNotFound ? OkStatus() : Status(factor.error());
  }
  if (!factor->confirmed) return OkStatus();
  if (code.empty()) return TotpRequiredError();
  return Accept(tx, *factor, code);
}

}  // namespace roi
