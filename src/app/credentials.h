// Credential ports: password hashing and random tokens, so that app/ never sees a crypto library.
// Adapters: crypto/credentials.h (libsodium); fakes in tests/testing/fake_credentials.h.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.h"

namespace roi {

// Interface.  Implementations must be safe to call from several threads.
class PasswordHasher {
 public:
  virtual ~PasswordHasher() = default;
  // A self-describing hash of `password`.  Returns InvalidArgument for an empty password or one
  // over 1024 bytes.
  virtual Result<std::string> Hash(std::string_view password) const = 0;
  // True iff `password` matches `encoded` (constant time in the password).
  virtual bool Verify(std::string_view password, const std::string& encoded) const = 0;
};

// Interface.  Implementations must be safe to call from several threads.
class TokenSource {
 public:
  virtual ~TokenSource() = default;
  // A new unguessable token (at least 128 bits of randomness), URL- and cookie-safe: letters,
  // digits, '-' and '_' only.
  virtual Result<std::string> NewToken() const = 0;
  // A one-way digest of `token` as lower-case hex: what is stored instead of the token.
  virtual std::string Digest(std::string_view token) const = 0;
};

// Interface: the primitives of one-time codes (RFC 4226/6238).  Implementations must be safe to
// call from several threads.
class OtpPrimitives {
 public:
  virtual ~OtpPrimitives() = default;
  // `bytes` random bytes from a cryptographic source.
  virtual Result<std::string> RandomKey(std::size_t bytes) const = 0;
  // HMAC-SHA-1 of `message` under `key`: 20 raw bytes.  (SHA-1 because authenticator apps use
  // it; HMAC-SHA-1 remains sound as a MAC.)
  virtual std::string HmacSha1(std::string_view key, std::string_view message) const = 0;
};

}  // namespace roi
