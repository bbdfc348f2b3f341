// Fakes of the audit trail's crypto ports: a deterministic, non-cryptographic 256-bit hash and a
// "signature" anyone can forge.  They detect accidental and test-made changes, which is all unit
// tests need.  Never use outside tests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "app/audit_trail.h"

namespace roi::testing {

// 32 bytes from four FNV-1a-64 lanes with different offsets (then mixed).
inline std::string FakeDigest(std::string_view a, std::string_view b) {
  std::string out;
  for (std::uint64_t lane = 0; lane < 4; ++lane) {
    std::uint64_t h = 1469598103934665603ULL ^ (lane * 0x9E3779B97F4A7C15ULL);
    for (std::string_view part : {a, b}) {
      for (char c : part) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
      }
      h ^= part.size();
      h *= 1099511628211ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    for (int shift = 56; shift >= 0; shift -= 8)
      out.push_back(static_cast<char>((h >> shift) & 0xFF));
  }
  return out;
}

// Thread-safe.
class FakeAuditHasher final : public AuditHasher {
 public:
  std::string ChainHash(std::string_view prev_hash, std::string_view canonical) const override {
    return FakeDigest(prev_hash, canonical);
  }
};

// Thread-safe.  The "public key" is a digest of `name`; the "signature" is a digest of the key
// and the message, twice (64 bytes).
class FakeAuditSigner final : public AuditSigner {
 public:
  explicit FakeAuditSigner(std::string name = "test-seal-key")
      : public_key_(HexEncode(FakeDigest("key", name))) {}
  std::string PublicKeyHex() const override { return public_key_; }
  std::string SignHex(std::string_view message) const override {
    return Sign(public_key_, message);
  }
  static std::string Sign(std::string_view public_key, std::string_view message) {
    std::string digest = FakeDigest(public_key, message);
    return HexEncode(digest + digest);
  }

 private:
  std::string public_key_;
};

// Thread-safe.
class FakeSignatureChecker final : public AuditSignatureChecker {
 public:
  bool Check(std::string_view public_key_hex, std::string_view message,
             std::string_view signature_hex) const override {
    return signature_hex == FakeAuditSigner::Sign(public_key_hex, message);
  }
};

}  // namespace roi::testing
