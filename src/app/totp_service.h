// TotpService: the optional second factor.  A user enrols (gets a new secret as base32 and an
// otpauth:// URI), confirms with a code, and from then on signs in with a code too (AuthService
// asks this service).  The secret is stored sealed under the organization's data key
// (app/secret_box.h) and never returned once confirmed; a secret stored in the clear by an older
// version is sealed the first time its code is accepted.
// A user may turn it off with a current code; an administrator may turn off anyone's in the
// organization (e.g. a lost phone).
#pragma once

#include <string>
#include <string_view>

#include "app/api_token.h"
#include "app/auth_service.h"
#include "app/clock.h"
#include "app/credentials.h"
#include "app/secret_box.h"
#include "app/store.h"

namespace roi {

// Value type: what enrolment shows the user, once.
struct TotpEnrolment {
  std::string secret_base32;
  std::string uri;  // otpauth://totp/...
};

// Thread-safe.  `store`, `clock` and `otp` must outlive it.
class TotpService {
 public:
  // `secrets` seals the secrets at rest; without it enrolment and sealed secrets are refused
  // (FailedPrecondition naming the missing master key).  With `audit`, enrolment, confirmation
  // and turning off record permission_change events.  Both must outlive the service.
  TotpService(Store& store, const Clock& clock, const OtpPrimitives& otp, std::string issuer,
              const SecretBox* secrets = nullptr, const AuditTrail* audit = nullptr)
      : store_(store),
        clock_(clock),
        otp_(otp),
        issuer_(std::move(issuer)),
        secrets_(secrets),
        audit_(audit) {}

  // Starts (or restarts) enrolment for the caller with a new 20-byte secret.  Returns
  // FailedPrecondition when a confirmed second factor exists (turn it off first),
  // PermissionDenied for an API token caller.
  Result<TotpEnrolment> Enrol(const Principal& caller);
  // Turns the enrolment on when `code` is right.  Returns Unauthenticated with detail
  // totp_invalid for a wrong code, FailedPrecondition when not enrolling.
  Status Confirm(const Principal& caller, std::string_view code);
  // Turns off the second factor of `user`: the caller's own with a right `code`, or (callers who
  // may manage users) anyone's in the organization without one.  NotFound for an unknown user or
  // one without a second factor; Unauthenticated (totp_invalid) for a wrong code.
  Status Disable(const Principal& caller, UserId user, std::string_view code);

  // For AuthService, inside its sign-in transaction: OK when `user` has no confirmed second
  // factor or `code` is right (and then records its step so it cannot be replayed).  Returns
  // Unauthenticated with detail totp_required when a code is needed and `code` is empty, and
  // Unauthenticated with detail totp_invalid when it is wrong; other errors are storage errors.
  Status Check(Transaction& tx, UserId user, std::string_view code);

 private:
  // Verifies `code` for `factor` and stores its step.  Unauthenticated (totp_invalid) if wrong.
  Status Accept(Transaction& tx, SecondFactor factor, std::string_view code);
  // The base32 secret of `factor`, opened when sealed.
  Result<std::string> SecretOf(Transaction& tx, const SecondFactor& factor) const;
  // Records a permission_change about `user`'s second factor by `caller`, when auditing.
  Status RecordChange(Transaction& tx, const Principal& caller, UserId user,
                      std::string_view detail) const;

  Store& store_;
  const Clock& clock_;
  const OtpPrimitives& otp_;
  std::string issuer_;
  const SecretBox* secrets_;
  const AuditTrail* audit_;
};

// The error for a second-factor secret that cannot be sealed or opened because no master key is
// configured: FailedPrecondition naming OPENROI_MASTER_KEY_FILE.
Error SecondFactorKeyMissingError();

// The Unauthenticated errors of the second factor (details: path "totp_code", message the reason).
Error TotpRequiredError();
Error TotpInvalidError();
// True iff `error` is one of the two above with reason `reason` ("totp_required"/"totp_invalid").
bool IsTotpError(const Error& error, std::string_view reason);

}  // namespace roi
