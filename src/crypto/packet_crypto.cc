#include "crypto/packet_crypto.h"

#include <sodium.h>

#include <array>

namespace roi::crypto {

std::string SodiumPacketHasher::Sha256Hex(std::string_view bytes) const {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

}  // namespace roi::crypto
