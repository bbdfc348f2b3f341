// The OpenSSL adapter of the OtpPrimitives port (app/credentials.h): HMAC-SHA-1 for TOTP codes
// and random keys.  libsodium has no HMAC-SHA-1, which authenticator apps require.
#pragma once

#include "app/credentials.h"

namespace roi::crypto {

// Thread-safe.  Needs no initialization.
class OpenSslOtpPrimitives final : public OtpPrimitives {
 public:
  Result<std::string> RandomKey(std::size_t bytes) const override;
  std::string HmacSha1(std::string_view key, std::string_view message) const override;
};

}  // namespace roi::crypto
