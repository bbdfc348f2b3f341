// StoredPackets: the ReleasedPacketSource (app/delivery_service.h) over the packets table
// (app/packet_store.h): the latest packet PacketService built for a request.
#pragma once

#include "app/delivery_service.h"

namespace roi {

// Stateless and thread-safe.
class StoredPackets final : public ReleasedPacketSource {
 public:
  // The request's packet with the highest sequence, named "<request number>-packet.pdf".
  // Returns NotFound when the request is not in `tx`'s organization or has no packet yet.
  Result<PacketRef> Latest(Transaction& tx, RequestId request) override;
};

}  // namespace roi
