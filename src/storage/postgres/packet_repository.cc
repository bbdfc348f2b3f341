// PostgreSQL PacketRepository: every statement passes the bound organization as $1.  A duplicate
// digest uses ON CONFLICT DO NOTHING, so AlreadyExists does not abort the transaction.
#include <optional>
#include <string>

#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

constexpr std::string_view kPacketSelect =
    "SELECT request_id, sequence, content_id, pages, digest, manifest, signature, signing_key_id,"
    " created_by, created_micros FROM packets WHERE organization_id = $1";

PacketRecord ReadPacket(const pqxx::row& row) {
  return PacketRecord{.request_id = RequestId(row[0].as<std::int64_t>()),
                      .sequence = row[1].as<int>(),
                      .content_id = ContentId(row[2].as<std::int64_t>()),
                      .pages = row[3].as<std::int64_t>(),
                      .digest = row[4].as<std::string>(),
                      .manifest = row[5].as<std::string>(),
                      .signature = row[6].as<std::string>(),
                      .signing_key_id = row[7].as<std::string>(),
                      .created_by = UserId(row[8].is_null() ? 0 : row[8].as<std::int64_t>()),
                      .created_micros = row[9].as<std::int64_t>()};
}

}  // namespace

Result<PacketRecord> PgPacketRepository::Insert(const PacketRecord& packet) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidatePacketRecord(packet); !valid) return valid.error();
  return context_.Run("insert packet", [&]() -> Result<PacketRecord> {
    pqxx::result request = context_.Transaction().exec_params(
        "SELECT 1 FROM requests WHERE organization_id = $1 AND id = $2", organization_.value,
        packet.request_id.value);
    if (request.empty()) {
      return NotFoundError("request " + std::to_string(packet.request_id.value) + " not found");
    }
    pqxx::result content = context_.Transaction().exec_params(
        "SELECT 1 FROM contents WHERE organization_id = $1 AND id = $2", organization_.value,
        packet.content_id.value);
    if (content.empty()) {
      return NotFoundError("content " + std::to_string(packet.content_id.value) + " not found");
    }
    pqxx::result last = context_.Transaction().exec_params(
        "SELECT COALESCE(MAX(sequence), 0) FROM packets WHERE organization_id = $1 AND"
        " request_id = $2",
        organization_.value, packet.request_id.value);
    PacketRecord stored = packet;
    stored.sequence = last[0][0].as<int>() + 1;
    std::optional<std::int64_t> created_by;
    if (stored.created_by.IsSet()) created_by = stored.created_by.value;
    pqxx::result inserted = context_.Transaction().exec_params(
        "INSERT INTO packets (organization_id, request_id, sequence, content_id, pages, digest,"
        " manifest, signature, signing_key_id, created_by, created_micros)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING",
        organization_.value, stored.request_id.value, stored.sequence, stored.content_id.value,
        stored.pages, stored.digest, stored.manifest, stored.signature, stored.signing_key_id,
        created_by, stored.created_micros);
    if (inserted.affected_rows() == 0) {
      return AlreadyExistsError("a packet with this digest already exists");
    }
    return stored;
  });
}

Result<PacketRecord> PgPacketRepository::Find(RequestId request, int sequence) {
  return context_.Run("find packet", [&]() -> Result<PacketRecord> {
    pqxx::result rows = context_.Transaction().exec_params(
        std::string(kPacketSelect) + " AND request_id = $2 AND sequence = $3", organization_.value,
        request.value, sequence);
    if (rows.empty()) {
      return NotFoundError("request " + std::to_string(request.value) + " has no packet " +
                           std::to_string(sequence));
    }
    return ReadPacket(rows[0]);
  });
}

Result<PacketRecord> PgPacketRepository::FindByDigest(std::string_view digest) {
  return context_.Run("find packet by digest", [&]() -> Result<PacketRecord> {
    pqxx::result rows = context_.Transaction().exec_params(
        std::string(kPacketSelect) + " AND digest = $2", organization_.value, std::string(digest));
    if (rows.empty()) return NotFoundError("no packet has this digest");
    return ReadPacket(rows[0]);
  });
}

Result<std::vector<PacketRecord>> PgPacketRepository::List(RequestId request) {
  return context_.Run("list packets", [&]() -> Result<std::vector<PacketRecord>> {
    pqxx::result rows = context_.Transaction().exec_params(
        std::string(kPacketSelect) + " AND request_id = $2 ORDER BY sequence", organization_.value,
        request.value);
    std::vector<PacketRecord> out;
    for (const pqxx::row& row : rows) out.push_back(ReadPacket(row));
    return out;
  });
}

}  // namespace roi::postgres
