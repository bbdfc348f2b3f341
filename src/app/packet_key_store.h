// The storage port of per-organization packet signing keys: each organization signs its release
// packets' manifests with its own Ed25519 key (app/packet_keyring.h).  A key is never deleted or
// changed: rotation adds the next version, which signs from then on, and every older public key
// stays listed so the packets it signed still verify.  The secret key is stored sealed under the
// organization's data key (app/secret_box.h), never in plaintext.  Reached through an
// organization-bound Transaction (app/store.h).  See docs/security.md "Packet signing keys".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace roi {

// One organization packet signing key.  Value type.
struct PacketSigningKey {
  int version = 0;                  // 1, 2, ... per organization; assigned by storage.
  std::string public_key;           // Ed25519 public key, 64 lower-case hex digits.
  std::string sealed_secret;        // The key's 32-byte seed as hex, sealed (SecretBox).
  std::int64_t created_micros = 0;  // When it was made.
  bool operator==(const PacketSigningKey&) const = default;
};

// Returns InvalidArgument unless the public key is 64 lower-case hex digits, the sealed secret is
// not empty and neither the version nor created_micros is negative.
Status ValidatePacketSigningKey(const PacketSigningKey& key);

// Interface; bound to the transaction's organization.
class PacketKeyRepository {
 public:
  virtual ~PacketKeyRepository() = default;
  // Stores `key` and returns it: as this organization's next version (1 for the first) when its
  // `version` is 0, else as exactly that version.  Returns FailedPrecondition in a read
  // transaction, InvalidArgument if it does not validate, AlreadyExists if this organization has
  // that public key or that version (also when another transaction stored it at the same time;
  // on PostgreSQL the transaction stays usable, so the caller can read the key that won).
  virtual Result<PacketSigningKey> Insert(const PacketSigningKey& key) = 0;
  // The highest version.  Returns NotFound when the organization has no key.
  virtual Result<PacketSigningKey> Current() = 0;
  // Every key of this organization by version.
  virtual Result<std::vector<PacketSigningKey>> List() = 0;
  // Returns NotFound unless this organization has a key with that public key.
  virtual Result<PacketSigningKey> FindByPublicKey(std::string_view public_key) = 0;
};

}  // namespace roi
