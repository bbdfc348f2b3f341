#include "app/stored_packets.h"

#include <string>
#include <vector>

#include "app/packet_store.h"

namespace roi {

Result<PacketRef> StoredPackets::Latest(Transaction& tx, RequestId request) {
  Result<ReleaseRequest> found = tx.Requests().Find(request);
  if (!found) return found.error();
  Result<std::vector<PacketRecord>> packets = tx.Packets().List(request);
  if (!packets) return packets.error();
  if (packets->empty()) {
    return NotFoundError("request " + std::to_string(request.value) +
                         " has no release packet yet: build it first");
  }
  const PacketRecord& latest = packets->back();  // By sequence.
  return PacketRef{.content = latest.content_id,
                   .digest = latest.digest,
                   .page_count = static_cast<int>(latest.pages),
                   .file_name = found->number + "-packet.pdf"};
}

}  // namespace roi
