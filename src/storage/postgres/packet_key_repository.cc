// PostgreSQL PacketKeyRepository.  Insert takes the next version as MAX(version) + 1, or the
// version asked for; two transactions making an organization's key at the same time collide on
// the (organization, version) primary key: the later one waits for the first to commit and fails
// with AlreadyExists.  The insert is ON CONFLICT DO NOTHING, so that transaction stays usable and
// can read the key that won (PacketKeyring does; writes run at READ COMMITTED, so it sees it).
#include <string>

#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

PacketSigningKey ReadKey(const pqxx::row& row) {
  return PacketSigningKey{.version = row[0].as<int>(),
                          .public_key = row[1].as<std::string>(),
                          .sealed_secret = row[2].as<std::string>(),
                          .created_micros = row[3].as<std::int64_t>()};
}

constexpr const char* kColumns =
    "SELECT version, public_key, sealed_secret, created_micros FROM packet_signing_keys";

}  // namespace

Result<PacketSigningKey> PgPacketKeyRepository::Insert(const PacketSigningKey& key) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidatePacketSigningKey(key); !valid) return valid.error();
  return context_.Run("store packet signing key", [&]() -> Result<PacketSigningKey> {
    // ON CONFLICT DO NOTHING: a taken version or public key (also one stored by a concurrent
    // transaction, which this statement waits for) inserts nothing and raises no error, so the
    // transaction stays usable.
    pqxx::result rows = context_.Transaction().exec_params(
        "INSERT INTO packet_signing_keys (organization_id, version, public_key, sealed_secret,"
        " created_micros) SELECT $1::bigint, CASE WHEN $5::int > 0 THEN $5::int"
        " ELSE COALESCE(MAX(version), 0) + 1 END, $2::text, $3::text, $4::bigint"
        " FROM packet_signing_keys WHERE organization_id = $1"
        " ON CONFLICT DO NOTHING"
        " RETURNING version, public_key, sealed_secret, created_micros",
        organization_.value, key.public_key, key.sealed_secret, key.created_micros, key.version);
    if (rows.empty()) {
      return AlreadyExistsError("packet signing key version " +
                                (key.version > 0 ? std::to_string(key.version) : "next") +
                                " or its public key is stored already");
    }
    return ReadKey(rows[0]);
  });
}

Result<PacketSigningKey> PgPacketKeyRepository::Current() {
  return context_.Run("read current packet signing key", [&]() -> Result<PacketSigningKey> {
    pqxx::result rows = context_.Transaction().exec_params(
        std::string(kColumns) + " WHERE organization_id = $1 ORDER BY version DESC LIMIT 1",
        organization_.value);
    if (rows.empty()) return NotFoundError("the organization has no packet signing key");
    return ReadKey(rows[0]);
  });
}

Result<std::vector<PacketSigningKey>> PgPacketKeyRepository::List() {
  return context_.Run("list packet signing keys", [&]() -> Result<std::vector<PacketSigningKey>> {
    pqxx::result rows = context_.Transaction().exec_params(
        std::string(kColumns) + " WHERE organization_id = $1 ORDER BY version",
        organization_.value);
    std::vector<PacketSigningKey> out;
    for (const pqxx::row& row : rows) out.push_back(ReadKey(row));
    return out;
  });
}

Result<PacketSigningKey> PgPacketKeyRepository::FindByPublicKey(std::string_view public_key) {
  return context_.Run("find packet signing key", [&]() -> Result<PacketSigningKey> {
    pqxx::result rows = context_.Transaction().exec_params(
        std::string(kColumns) + " WHERE organization_id = $1 AND public_key = $2",
        organization_.value, std::string(public_key));
    if (rows.empty()) {
      return NotFoundError("no packet signing key " + std::string(public_key.substr(0, 16)) +
                           "...");
    }
    return ReadKey(rows[0]);
  });
}

}  // namespace roi::postgres
