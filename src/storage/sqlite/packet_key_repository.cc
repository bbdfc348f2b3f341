// SQLite PacketKeyRepository.  Insert takes the next version as MAX(version) + 1 (or the version
// asked for) inside the write transaction; write transactions are serialized (BEGIN IMMEDIATE),
// so two first uses cannot both store version 1.
#include <string>

#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

PacketSigningKey ReadKey(const Statement& row) {
  return PacketSigningKey{.version = static_cast<int>(row.Int64(0)),
                          .public_key = row.Text(1),
                          .sealed_secret = row.Text(2),
                          .created_micros = row.Int64(3)};
}

constexpr std::string_view kColumns =
    "SELECT version, public_key, sealed_secret, created_micros FROM packet_signing_keys";

}  // namespace

Result<PacketSigningKey> SqlitePacketKeyRepository::Insert(const PacketSigningKey& key) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidatePacketSigningKey(key); !valid) return valid.error();
  Result<Statement> insert = connection_.Query(
      "INSERT INTO packet_signing_keys (organization_id, version, public_key, sealed_secret,"
      " created_micros) SELECT ?1, CASE WHEN ?5 > 0 THEN ?5 ELSE COALESCE(MAX(version), 0) + 1"
      " END, ?2, ?3, ?4 FROM packet_signing_keys WHERE organization_id = ?1",
      {organization_.value, key.public_key, key.sealed_secret, key.created_micros,
       std::int64_t{key.version}},
      "store packet signing key");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return done.error();
  return FindByPublicKey(key.public_key);
}

Result<PacketSigningKey> SqlitePacketKeyRepository::Current() {
  Result<Statement> query = connection_.Query(
      std::string(kColumns) + " WHERE organization_id = ?1 ORDER BY version DESC LIMIT 1",
      {organization_.value}, "read current packet signing key");
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) return NotFoundError("the organization has no packet signing key");
  return ReadKey(*query);
}

Result<std::vector<PacketSigningKey>> SqlitePacketKeyRepository::List() {
  Result<Statement> query =
      connection_.Query(std::string(kColumns) + " WHERE organization_id = ?1 ORDER BY version",
                        {organization_.value}, "list packet signing keys");
  if (!query) return query.error();
  std::vector<PacketSigningKey> out;
  for (;;) {
    Result<bool> row = query->Step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(ReadKey(*query));
  }
}

Result<PacketSigningKey> SqlitePacketKeyRepository::FindByPublicKey(std::string_view public_key) {
  Result<Statement> query =
      connection_.Query(std::string(kColumns) + " WHERE organization_id = ?1 AND public_key = ?2",
                        {organization_.value, public_key}, "find packet signing key");
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) {
    return NotFoundError("no packet signing key " + std::string(public_key.substr(0, 16)) + "...");
  }
  return ReadKey(*query);
}

}  // namespace roi::sqlite
