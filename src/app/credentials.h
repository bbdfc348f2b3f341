// Credential ports: password hashing and random tokens, so that app/ never sees a crypto library.
// Adapters: crypto/credentials.h (libsodium); fakes in tests/testing/fake_credentials.h.
#pragma once

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

}  // namespace roi
