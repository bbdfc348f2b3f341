#include "crypto/packet_crypto.h"

#include <sodium.h>

#include <array>
#include <memory>

#include "crypto/audit_crypto.h"

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

Result<std::string> Ed25519PacketKeyMaker::NewSeedHex() const { return NewAuditSealKeyHex(); }

Result<std::unique_ptr<AuditSigner>> Ed25519PacketKeyMaker::SignerOf(
    std::string_view seed_hex) const {
  Result<Ed25519AuditSigner> signer = Ed25519AuditSigner::FromSeedHex(seed_hex);
  if (!signer) return signer.error();
  return std::unique_ptr<AuditSigner>(std::make_unique<Ed25519AuditSigner>(*signer));
}

}  // namespace roi::crypto
