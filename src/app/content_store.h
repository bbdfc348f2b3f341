// The storage ports for encrypted content: data keys (wrapped under the master key) and content
// (ciphertext chunks plus metadata).  Both are reached through an organization-bound Transaction
// (app/store.h), so one organization can never read another's keys or content.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.h"
#include "base/result.h"

namespace roi {

// kActive: used for new content (the highest active version).  kRetired: kept to read old
// content, never used for new content.
enum class DataKeyState { kActive, kRetired };

std::string_view DataKeyStateName(DataKeyState state);
// Returns InvalidArgument for anything but "active" or "retired".
Result<DataKeyState> ParseDataKeyState(std::string_view name);

// One version of an organization's data key, as stored.  Value type.
struct DataKeyRecord {
  int version = 0;            // 1, 2, ... per organization.
  std::string wrapped_key;    // Opaque bytes from ContentCipher.
  std::string master_key_id;  // Fingerprint of the master key that wrapped it.
  std::int64_t created_micros = 0;
  DataKeyState state = DataKeyState::kActive;
  bool operator==(const DataKeyRecord&) const = default;
};

// Returns InvalidArgument unless version >= 1 and the key and master key id are non-empty.
Status ValidateDataKey(const DataKeyRecord& key);

// Interface; bound to the transaction's organization.
class DataKeyRepository {
 public:
  virtual ~DataKeyRepository() = default;
  // Stores a new version.  Returns InvalidArgument if it does not validate, AlreadyExists if the
  // version exists in this organization.
  virtual Status Insert(const DataKeyRecord& key) = 0;
  // Returns NotFound if this organization has no such version.
  virtual Result<DataKeyRecord> Find(int version) = 0;
  // Every version of this organization's key, by version.
  virtual Result<std::vector<DataKeyRecord>> List() = 0;
  // Replaces the wrapped key and master key id of `version` (a master key rotation).  Returns
  // NotFound if there is no such version, InvalidArgument for empty values.
  virtual Status Rewrap(int version, std::string_view wrapped_key,
                        std::string_view master_key_id) = 0;
  // Sets the state of `version`.  Returns NotFound if there is no such version.
  virtual Status SetState(int version, DataKeyState state) = 0;
};

// One stored content item: metadata and how it was encrypted.  The ciphertext is stored as
// chunks 0..chunk_count-1.  Value type.
struct ContentRecord {
  ContentId id;
  std::string media_type;        // e.g. "application/pdf".
  int data_key_version = 0;      // The organization's data key that encrypted it.
  std::string header;            // The cipher stream header.
  std::int64_t size = 0;         // Plaintext bytes.
  std::string digest;            // Hex digest of the plaintext (BLAKE2b-256).
  std::int64_t chunk_count = 0;  // Ciphertext chunks.
  std::int64_t created_micros = 0;
  bool operator==(const ContentRecord&) const = default;
};

// Returns InvalidArgument unless the media type looks like "type/subtype" (at most 255 printable
// ASCII characters), data_key_version >= 1 and size and chunk_count are not negative.
Status ValidateContent(const ContentRecord& content);

// Interface; bound to the transaction's organization.  Content is written as: Create (metadata,
// no chunks), PutChunk for each chunk, Seal (final metadata); all in one write transaction.
class ContentRepository {
 public:
  virtual ~ContentRepository() = default;
  // Stores `content`'s metadata (its id is ignored) and returns the new id.  Returns
  // InvalidArgument if it does not validate, NotFound if its data key version does not exist.
  virtual Result<ContentId> Create(const ContentRecord& content) = 0;
  // Stores chunk `index` of `id`, replacing any chunk stored there.  Returns NotFound if `id` is
  // not content of this organization, InvalidArgument for a negative index.
  virtual Status PutChunk(ContentId id, std::int64_t index, std::string_view ciphertext) = 0;
  // Replaces data_key_version, header, size, digest and chunk_count of `content.id`, and drops
  // chunks at or past chunk_count.  Returns NotFound if it is not content of this organization or
  // its data key version does not exist, InvalidArgument if it does not validate.
  virtual Status Seal(const ContentRecord& content) = 0;
  // Returns NotFound if `id` is not content of this organization.
  virtual Result<ContentRecord> Find(ContentId id) = 0;
  // Returns NotFound if `id` has no chunk `index` in this organization.
  virtual Result<std::string> Chunk(ContentId id, std::int64_t index) = 0;
  // Ids of content encrypted with a data key version below `version`, greater than `after`, in
  // id order, at most `limit` (1..1000, else InvalidArgument).
  virtual Result<std::vector<ContentId>> ListBelowKeyVersion(int version, ContentId after,
                                                             int limit) = 0;
};

}  // namespace roi
