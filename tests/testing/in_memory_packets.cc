// The InMemoryStore's packet repository.
#include <string>

#include "testing/in_memory_repositories.h"

namespace roi::testing {

Result<PacketRecord> InMemoryPackets::Insert(const PacketRecord& packet) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidatePacketRecord(packet); !valid) return valid.error();
  auto request = view_.requests.find(packet.request_id);
  if (request == view_.requests.end() || request->second.organization_id != organization_) {
    return NotFoundError("request " + std::to_string(packet.request_id.value) + " not found");
  }
  auto content = view_.contents.find(packet.content_id);
  if (content == view_.contents.end() || content->second.first != organization_) {
    return NotFoundError("content " + std::to_string(packet.content_id.value) + " not found");
  }
  int last = 0;
  for (const auto& [organization, stored] : view_.packets) {
    if (organization != organization_) continue;
    if (stored.digest == packet.digest) {
      return AlreadyExistsError("a packet with this digest already exists");
    }
    if (stored.request_id == packet.request_id) last = std::max(last, stored.sequence);
  }
  PacketRecord stored = packet;
  stored.sequence = last + 1;
  data_->packets.emplace_back(organization_, stored);
  return stored;
}

Result<PacketRecord> InMemoryPackets::Find(RequestId request, int sequence) {
  for (const auto& [organization, stored] : view_.packets) {
    if (organization == organization_ && stored.request_id == request &&
        stored.sequence == sequence) {
      return stored;
    }
  }
  return NotFoundError("request " + std::to_string(request.value) + " has no packet " +
                       std::to_string(sequence));
}

Result<PacketRecord> InMemoryPackets::FindByDigest(std::string_view digest) {
  for (const auto& [organization, stored] : view_.packets) {
    if (organization == organization_ && stored.digest == digest) return stored;
  }
  return NotFoundError("no packet has this digest");
}

Result<std::vector<PacketRecord>> InMemoryPackets::List(RequestId request) {
  std::vector<PacketRecord> out;
  for (const auto& [organization, stored] : view_.packets) {
    if (organization == organization_ && stored.request_id == request) out.push_back(stored);
  }
  return out;  // Stored in sequence order.
}

}  // namespace roi::testing
