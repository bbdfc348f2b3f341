// The InMemoryStore's data key and content repositories.
#include <string>

#include "testing/in_memory_repositories.h"

namespace roi::testing {
namespace {

Error NoDataKey(OrganizationId organization, int version) {
  return NotFoundError("data key version " + std::to_string(version) +
                       " not found in organization " + std::to_string(organization.value));
}

Error NoContent(OrganizationId organization, ContentId id) {
  return NotFoundError("content " + std::to_string(id.value) + " not found in organization " +
                       std::to_string(organization.value));
}

}  // namespace

// Data keys.

Status InMemoryDataKeys::Insert(const DataKeyRecord& key) {
  if (Status writable = RequireWrite(data_); !writable) return writable;
  if (Status valid = ValidateDataKey(key); !valid) return valid;
  if (view_.data_keys.contains({organization_, key.version})) {
    return AlreadyExistsError("data key version " + std::to_string(key.version) +
                              " already exists in organization " +
                              std::to_string(organization_.value));
  }
  data_->data_keys[{organization_, key.version}] = key;
  return OkStatus();
}

Result<DataKeyRecord> InMemoryDataKeys::Find(int version) {
  auto found = view_.data_keys.find({organization_, version});
  if (found == view_.data_keys.end()) return NoDataKey(organization_, version);
  return found->second;
}

Result<std::vector<DataKeyRecord>> InMemoryDataKeys::List() {
  std::vector<DataKeyRecord> keys;
  for (const auto& [key, record] : view_.data_keys) {
    if (key.first == organization_) keys.push_back(record);
  }
  return keys;
}

Status InMemoryDataKeys::Rewrap(int version, std::string_view wrapped_key,
                                std::string_view master_key_id) {
  if (Status writable = RequireWrite(data_); !writable) return writable;
  if (wrapped_key.empty() || master_key_id.empty()) {
    return InvalidArgumentError("wrapped data key and master key id must not be empty");
  }
  auto found = data_->data_keys.find({organization_, version});
  if (found == data_->data_keys.end()) return NoDataKey(organization_, version);
  found->second.wrapped_key = std::string(wrapped_key);
  found->second.master_key_id = std::string(master_key_id);
  return OkStatus();
}

Status InMemoryDataKeys::SetState(int version, DataKeyState state) {
  if (Status writable = RequireWrite(data_); !writable) return writable;
  auto found = data_->data_keys.find({organization_, version});
  if (found == data_->data_keys.end()) return NoDataKey(organization_, version);
  found->second.state = state;
  return OkStatus();
}

// Content.

Status InMemoryContents::RequireKeyVersion(int version) const {
  if (!view_.data_keys.contains({organization_, version})) return NoDataKey(organization_, version);
  return OkStatus();
}

Status InMemoryContents::RequireContent(ContentId id) const {
  auto found = view_.contents.find(id);
  if (found == view_.contents.end() || found->second.first != organization_) {
    return NoContent(organization_, id);
  }
  return OkStatus();
}

Result<ContentId> InMemoryContents::Create(const ContentRecord& content) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateContent(content); !valid) return valid.error();
  if (Status key = RequireKeyVersion(content.data_key_version); !key) return key.error();
  ContentRecord stored = content;
  stored.id = ContentId(data_->next_id++);
  data_->contents[stored.id] = {organization_, stored};
  return stored.id;
}

Status InMemoryContents::PutChunk(ContentId id, std::int64_t index, std::string_view ciphertext) {
  if (Status writable = RequireWrite(data_); !writable) return writable;
  if (index < 0) return InvalidArgumentError("chunk index must not be negative");
  if (Status exists = RequireContent(id); !exists) return exists;
  data_->content_chunks[{id, index}] = std::string(ciphertext);
  return OkStatus();
}

Status InMemoryContents::Seal(const ContentRecord& content) {
  if (Status writable = RequireWrite(data_); !writable) return writable;
  if (Status valid = ValidateContent(content); !valid) return valid;
  if (Status exists = RequireContent(content.id); !exists) return exists;
  if (Status key = RequireKeyVersion(content.data_key_version); !key) return key;
  ContentRecord& stored = data_->contents[content.id].second;
  stored.data_key_version = content.data_key_version;
  stored.header = content.header;
  stored.size = content.size;
  stored.digest = content.digest;
  stored.chunk_count = content.chunk_count;
  auto first = data_->content_chunks.lower_bound({content.id, content.chunk_count});
  auto last = data_->content_chunks.lower_bound({ContentId(content.id.value + 1), 0});
  data_->content_chunks.erase(first, last);
  return OkStatus();
}

Result<ContentRecord> InMemoryContents::Find(ContentId id) {
  if (Status exists = RequireContent(id); !exists) return exists.error();
  return view_.contents.at(id).second;
}

Result<std::string> InMemoryContents::Chunk(ContentId id, std::int64_t index) {
  if (Status exists = RequireContent(id); !exists) return exists.error();
  auto found = view_.content_chunks.find({id, index});
  if (found == view_.content_chunks.end()) {
    return NotFoundError("chunk " + std::to_string(index) + " of content " +
                         std::to_string(id.value) + " not found");
  }
  return found->second;
}

Result<std::vector<ContentId>> InMemoryContents::ListBelowKeyVersion(int version, ContentId after,
                                                                     int limit) {
  if (limit < 1 || limit > 1000) return InvalidArgumentError("limit must be 1..1000");
  std::vector<ContentId> ids;
  for (auto it = view_.contents.upper_bound(after);
       it != view_.contents.end() && static_cast<int>(ids.size()) < limit; ++it) {
    const auto& [organization, record] = it->second;
    if (organization == organization_ && record.data_key_version < version)
      ids.push_back(it->first);
  }
  return ids;
}

}  // namespace roi::testing
