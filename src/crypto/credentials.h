// The libsodium adapters of the credential ports (app/credentials.h): Argon2id password hashes,
// 256-bit random tokens and their BLAKE2b-256 digests.
#pragma once

#include <string>
#include <string_view>

#include "app/credentials.h"

namespace roi::crypto {

// Thread-safe.  Call crypto::Initialize() once before use.
class SodiumPasswordHasher final : public PasswordHasher {
 public:
  Result<std::string> Hash(std::string_view password) const override;
  bool Verify(std::string_view password, const std::string& encoded) const override;
};

// Thread-safe.  Call crypto::Initialize() once before use.
class SodiumTokenSource final : public TokenSource {
 public:
  Result<std::string> NewToken() const override;
  std::string Digest(std::string_view token) const override;
};

}  // namespace roi::crypto
