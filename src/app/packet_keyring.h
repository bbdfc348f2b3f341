// PacketKeyring: the organization's Ed25519 packet signing key (issue 5: "signed with the
// organization's Ed25519 key").  The key is made on first use, its seed sealed under the
// organization's data key (SecretBox, purpose "packet signing key <public key>") and stored in
// PacketKeyRepository; Rotate adds the next version, which signs from then on, while the older
// public keys stay listed so packets they signed still verify.  Key making is a port
// (PacketKeyMaker) with a libsodium adapter in src/crypto.  See docs/security.md.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/audit_trail.h"
#include "app/clock.h"
#include "app/packet_key_store.h"
#include "app/secret_box.h"
#include "app/store.h"

namespace roi {

// Port: makes Ed25519 keys.  Thread-safe.
class PacketKeyMaker {
 public:
  virtual ~PacketKeyMaker() = default;
  // A new random seed: 64 lower-case hex digits.
  virtual Result<std::string> NewSeedHex() const = 0;
  // The signer of `seed_hex`.  Returns InvalidArgument unless it is 64 hex digits.
  virtual Result<std::unique_ptr<AuditSigner>> SignerOf(std::string_view seed_hex) const = 0;
};

// An organization's key ready to sign.  Move-only value.
struct OrganizationSigner {
  PacketSigningKey key;
  std::unique_ptr<AuditSigner> signer;
};

// Thread-safe if its ports are.  Every reference must outlive it.
class PacketKeyring {
 public:
  PacketKeyring(const SecretBox& box, const PacketKeyMaker& maker, const Clock& clock)
      : box_(box), maker_(maker), clock_(clock) {}

  // The transaction's organization's current key with its signer; when it has none, version 1 is
  // made and stored (so `tx` must be a write transaction then).  Returns DataLoss if the stored
  // secret does not open or does not match its public key, the SecretBox's errors
  // (MasterKeyMismatch) and the store's.
  Result<OrganizationSigner> Current(Transaction& tx) const;
  // Makes and stores the organization's next key version, which signs from then on; older keys
  // stay.  Returns the new key; errors as Current.
  Result<PacketSigningKey> Rotate(Transaction& tx) const;
  // Every key of the organization by version (public keys; the sealed secrets stay sealed).
  Result<std::vector<PacketSigningKey>> List(Transaction& tx) const;

 private:
  Result<OrganizationSigner> Make(Transaction& tx) const;

  const SecretBox& box_;
  const PacketKeyMaker& maker_;
  const Clock& clock_;
};

// The SecretBox purpose a key's seed is sealed for.
std::string PacketKeyPurpose(std::string_view public_key);

}  // namespace roi
