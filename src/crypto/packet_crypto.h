// The libsodium adapter of the packet manifest's digest port (app/packet_manifest.h).  Packet
// manifests are signed with an Ed25519 key kept like the audit seal key (crypto/audit_crypto.h:
// 64 hex digits of the seed), so Ed25519AuditSigner and Ed25519SignatureChecker serve packets too.
#pragma once

#include <string>
#include <string_view>

#include "app/packet_keyring.h"
#include "app/packet_manifest.h"

namespace roi::crypto {

// Thread-safe.  Call crypto::Initialize() once before use.
class SodiumPacketHasher final : public PacketHasher {
 public:
  std::string Sha256Hex(std::string_view bytes) const override;
};

// Makes Ed25519 organization packet keys (app/packet_keyring.h) with libsodium; the signers are
// Ed25519AuditSigner.  Thread-safe.  Call crypto::Initialize() once before use.
class Ed25519PacketKeyMaker final : public PacketKeyMaker {
 public:
  Result<std::string> NewSeedHex() const override;
  Result<std::unique_ptr<AuditSigner>> SignerOf(std::string_view seed_hex) const override;
};

}  // namespace roi::crypto
