// PacketKeyring: the organization's Ed25519 packet signing key (issue 5: "signed with the
// organization's Ed25519 key").  The key is made on first use, its seed sealed under the
// organization's data key (SecretBox, purpose "packet signing key <public key>") and stored in
// PacketKeyRepository; Rotate adds the next version, which signs from then on, while the older
// public keys stay listed so packets they signed still verify.  Key making is a port
// (PacketKeyMaker) with a libsodium adapter in src/crypto.  See docs/security.md.
#pragma once

#include <memory>
#include <optional>
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

  // The transaction's organization's current key with its signer, or nullopt when it has none
  // (nothing is made).  Returns DataLoss if the stored secret does not open or does not match its
  // public key, the SecretBox's errors (MasterKeyMismatch) and the store's.
  Result<std::optional<OrganizationSigner>> Existing(Transaction& tx) const;
  // The transaction's organization's current key with its signer; when it has none, version 1 is
  // made and stored (so `tx` must be a write transaction then).  When another transaction (another
  // server) stores version 1 at the same time, the key it stored is read and used: both succeed
  // with the same key.  Errors as Existing.
  Result<OrganizationSigner> Current(Transaction& tx) const;
  // Makes and stores the organization's next key version, which signs from then on; older keys
  // stay.  Returns the new key; errors as Current, AlreadyExists when another rotation stored the
  // same version at the same time.
  Result<PacketSigningKey> Rotate(Transaction& tx) const;
  // Every key of the organization by version (public keys; the sealed secrets stay sealed).
  Result<std::vector<PacketSigningKey>> List(Transaction& tx) const;

 private:
  // Makes a key and stores it as `version` (0: the next one).
  Result<OrganizationSigner> Make(Transaction& tx, int version) const;
  Result<OrganizationSigner> Open(Transaction& tx, PacketSigningKey key) const;

  const SecretBox& box_;
  const PacketKeyMaker& maker_;
  const Clock& clock_;
};

// The SecretBox purpose a key's seed is sealed for.
std::string PacketKeyPurpose(std::string_view public_key);

// Which key signs a packet of the transaction's organization (docs/security.md, "Packet signing
// keys"): its own current key when it has one; else the deployment-wide key when one is
// configured; else, with a keyring, its own key made now (the first use).  Move-only value:
// exactly one of `own` and `deployment` is set.
struct PacketSignerChoice {
  std::optional<OrganizationSigner> own;
  const AuditSigner* deployment = nullptr;
  const AuditSigner& Signer() const { return own ? *own->signer : *deployment; }
};
// Returns FailedPrecondition when both `deployment` and `keyring` are null, and the keyring's
// errors.  Makes a key (so `tx` must be a write transaction) only in the last case.
Result<PacketSignerChoice> ChoosePacketSigner(Transaction& tx, const AuditSigner* deployment,
                                              const PacketKeyring* keyring);

// Rotates the transaction's organization's key (PacketKeyring::Rotate) and records who did it in
// the same transaction: an audit event (action create, entity "packet_signing_key" with the new
// version, actor `actor_label`, e.g. "command line (os user alice)", detail with the public key).
// Errors as Rotate and the audit trail's.
Result<PacketSigningKey> RotatePacketKey(Transaction& tx, const PacketKeyring& keyring,
                                         const AuditTrail& audit, std::string_view actor_label);

}  // namespace roi
