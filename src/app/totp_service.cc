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

}  // namespace

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
    Result<SecondFactor> stored =
        tx.SecondFactors().Put({.user_id = caller.user.id, .secret = secret});
    return stored ? OkStatus() : Status(stored.error());
  });
  if (!done) return done.error();
  return TotpEnrolment{.secret_base32 = secret, .uri = TotpUri(issuer_, caller.user.email, secret)};
}

Status TotpService::Accept(Transaction& tx, SecondFactor factor, std::string_view code) {
  Result<std::string> key = Base32Decode(factor.secret);
  if (!key) return InternalError("stored second factor secret is not base32");
  std::optional<std::int64_t> step =
      MatchTotp(otp_, *key, code, clock_.NowMicros(), factor.last_step);
  if (!step) return TotpInvalidError();
  factor.last_step = *step;
  factor.confirmed = true;
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
    return accepted;
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
    return tx.SecondFactors().Delete(user);
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
