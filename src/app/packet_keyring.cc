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
  return OkStatus();
}

std::string PacketKeyPurpose(std::string_view public_key) {
  return "packet signing key " + std::string(public_key);
}

Result<OrganizationSigner> PacketKeyring::Make(Transaction& tx) const {
  Result<std::string> seed = maker_.NewSeedHex();
  if (!seed) return seed.error();
  Result<std::unique_ptr<AuditSigner>> signer = maker_.SignerOf(*seed);
  if (!signer) return signer.error();
  const std::string public_key = (*signer)->PublicKeyHex();
  Result<std::string> sealed = box_.Seal(tx, *seed, PacketKeyPurpose(public_key));
  if (!sealed) return sealed.error();
  Result<PacketSigningKey> stored = tx.PacketKeys().Insert(PacketSigningKey{
      .public_key = public_key, .sealed_secret = *sealed, .created_micros = clock_.NowMicros()});
  if (!stored) return stored.error();
  return OrganizationSigner{.key = std::move(*stored), .signer = std::move(*signer)};
}

Result<OrganizationSigner> PacketKeyring::Current(Transaction& tx) const {
  Result<PacketSigningKey> current = tx.PacketKeys().Current();
  if (!current) {
    if (current.error().code != ErrorCode::kNotFound) return current.error();
    return Make(tx);
  }
  Result<std::string> seed =
      box_.Open(tx, current->sealed_secret, PacketKeyPurpose(current->public_key));
  if (!seed) return seed.error();
  Result<std::unique_ptr<AuditSigner>> signer = maker_.SignerOf(*seed);
  if (!signer) {
    return DataLossError("packet signing key version " + std::to_string(current->version) +
                         ": the stored secret is not a key");
  }
  if ((*signer)->PublicKeyHex() != current->public_key) {
    return DataLossError("packet signing key version " + std::to_string(current->version) +
                         ": the stored secret does not match its public key");
  }
  return OrganizationSigner{.key = std::move(*current), .signer = std::move(*signer)};
}

Result<PacketSigningKey> PacketKeyring::Rotate(Transaction& tx) const {
  Result<OrganizationSigner> made = Make(tx);
  if (!made) return made.error();
  return std::move(made->key);
}

Result<std::vector<PacketSigningKey>> PacketKeyring::List(Transaction& tx) const {
  return tx.PacketKeys().List();
}

}  // namespace roi
