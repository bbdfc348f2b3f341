// TOTP (RFC 6238) over HOTP (RFC 4226): HMAC-SHA-1, 6 digits, 30-second steps, accepted one step
// either side of now, and never the same step twice.  Pure functions over the OtpPrimitives port.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "app/credentials.h"
#include "base/result.h"

namespace roi {

inline constexpr std::int64_t kTotpStepSeconds = 30;
inline constexpr int kTotpDigits = 6;

// RFC 4648 base32 without padding (what authenticator apps expect in otpauth:// URIs).
std::string Base32Encode(std::string_view bytes);
// Accepts upper or lower case, ignores spaces and '=' padding.  InvalidArgument otherwise.
Result<std::string> Base32Decode(std::string_view text);

// The HOTP code of `counter` under `key`, zero-padded to `digits` (6..8).
std::string HotpCode(const OtpPrimitives& otp, std::string_view key, std::int64_t counter,
                     int digits = kTotpDigits);

// The 30-second step containing `unix_micros`.
std::int64_t TotpStep(std::int64_t unix_micros);

// The step whose code `code` is, among now-1, now and now+1 and later than `last_step`; nullopt
// when none matches (wrong, stale, replayed or malformed code).  Compares in constant time.
std::optional<std::int64_t> MatchTotp(const OtpPrimitives& otp, std::string_view key,
                                      std::string_view code, std::int64_t now_micros,
                                      std::int64_t last_step);

// "otpauth://totp/<issuer>:<account>?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30",
// with issuer and account percent-encoded.
std::string TotpUri(std::string_view issuer, std::string_view account,
                    std::string_view secret_base32);

}  // namespace roi
