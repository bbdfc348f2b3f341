#include <algorithm>
#include <string>

#include "testing/in_memory_repositories.h"

namespace roi::testing {

Result<PacketSigningKey> InMemoryPacketKeys::Insert(const PacketSigningKey& key) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidatePacketSigningKey(key); !valid) return valid.error();
  int version = 0;
  for (const auto& [organization, stored] : data_->packet_keys) {
    if (organization != organization_) continue;
    if (stored.public_key == key.public_key) {
      return AlreadyExistsError("packet signing key " + key.public_key.substr(0, 16) +
                                "... is stored already");
    }
    if (key.version != 0 && stored.version == key.version) {
      return AlreadyExistsError("packet signing key version " + std::to_string(key.version) +
                                " is stored already");
    }
    version = std::max(version, stored.version);
  }
  PacketSigningKey stored = key;
  stored.version = key.version != 0 ? key.version : version + 1;
  data_->packet_keys.emplace_back(organization_, stored);
  return stored;
}

Result<PacketSigningKey> InMemoryPacketKeys::Current() {
  const PacketSigningKey* current = nullptr;
  for (const auto& [organization, stored] : view_.packet_keys) {
    if (organization == organization_ && (current == nullptr || stored.version > current->version))
      current = &stored;
  }
  if (current == nullptr) return NotFoundError("the organization has no packet signing key");
  return *current;
}

Result<std::vector<PacketSigningKey>> InMemoryPacketKeys::List() {
  std::vector<PacketSigningKey> out;
  for (const auto& [organization, stored] : view_.packet_keys) {
    if (organization == organization_) out.push_back(stored);
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.version < b.version; });
  return out;
}

Result<PacketSigningKey> InMemoryPacketKeys::FindByPublicKey(std::string_view public_key) {
  for (const auto& [organization, stored] : view_.packet_keys) {
    if (organization == organization_ && stored.public_key == public_key) return stored;
  }
  return NotFoundError("no packet signing key " + std::string(public_key.substr(0, 16)) + "...");
}

}  // namespace roi::testing
