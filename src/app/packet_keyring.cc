#include "app/packet_keyring.h"

#include <algorithm>
#include <utility>

#include "base/error.h"

namespace roi {

Status ValidatePacketSigningKey(const PacketSigningKey& key) {
  bool hex = key.public_key.size() == 64 &&
             std::all_of(key.public_key.begin(), key.public_key.end(),
                         [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
  if (!hex) return InvalidArgumentError("packet signing key: public_key must be 64 hex digits");
  if (key.sealed_secret.empty()) {
    return InvalidArgumentError("packet signing key: sealed_secret is empty");
  }
  if (key.created_micros < 0) {
    return InvalidArgumentError("packet signing key: created_micros is negative");
  }
  if (key.version < 0) return InvalidArgumentError("packet signing key: version is negative");
  return OkStatus();
}

std::string PacketKeyPurpose(std::string_view public_key) {
  return "packet signing key " + std::string(public_key);
}

Result<OrganizationSigner> PacketKeyring::Make(Transaction& tx, int version) const {
  Result<std::string> seed = maker_.NewSeedHex();
  if (!seed) return seed.error();
  Result<std::unique_ptr<AuditSigner>> signer = maker_.SignerOf(*seed);
  if (!signer) return signer.error();
  const std::string public_key = (*signer)->PublicKeyHex();
  Result<std::string> sealed = box_.Seal(tx, *seed, PacketKeyPurpose(public_key));
  if (!sealed) return sealed.error();
  Result<PacketSigningKey> stored =
      tx.PacketKeys().Insert(PacketSigningKey{.version = version,
                                              .public_key = public_key,
                                              .sealed_secret = *sealed,
                                              .created_micros = clock_.NowMicros()});
  if (!stored) return stored.error();
  return OrganizationSigner{.key = std::move(*stored), .signer = std::move(*signer)};
}

Result<OrganizationSigner> PacketKeyring::Open(Transaction& tx, PacketSigningKey key) const {
  Result<std::string> seed = box_.Open(tx, key.sealed_secret, PacketKeyPurpose(key.public_key));
  if (!seed) return seed.error();
  Result<std::unique_ptr<AuditSigner>> signer = maker_.SignerOf(*seed);
  if (!signer) {
    return DataLossError("packet signing key version " + std::to_string(key.version) +
                         ": the stored secret is not a key");
  }
  if ((*signer)->PublicKeyHex() != key.public_key) {
    return DataLossError("packet signing key version " + std::to_string(key.version) +
                         ": the stored secret does not match its public key");
  }
  return OrganizationSigner{.key = std::move(key), .signer = std::move(*signer)};
}

Result<std::optional<OrganizationSigner>> PacketKeyring::Existing(Transaction& tx) const {
  Result<PacketSigningKey> current = tx.PacketKeys().Current();
  if (!current) {
    if (current.error().code != ErrorCode::kNotFound) return current.error();
    return std::optional<OrganizationSigner>();
  }
  Result<OrganizationSigner> opened = Open(tx, std::move(*current));
  if (!opened) return opened.error();
  return std::optional<OrganizationSigner>(std::move(*opened));
}

Result<OrganizationSigner> PacketKeyring::Current(Transaction& tx) const {
  Result<std::optional<OrganizationSigner>> existing = Existing(tx);
  if (!existing) return existing.error();
  if (*existing) return std::move(**existing);
  // Exactly version 1: if another server made the first key meanwhile, this insert collides with
  // it instead of quietly adding a second version.
  Result<OrganizationSigner> made = Make(tx, 1);
  if (made || made.error().code != ErrorCode::kAlreadyExists) return made;
  // The other server won: sign with its key.
  Result<std::optional<OrganizationSigner>> winner = Existing(tx);
  if (!winner) return winner.error();
  if (!*winner) return made.error();
  return std::move(**winner);
}

Result<PacketSigningKey> PacketKeyring::Rotate(Transaction& tx) const {
  Result<OrganizationSigner> made = Make(tx, 0);
  if (!made) return made.error();
  return std::move(made->key);
}

Result<std::vector<PacketSigningKey>> PacketKeyring::List(Transaction& tx) const {
  return tx.PacketKeys().List();
}

Result<PacketSignerChoice> ChoosePacketSigner(Transaction& tx, const AuditSigner* deployment,
                                              const PacketKeyring* keyring) {
  if (deployment == nullptr && keyring == nullptr) {
    return FailedPreconditionError("no packet signing key is configured");
  }
  PacketSignerChoice choice;
  if (keyring != nullptr) {
    Result<std::optional<OrganizationSigner>> existing = keyring->Existing(tx);
    if (!existing) return existing.error();
    choice.own = std::move(*existing);
    if (choice.own) return choice;
  }
  if (deployment != nullptr) {
    choice.deployment = deployment;
    return choice;
  }
  Result<OrganizationSigner> made = keyring->Current(tx);
  if (!made) return made.error();
  choice.own = std::move(*made);
  return choice;
}

Result<PacketSigningKey> RotatePacketKey(Transaction& tx, const PacketKeyring& keyring,
                                         const AuditTrail& audit, std::string_view actor_label) {
  Result<PacketSigningKey> made = keyring.Rotate(tx);
  if (!made) return made.error();
  Result<AuditEvent> audited = audit.Record(
      tx, AuditEntry{.actor_label = std::string(actor_label),
                     .action = AuditAction::kCreate,
                     .entity_kind = "packet_signing_key",
                     .entity_id = std::to_string(made->version),
                     .outcome = AuditOutcome::kSuccess,
                     .detail = "packet signing key rotated: version " +
                               std::to_string(made->version) + ", public key " + made->public_key});
  if (!audited) return audited.error();
  return made;
}

}  // namespace roi
