// The storage port of release packets: each packet built for a request is stored once, its PDF
// as encrypted content (ContentRepository) and its signed manifest beside it.  Reached through an
// organization-bound Transaction (app/store.h).  See app/packet_service.h and docs/documents.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.h"
#include "base/result.h"

namespace roi {

// One stored packet.  Value type.
struct PacketRecord {
  RequestId request_id;
  int sequence = 0;            // 1, 2, ... per request; assigned by storage.
  ContentId content_id;        // The packet PDF, encrypted in the vault.
  std::int64_t pages = 0;      // Pages of the PDF.
  std::string digest;          // SHA-256 of the PDF bytes, 64 lower-case hex digits.
  std::string manifest;        // The signed manifest, JSON (app/packet_manifest.h).
  std::string signature;       // Ed25519 signature of the manifest's signed bytes, hex.
  std::string signing_key_id;  // The signing key's id (its public key, hex).
  UserId created_by;           // Unset when built from the command line.
  std::int64_t created_micros = 0;
  bool operator==(const PacketRecord&) const = default;
};

// Returns InvalidArgument unless the request and content are set, pages >= 1, the digest is 64
// lower-case hex digits, and manifest, signature and signing key id are non-empty.
Status ValidatePacketRecord(const PacketRecord& packet);

// Interface; bound to the transaction's organization.
class PacketRepository {
 public:
  virtual ~PacketRepository() = default;
  // Stores `packet` as the request's next sequence (its `sequence` is ignored) and returns it.
  // Returns InvalidArgument if it does not validate, NotFound if the request or content is not in
  // this organization, AlreadyExists if this organization has a packet with that digest.
  virtual Result<PacketRecord> Insert(const PacketRecord& packet) = 0;
  // Returns NotFound if the request has no packet `sequence` in this organization.
  virtual Result<PacketRecord> Find(RequestId request, int sequence) = 0;
  // Returns NotFound if this organization has no packet with this digest.
  virtual Result<PacketRecord> FindByDigest(std::string_view digest) = 0;
  // The request's packets by sequence (empty for an unknown request).
  virtual Result<std::vector<PacketRecord>> List(RequestId request) = 0;
};

}  // namespace roi
