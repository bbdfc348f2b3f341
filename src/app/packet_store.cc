#include "app/packet_store.h"

#include "base/error.h"

namespace roi {

Status ValidatePacketRecord(const PacketRecord& packet) {
  if (!packet.request_id.IsSet()) return InvalidArgumentError("packet: request is not set");
  if (!packet.content_id.IsSet()) return InvalidArgumentError("packet: content is not set");
  if (packet.pages < 1) return InvalidArgumentError("packet: pages must be at least 1");
  bool hex = packet.digest.size() == 64;
  for (char c : packet.digest) hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  if (!hex) return InvalidArgumentError("packet: digest must be 64 lower-case hex digits");
  if (packet.manifest.empty()) return InvalidArgumentError("packet: manifest is empty");
  if (packet.signature.empty()) return InvalidArgumentError("packet: signature is empty");
  if (packet.signing_key_id.empty()) return InvalidArgumentError("packet: signing key id is empty");
  return OkStatus();
}

}  // namespace roi
