// The libsodium adapters of the audit trail's ports (app/audit_trail.h): BLAKE2b-256 chain
// hashes and Ed25519 seals.  A seal key is stored as the 64 hex digits of its 32-byte Ed25519
// seed (one line in a file, or OPENROI_AUDIT_SEAL_KEY).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "app/audit_trail.h"

namespace roi::crypto {

// Thread-safe.  Call crypto::Initialize() once before use.
class SodiumAuditHasher final : public AuditHasher {
 public:
  std::string ChainHash(std::string_view prev_hash, std::string_view canonical) const override;
};

// Thread-safe (immutable after construction).
class Ed25519AuditSigner final : public AuditSigner {
 public:
  // Returns InvalidArgument unless `seed_hex` is 64 hex digits (surrounding whitespace allowed).
  static Result<Ed25519AuditSigner> FromSeedHex(std::string_view seed_hex);

  Ed25519AuditSigner(const Ed25519AuditSigner&) = default;
  Ed25519AuditSigner& operator=(const Ed25519AuditSigner&) = default;
  ~Ed25519AuditSigner() override;

  std::string PublicKeyHex() const override;
  std::string SignHex(std::string_view message) const override;

 private:
  Ed25519AuditSigner() = default;
  std::array<unsigned char, 32> public_key_{};
  std::array<unsigned char, 64> secret_key_{};
};

// Thread-safe.
class Ed25519SignatureChecker final : public AuditSignatureChecker {
 public:
  bool Check(std::string_view public_key_hex, std::string_view message,
             std::string_view signature_hex) const override;
};

// A new random seal key: 64 hex digits.
Result<std::string> NewAuditSealKeyHex();

}  // namespace roi::crypto
