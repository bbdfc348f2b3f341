// PostgreSQL DataKeyRepository and ContentRepository: every statement filters by the bound
// organization.  Ciphertext is stored as bytea, one row per chunk.
#include <string>

#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

Error NoDataKey(OrganizationId organization, int version) {
  return NotFoundError("data key version " + std::to_string(version) +
                       " not found in organization " + std::to_string(organization.value));
}

Error NoContent(OrganizationId organization, ContentId id) {
  return NotFoundError("content " + std::to_string(id.value) + " not found in organization " +
                       std::to_string(organization.value));
}

pqxx::binarystring Binary(std::string_view bytes) {
  return pqxx::binarystring(bytes.data(), bytes.size());
}

std::string ReadBinary(const pqxx::field& field) { return pqxx::binarystring(field).str(); }

Result<DataKeyRecord> ReadDataKey(const pqxx::row& row) {
  Result<DataKeyState> state = ParseDataKeyState(row[4].as<std::string>());
  if (!state) return InternalError("stored data key state is not a state");
  return DataKeyRecord{.version = row[0].as<int>(),
                       .wrapped_key = ReadBinary(row[1]),
                       .master_key_id = row[2].as<std::string>(),
                       .created_micros = row[3].as<std::int64_t>(),
                       .state = *state};
}

}  // namespace

Status PgDataKeyRepository::Insert(const DataKeyRecord& key) {
  if (Status writable = context_.RequireWrite(); !writable) return writable;
  if (Status valid = ValidateDataKey(key); !valid) return valid;
  return context_.Run("insert data key", [&]() -> Status {
    pqxx::result inserted = context_.Transaction().exec_prepared(
        "data_key_insert", organization_.value, key.version, Binary(key.wrapped_key),
        key.master_key_id, key.created_micros, std::string(DataKeyStateName(key.state)));
    if (inserted.affected_rows() == 0) {
      return AlreadyExistsError("data key version " + std::to_string(key.version) +
                                " already exists in organization " +
                                std::to_string(organization_.value));
    }
    return OkStatus();
  });
}

Result<DataKeyRecord> PgDataKeyRepository::Find(int version) {
  return context_.Run("find data key", [&]() -> Result<DataKeyRecord> {
    pqxx::result rows =
        context_.Transaction().exec_prepared("data_key_find", organization_.value, version);
    if (rows.empty()) return NoDataKey(organization_, version);
    return ReadDataKey(rows[0]);
  });
}

Result<std::vector<DataKeyRecord>> PgDataKeyRepository::List() {
  return context_.Run("list data keys", [&]() -> Result<std::vector<DataKeyRecord>> {
    pqxx::result rows = context_.Transaction().exec_prepared("data_key_list", organization_.value);
    std::vector<DataKeyRecord> keys;
    for (const pqxx::row& row : rows) {
      Result<DataKeyRecord> key = ReadDataKey(row);
      if (!key) return key.error();
      keys.push_back(std::move(*key));
    }
    return keys;
  });
}

Status PgDataKeyRepository::Rewrap(int version, std::string_view wrapped_key,
                                   std::string_view master_key_id) {
  if (Status writable = context_.RequireWrite(); !writable) return writable;
  if (wrapped_key.empty() || master_key_id.empty()) {
    return InvalidArgumentError("wrapped data key and master key id must not be empty");
  }
  return context_.Run("rewrap data key", [&]() -> Status {
    pqxx::result updated =
        context_.Transaction().exec_prepared("data_key_rewrap", organization_.value, version,
                                             Binary(wrapped_key), std::string(master_key_id));
    if (updated.affected_rows() == 0) return NoDataKey(organization_, version);
    return OkStatus();
  });
}

Status PgDataKeyRepository::SetState(int version, DataKeyState state) {
  if (Status writable = context_.RequireWrite(); !writable) return writable;
  return context_.Run("set data key state", [&]() -> Status {
    pqxx::result updated = context_.Transaction().exec_prepared(
        "data_key_set_state", organization_.value, version, std::string(DataKeyStateName(state)));
    if (updated.affected_rows() == 0) return NoDataKey(organization_, version);
    return OkStatus();
  });
}

Status PgContentRepository::Require(const char* exists, std::int64_t key, const Error& missing) {
  return context_.Run("check content row", [&]() -> Status {
    pqxx::result rows = context_.Transaction().exec_prepared(exists, organization_.value, key);
    if (rows.empty()) return missing;
    return OkStatus();
  });
}

Result<ContentId> PgContentRepository::Create(const ContentRecord& content) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateContent(content); !valid) return valid.error();
  if (Status key = Require("data_key_exists", content.data_key_version,
                           NoDataKey(organization_, content.data_key_version));
      !key) {
    return key.error();
  }
  return context_.Run("insert content", [&]() -> Result<ContentId> {
    pqxx::row inserted = context_.Transaction().exec_prepared1(
        "content_insert", organization_.value, content.media_type, content.data_key_version,
        Binary(content.header), content.size, content.digest, content.chunk_count,
        content.created_micros);
    return ContentId(inserted[0].as<std::int64_t>());
  });
}

Status PgContentRepository::PutChunk(ContentId id, std::int64_t index,
                                     std::string_view ciphertext) {
  if (Status writable = context_.RequireWrite(); !writable) return writable;
  if (index < 0) return InvalidArgumentError("chunk index must not be negative");
  if (Status exists = Require("content_exists", id.value, NoContent(organization_, id)); !exists) {
    return exists;
  }
  return context_.Run("put content chunk", [&]() -> Status {
    context_.Transaction().exec_prepared("content_chunk_put", organization_.value, id.value, index,
                                         Binary(ciphertext));
    return OkStatus();
  });
}

Status PgContentRepository::Seal(const ContentRecord& content) {
  if (Status writable = context_.RequireWrite(); !writable) return writable;
  if (Status valid = ValidateContent(content); !valid) return valid;
  if (Status exists =
          Require("content_exists", content.id.value, NoContent(organization_, content.id));
      !exists) {
    return exists;
  }
  if (Status key = Require("data_key_exists", content.data_key_version,
                           NoDataKey(organization_, content.data_key_version));
      !key) {
    return key;
  }
  return context_.Run("seal content", [&]() -> Status {
    context_.Transaction().exec_prepared("content_seal", organization_.value, content.id.value,
                                         content.data_key_version, Binary(content.header),
                                         content.size, content.digest, content.chunk_count);
    context_.Transaction().exec_prepared("content_chunk_trim", organization_.value,
                                         content.id.value, content.chunk_count);
    return OkStatus();
  });
}

Result<ContentRecord> PgContentRepository::Find(ContentId id) {
  return context_.Run("find content", [&]() -> Result<ContentRecord> {
    pqxx::result rows =
        context_.Transaction().exec_prepared("content_find", organization_.value, id.value);
    if (rows.empty()) return NoContent(organization_, id);
    const pqxx::row& row = rows[0];
    return ContentRecord{.id = ContentId(row[0].as<std::int64_t>()),
                         .media_type = row[1].as<std::string>(),
                         .data_key_version = row[2].as<int>(),
                         .header = ReadBinary(row[3]),
                         .size = row[4].as<std::int64_t>(),
                         .digest = row[5].as<std::string>(),
                         .chunk_count = row[6].as<std::int64_t>(),
                         .created_micros = row[7].as<std::int64_t>()};
  });
}

Result<std::string> PgContentRepository::Chunk(ContentId id, std::int64_t index) {
  return context_.Run("read content chunk", [&]() -> Result<std::string> {
    pqxx::result rows = context_.Transaction().exec_prepared("content_chunk_get",
                                                             organization_.value, id.value, index);
    if (rows.empty()) {
      return NotFoundError("chunk " + std::to_string(index) + " of content " +
                           std::to_string(id.value) + " not found");
    }
    return ReadBinary(rows[0][0]);
  });
}

Result<std::vector<ContentId>> PgContentRepository::ListBelowKeyVersion(int version,
                                                                        ContentId after,
                                                                        int limit) {
  if (limit < 1 || limit > 1000) return InvalidArgumentError("limit must be 1..1000");
  return context_.Run("list content by data key version", [&]() -> Result<std::vector<ContentId>> {
    pqxx::result rows = context_.Transaction().exec_prepared(
        "content_list_below", organization_.value, version, after.value, limit);
    std::vector<ContentId> ids;
    for (const pqxx::row& row : rows) ids.emplace_back(row[0].as<std::int64_t>());
    return ids;
  });
}

}  // namespace roi::postgres
