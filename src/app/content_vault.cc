#include "app/content_vault.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace roi {
namespace {

std::string IdText(ContentId id) { return std::to_string(id.value); }

// A ContentSource over bytes already in memory.
class ViewSource final : public ContentSource {
 public:
  explicit ViewSource(std::string_view bytes) : bytes_(bytes) {}
  Result<std::size_t> Read(char* buffer, std::size_t capacity) override {
    std::size_t n = std::min(capacity, bytes_.size());
    std::copy_n(bytes_.data(), n, buffer);
    bytes_.remove_prefix(n);
    return n;
  }

 private:
  std::string_view bytes_;
};

// Reads until `block` is full or the source ends (sources may return short reads).
Result<std::size_t> Fill(ContentSource& source, std::string& block) {
  std::size_t filled = 0;
  while (filled < block.size()) {
    Result<std::size_t> n = source.Read(block.data() + filled, block.size() - filled);
    if (!n) return n.error();
    if (*n == 0) break;
    filled += std::min(*n, block.size() - filled);
  }
  return filled;
}

}  // namespace

Error MasterKeyMismatch(std::string_view stored_id, std::string_view configured_id) {
  return FailedPreconditionError(
      "master key does not match the one the data keys were wrapped with (expected key id " +
      std::string(stored_id) + ", got " + std::string(configured_id) + ")");
}

std::string ContentAssociatedData(OrganizationId organization, ContentId id) {
  return "openroi/content/v1 organization=" + std::to_string(organization.value) +
         " content=" + IdText(id);
}

Result<WrappedDataKey> ContentVault::UsableKey(Transaction& tx, int version) {
  Result<DataKeyRecord> key = tx.DataKeys().Find(version);
  if (!key) {
    if (key.error().code != ErrorCode::kNotFound) return key.error();
    return DataLossError("data key version " + std::to_string(version) + " of organization " +
                         std::to_string(tx.Organization().value) + " is missing");
  }
  if (!cipher_.Accepts(key->master_key_id)) {
    return MasterKeyMismatch(key->master_key_id, cipher_.MasterKeyId());
  }
  return WrappedDataKey{.organization = tx.Organization(),
                        .version = key->version,
                        .wrapped_key = key->wrapped_key,
                        .master_key_id = key->master_key_id};
}

Result<WrappedDataKey> ContentVault::ActiveKey(Transaction& tx) {
  Result<std::vector<DataKeyRecord>> keys = tx.DataKeys().List();
  if (!keys) return keys.error();
  int highest = 0;
  const DataKeyRecord* active = nullptr;
  for (const DataKeyRecord& key : *keys) {
    highest = std::max(highest, key.version);
    if (key.state == DataKeyState::kActive &&
        (active == nullptr || key.version > active->version)) {
      active = &key;
    }
  }
  if (active != nullptr) return UsableKey(tx, active->version);
  Result<WrappedDataKey> created = cipher_.NewDataKey(tx.Organization(), highest + 1);
  if (!created) return created.error();
  Status inserted = tx.DataKeys().Insert({.version = created->version,
                                          .wrapped_key = created->wrapped_key,
                                          .master_key_id = created->master_key_id,
                                          .created_micros = clock_.NowMicros(),
                                          .state = DataKeyState::kActive});
  if (!inserted) {
    if (inserted.error().code == ErrorCode::kAlreadyExists) {
      return AbortedError("a data key was created concurrently; retry");
    }
    return inserted.error();
  }
  return created;
}

Result<ContentRecord> ContentVault::Put(Transaction& tx, std::string_view bytes,
                                        std::string_view media_type) {
  ViewSource source(bytes);
  return PutStream(tx, source, media_type);
}

Result<ContentRecord> ContentVault::PutStream(Transaction& tx, ContentSource& source,
                                              std::string_view media_type) {
  ContentRecord record{.media_type = std::string(media_type), .data_key_version = 1};
  if (Status valid = ValidateContent(record); !valid) return valid.error();
  Result<WrappedDataKey> key = ActiveKey(tx);
  if (!key) return key.error();
  record.data_key_version = key->version;
  record.created_micros = clock_.NowMicros();
  Result<ContentId> id = tx.Contents().Create(record);
  if (!id) return id.error();
  record.id = *id;
  Result<std::unique_ptr<ContentSealer>> sealer =
      cipher_.Sealer(*key, ContentAssociatedData(tx.Organization(), record.id));
  if (!sealer) return sealer.error();
  std::unique_ptr<ContentDigest> digest = cipher_.Digest();
  // One chunk of lookahead: a chunk is the last when the source has nothing after it.
  std::string current(cipher_.ChunkBytes(), '\0');
  std::string next(cipher_.ChunkBytes(), '\0');
  Result<std::size_t> current_size = Fill(source, current);
  if (!current_size) return current_size.error();
  for (;;) {
    Result<std::size_t> next_size =
        *current_size < current.size() ? Result<std::size_t>(0) : Fill(source, next);
    if (!next_size) return next_size.error();
    std::string_view plaintext(current.data(), *current_size);
    ChunkPosition position = *next_size == 0 ? ChunkPosition::kLast : ChunkPosition::kMiddle;
    Result<std::string> ciphertext = (*sealer)->Push(plaintext, position);
    if (!ciphertext) return ciphertext.error();
    if (Status put = tx.Contents().PutChunk(record.id, record.chunk_count, *ciphertext); !put) {
      return put.error();
    }
    digest->Update(plaintext);
    record.size += static_cast<std::int64_t>(plaintext.size());
    ++record.chunk_count;
    if (position == ChunkPosition::kLast) break;
    std::swap(current, next);
    current_size = next_size;
  }
  record.header = (*sealer)->Header();
  record.digest = digest->FinishHex();
  if (Status sealed = tx.Contents().Seal(record); !sealed) return sealed.error();
  return record;
}

Status ContentVault::Decrypt(Transaction& tx, const ContentRecord& record,
                             const std::function<Status(const OpenedChunk&)>& each) {
  std::string what = "content " + IdText(record.id);
  if (record.chunk_count < 1) return DataLossError(what + " has no ciphertext");
  Result<WrappedDataKey> key = UsableKey(tx, record.data_key_version);
  if (!key) return key.error();
  Result<std::unique_ptr<ContentOpener>> opener =
      cipher_.Opener(*key, record.header, ContentAssociatedData(tx.Organization(), record.id));
  if (!opener) return opener.error();
  std::unique_ptr<ContentDigest> digest = cipher_.Digest();
  std::int64_t size = 0;
  for (std::int64_t index = 0; index < record.chunk_count; ++index) {
    Result<std::string> ciphertext = tx.Contents().Chunk(record.id, index);
    if (!ciphertext) {
      if (ciphertext.error().code != ErrorCode::kNotFound) return ciphertext.error();
      return DataLossError(what + " is missing chunk " + std::to_string(index));
    }
    Result<OpenedChunk> opened = (*opener)->Pull(*ciphertext);
    if (!opened) return DataLossError(what + ": " + opened.error().message);
    bool last = index + 1 == record.chunk_count;
    if ((opened->position == ChunkPosition::kLast) != last) {
      return DataLossError(what + " is truncated or has chunks out of place");
    }
    digest->Update(opened->plaintext);
    size += static_cast<std::int64_t>(opened->plaintext.size());
    if (Status done = each(*opened); !done) return done;
  }
  if (size != record.size || digest->FinishHex() != record.digest) {
    return DataLossError(what + " does not match its recorded size and digest");
  }
  return OkStatus();
}

Result<ContentRecord> ContentVault::GetStream(Transaction& tx, ContentId id, ContentSink& sink) {
  Result<ContentRecord> record = tx.Contents().Find(id);
  if (!record) return record.error();
  Status decrypted = Decrypt(
      tx, *record, [&](const OpenedChunk& chunk) -> Status { return sink.Write(chunk.plaintext); });
  if (!decrypted) return decrypted.error();
  return record;
}

Result<std::string> ContentVault::Get(Transaction& tx, ContentId id) {
  Result<ContentRecord> record = tx.Contents().Find(id);
  if (!record) return record.error();
  std::string out;
  // The stored size is checked only after decryption, so it must not drive a huge allocation.
  constexpr std::int64_t kMaxReserve = std::int64_t{64} << 20;
  out.reserve(static_cast<std::size_t>(std::clamp<std::int64_t>(record->size, 0, kMaxReserve)));
  Status decrypted = Decrypt(tx, *record, [&](const OpenedChunk& chunk) -> Status {
    out += chunk.plaintext;
    return OkStatus();
  });
  if (!decrypted) return decrypted.error();
  return out;
}

Result<bool> ContentVault::Reencrypt(Transaction& tx, ContentId id) {
  Result<ContentRecord> record = tx.Contents().Find(id);
  if (!record) return record.error();
  Result<WrappedDataKey> key = ActiveKey(tx);
  if (!key) return key.error();
  if (record->data_key_version >= key->version) return false;
  Result<std::unique_ptr<ContentSealer>> sealer =
      cipher_.Sealer(*key, ContentAssociatedData(tx.Organization(), id));
  if (!sealer) return sealer.error();
  // Chunk i is read before it is replaced, so the content is rewritten in place.
  std::int64_t index = 0;
  Status decrypted = Decrypt(tx, *record, [&](const OpenedChunk& chunk) -> Status {
    Result<std::string> ciphertext = (*sealer)->Push(chunk.plaintext, chunk.position);
    if (!ciphertext) return ciphertext.error();
    return tx.Contents().PutChunk(id, index++, *ciphertext);
  });
  if (!decrypted) return decrypted.error();
  ContentRecord moved = *record;
  moved.data_key_version = key->version;
  moved.header = (*sealer)->Header();
  if (Status sealed = tx.Contents().Seal(moved); !sealed) return sealed.error();
  return true;
}

}  // namespace roi
