// SQLite DataKeyRepository and ContentRepository: every statement filters by the bound
// organization.  Ciphertext is stored as BLOBs, one row per chunk.
#include <string>

#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

Error NoDataKey(OrganizationId organization, int version) {
  return NotFoundError("data key version " + std::to_string(version) +
                       " not found in organization " + std::to_string(organization.value));
}

Error NoContent(OrganizationId organization, ContentId id) {
  return NotFoundError("content " + std::to_string(id.value) + " not found in organization " +
                       std::to_string(organization.value));
}

Result<DataKeyRecord> ReadDataKey(const Statement& row) {
  Result<DataKeyState> state = ParseDataKeyState(row.Text(4));
  if (!state) return InternalError("stored data key state is not a state");
  return DataKeyRecord{.version = static_cast<int>(row.Int64(0)),
                       .wrapped_key = row.Bytes(1),
                       .master_key_id = row.Text(2),
                       .created_micros = row.Int64(3),
                       .state = *state};
}

}  // namespace

Status SqliteDataKeyRepository::Insert(const DataKeyRecord& key) {
  if (Status writable = RequireWrite(mode_); !writable) return writable;
  if (Status valid = ValidateDataKey(key); !valid) return valid;
  Result<Statement> insert = connection_.Query(
      "INSERT INTO data_keys (organization_id, version, wrapped_key, master_key_id,"
      " created_micros, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      {organization_.value, std::int64_t{key.version}, SqlBlob{key.wrapped_key},
       std::string_view(key.master_key_id), key.created_micros, DataKeyStateName(key.state)},
      "insert data key");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) {
    if (done.error().code == ErrorCode::kAlreadyExists) {
      return AlreadyExistsError("data key version " + std::to_string(key.version) +
                                " already exists in organization " +
                                std::to_string(organization_.value));
    }
    return done;
  }
  return OkStatus();
}

Result<DataKeyRecord> SqliteDataKeyRepository::Find(int version) {
  Result<Statement> query = connection_.Query(
      "SELECT version, wrapped_key, master_key_id, created_micros, state FROM data_keys"
      " WHERE organization_id = ?1 AND version = ?2",
      {organization_.value, std::int64_t{version}}, "find data key");
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) return NoDataKey(organization_, version);
  return ReadDataKey(*query);
}

Result<std::vector<DataKeyRecord>> SqliteDataKeyRepository::List() {
  Result<Statement> query = connection_.Query(
      "SELECT version, wrapped_key, master_key_id, created_micros, state FROM data_keys"
      " WHERE organization_id = ?1 ORDER BY version",
      {organization_.value}, "list data keys");
  if (!query) return query.error();
  std::vector<DataKeyRecord> keys;
  for (;;) {
    Result<bool> row = query->Step();
    if (!row) return row.error();
    if (!*row) return keys;
    Result<DataKeyRecord> key = ReadDataKey(*query);
    if (!key) return key.error();
    keys.push_back(std::move(*key));
  }
}

Status SqliteDataKeyRepository::Rewrap(int version, std::string_view wrapped_key,
                                       std::string_view master_key_id) {
  if (Status writable = RequireWrite(mode_); !writable) return writable;
  if (wrapped_key.empty() || master_key_id.empty()) {
    return InvalidArgumentError("wrapped data key and master key id must not be empty");
  }
  Result<Statement> update = connection_.Query(
      "UPDATE data_keys SET wrapped_key = ?3, master_key_id = ?4"
      " WHERE organization_id = ?1 AND version = ?2",
      {organization_.value, std::int64_t{version}, SqlBlob{wrapped_key}, master_key_id},
      "rewrap data key");
  if (!update) return update.error();
  if (Status done = update->Run(); !done) return done;
  if (connection_.Changes() == 0) return NoDataKey(organization_, version);
  return OkStatus();
}

Status SqliteDataKeyRepository::SetState(int version, DataKeyState state) {
  if (Status writable = RequireWrite(mode_); !writable) return writable;
  Result<Statement> update = connection_.Query(
      "UPDATE data_keys SET state = ?3 WHERE organization_id = ?1 AND version = ?2",
      {organization_.value, std::int64_t{version}, DataKeyStateName(state)}, "set data key state");
  if (!update) return update.error();
  if (Status done = update->Run(); !done) return done;
  if (connection_.Changes() == 0) return NoDataKey(organization_, version);
  return OkStatus();
}

Status SqliteContentRepository::RequireKeyVersion(int version) {
  Result<Statement> query =
      connection_.Query("SELECT 1 FROM data_keys WHERE organization_id = ?1 AND version = ?2",
                        {organization_.value, std::int64_t{version}}, "check data key");
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) return NoDataKey(organization_, version);
  return OkStatus();
}

Status SqliteContentRepository::RequireContent(ContentId id) {
  Result<Statement> query =
      connection_.Query("SELECT 1 FROM contents WHERE organization_id = ?1 AND id = ?2",
                        {organization_.value, id.value}, "check content");
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) return NoContent(organization_, id);
  return OkStatus();
}

Result<ContentId> SqliteContentRepository::Create(const ContentRecord& content) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateContent(content); !valid) return valid.error();
  if (Status key = RequireKeyVersion(content.data_key_version); !key) return key.error();
  Result<Statement> insert = connection_.Query(
      "INSERT INTO contents (organization_id, media_type, data_key_version, header, size, digest,"
      " chunk_count, created_micros) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
      {organization_.value, std::string_view(content.media_type),
       std::int64_t{content.data_key_version}, SqlBlob{content.header}, content.size,
       std::string_view(content.digest), content.chunk_count, content.created_micros},
      "insert content");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return done.error();
  return ContentId(connection_.LastInsertId());
}

Status SqliteContentRepository::PutChunk(ContentId id, std::int64_t index,
                                         std::string_view ciphertext) {
  if (Status writable = RequireWrite(mode_); !writable) return writable;
  if (index < 0) return InvalidArgumentError("chunk index must not be negative");
  if (Status exists = RequireContent(id); !exists) return exists;
  Result<Statement> insert = connection_.Query(
      "INSERT OR REPLACE INTO content_chunks (organization_id, content_id, chunk_index,"
      " ciphertext) VALUES (?1, ?2, ?3, ?4)",
      {organization_.value, id.value, index, SqlBlob{ciphertext}}, "put content chunk");
  if (!insert) return insert.error();
  return insert->Run();
}

Status SqliteContentRepository::Seal(const ContentRecord& content) {
  if (Status writable = RequireWrite(mode_); !writable) return writable;
  if (Status valid = ValidateContent(content); !valid) return valid;
  if (Status exists = RequireContent(content.id); !exists) return exists;
  if (Status key = RequireKeyVersion(content.data_key_version); !key) return key;
  Result<Statement> update = connection_.Query(
      "UPDATE contents SET data_key_version = ?3, header = ?4, size = ?5, digest = ?6,"
      " chunk_count = ?7 WHERE organization_id = ?1 AND id = ?2",
      {organization_.value, content.id.value, std::int64_t{content.data_key_version},
       SqlBlob{content.header}, content.size, std::string_view(content.digest),
       content.chunk_count},
      "seal content");
  if (!update) return update.error();
  if (Status done = update->Run(); !done) return done;
  Result<Statement> trim = connection_.Query(
      "DELETE FROM content_chunks WHERE organization_id = ?1 AND content_id = ?2"
      " AND chunk_index >= ?3",
      {organization_.value, content.id.value, content.chunk_count}, "trim content chunks");
  if (!trim) return trim.error();
  return trim->Run();
}

Result<ContentRecord> SqliteContentRepository::Find(ContentId id) {
  Result<Statement> query = connection_.Query(
      "SELECT id, media_type, data_key_version, header, size, digest, chunk_count,"
      " created_micros FROM contents WHERE organization_id = ?1 AND id = ?2",
      {organization_.value, id.value}, "find content");
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) return NoContent(organization_, id);
  return ContentRecord{.id = ContentId(query->Int64(0)),
                       .media_type = query->Text(1),
                       .data_key_version = static_cast<int>(query->Int64(2)),
                       .header = query->Bytes(3),
                       .size = query->Int64(4),
                       .digest = query->Text(5),
                       .chunk_count = query->Int64(6),
                       .created_micros = query->Int64(7)};
}

Result<std::string> SqliteContentRepository::Chunk(ContentId id, std::int64_t index) {
  Result<Statement> query = connection_.Query(
      "SELECT ciphertext FROM content_chunks"
      " WHERE organization_id = ?1 AND content_id = ?2 AND chunk_index = ?3",
      {organization_.value, id.value, index}, "read content chunk");
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) {
    return NotFoundError("chunk " + std::to_string(index) + " of content " +
                         std::to_string(id.value) + " not found");
  }
  return query->Bytes(0);
}

Result<std::vector<ContentId>> SqliteContentRepository::ListBelowKeyVersion(int version,
                                                                            ContentId after,
                                                                            int limit) {
  if (limit < 1 || limit > 1000) return InvalidArgumentError("limit must be 1..1000");
  Result<Statement> query = connection_.Query(
      "SELECT id FROM contents WHERE organization_id = ?1 AND data_key_version < ?2 AND id > ?3"
      " ORDER BY id LIMIT ?4",
      {organization_.value, std::int64_t{version}, after.value, std::int64_t{limit}},
      "list content by data key version");
  if (!query) return query.error();
  std::vector<ContentId> ids;
  for (;;) {
    Result<bool> row = query->Step();
    if (!row) return row.error();
    if (!*row) return ids;
    ids.emplace_back(query->Int64(0));
  }
}

}  // namespace roi::sqlite
