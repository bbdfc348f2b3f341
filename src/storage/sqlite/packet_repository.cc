// SQLite PacketRepository: every statement filters by the bound organization.
#include <string>

#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

constexpr std::string_view kPacketColumns =
    "request_id, sequence, content_id, pages, digest, manifest, signature, signing_key_id,"
    " created_by, created_micros";

PacketRecord ReadPacket(const Statement& row) {
  return PacketRecord{.request_id = RequestId(row.Int64(0)),
                      .sequence = static_cast<int>(row.Int64(1)),
                      .content_id = ContentId(row.Int64(2)),
                      .pages = row.Int64(3),
                      .digest = row.Text(4),
                      .manifest = row.Text(5),
                      .signature = row.Text(6),
                      .signing_key_id = row.Text(7),
                      .created_by = UserId(row.IsNull(8) ? 0 : row.Int64(8)),
                      .created_micros = row.Int64(9)};
}

Result<std::vector<PacketRecord>> ReadAll(Result<Statement> query) {
  if (!query) return query.error();
  std::vector<PacketRecord> out;
  for (;;) {
    Result<bool> row = query->Step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(ReadPacket(*query));
  }
}

Result<bool> HasRow(Connection& connection, const std::string& sql, OrganizationId organization,
                    std::int64_t id) {
  Result<Statement> query = connection.Query(sql, {organization.value, id}, "check row");
  if (!query) return query.error();
  return query->Step();
}

}  // namespace

Result<PacketRecord> SqlitePacketRepository::Insert(const PacketRecord& packet) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidatePacketRecord(packet); !valid) return valid.error();
  Result<bool> request =
      HasRow(connection_, "SELECT 1 FROM requests WHERE organization_id = ?1 AND id = ?2",
             organization_, packet.request_id.value);
  if (!request) return request.error();
  if (!*request) {
    return NotFoundError("request " + std::to_string(packet.request_id.value) + " not found");
  }
  Result<bool> content =
      HasRow(connection_, "SELECT 1 FROM contents WHERE organization_id = ?1 AND id = ?2",
             organization_, packet.content_id.value);
  if (!content) return content.error();
  if (!*content) {
    return NotFoundError("content " + std::to_string(packet.content_id.value) + " not found");
  }
  Result<Statement> last = connection_.Query(
      "SELECT COALESCE(MAX(sequence), 0) FROM packets WHERE organization_id = ?1 AND"
      " request_id = ?2",
      {organization_.value, packet.request_id.value}, "next packet sequence");
  if (!last) return last.error();
  Result<bool> row = last->Step();
  if (!row) return row.error();
  PacketRecord stored = packet;
  stored.sequence = static_cast<int>(last->Int64(0)) + 1;
  Result<Statement> insert = connection_.Query(
      "INSERT INTO packets (organization_id, request_id, sequence, content_id, pages, digest,"
      " manifest, signature, signing_key_id, created_by, created_micros)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
      {organization_.value, stored.request_id.value, std::int64_t{stored.sequence},
       stored.content_id.value, stored.pages, std::string_view(stored.digest),
       std::string_view(stored.manifest), std::string_view(stored.signature),
       std::string_view(stored.signing_key_id),
       stored.created_by.IsSet() ? SqlParam(stored.created_by.value) : SqlParam(nullptr),
       stored.created_micros},
      "insert packet");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) {
    if (done.error().code == ErrorCode::kAlreadyExists) {
      return AlreadyExistsError("a packet with this digest already exists");
    }
    return done.error();
  }
  return stored;
}

Result<PacketRecord> SqlitePacketRepository::Find(RequestId request, int sequence) {
  static const std::string sql = "SELECT " + std::string(kPacketColumns) +
                                 " FROM packets WHERE organization_id = ?1 AND request_id = ?2"
                                 " AND sequence = ?3";
  Result<std::vector<PacketRecord>> rows = ReadAll(connection_.Query(
      sql, {organization_.value, request.value, std::int64_t{sequence}}, "find packet"));
  if (!rows) return rows.error();
  if (rows->empty()) {
    return NotFoundError("request " + std::to_string(request.value) + " has no packet " +
                         std::to_string(sequence));
  }
  return rows->front();
}

Result<PacketRecord> SqlitePacketRepository::FindByDigest(std::string_view digest) {
  static const std::string sql = "SELECT " + std::string(kPacketColumns) +
                                 " FROM packets WHERE organization_id = ?1 AND digest = ?2";
  Result<std::vector<PacketRecord>> rows =
      ReadAll(connection_.Query(sql, {organization_.value, digest}, "find packet by digest"));
  if (!rows) return rows.error();
  if (rows->empty()) return NotFoundError("no packet has this digest");
  return rows->front();
}

Result<std::vector<PacketRecord>> SqlitePacketRepository::List(RequestId request) {
  static const std::string sql = "SELECT " + std::string(kPacketColumns) +
                                 " FROM packets WHERE organization_id = ?1 AND request_id = ?2"
                                 " ORDER BY sequence";
  return ReadAll(connection_.Query(sql, {organization_.value, request.value}, "list packets"));
}

}  // namespace roi::sqlite
