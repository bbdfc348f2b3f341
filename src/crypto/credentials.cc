#include "crypto/credentials.h"

#include "crypto/sodium.h"

namespace roi::crypto {

Result<std::string> SodiumPasswordHasher::Hash(std::string_view password) const {
  return HashPassword(password);
}

bool SodiumPasswordHasher::Verify(std::string_view password, const std::string& encoded) const {
  return VerifyPassword(password, encoded);
}

Result<std::string> SodiumTokenSource::NewToken() const { return RandomToken(32); }

std::string SodiumTokenSource::Digest(std::string_view token) const {
  Result<std::string> digest = Blake2bHex(token, 32);
  return digest ? *digest : std::string();  // 32 is a valid size, so this cannot fail.
}

}  // namespace roi::crypto
