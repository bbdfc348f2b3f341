// ContentVault: stores and reads document and packet bytes encrypted at rest.  Content is split
// into chunks, each encrypted and authenticated with the organization's current data key, so a
// large PDF never has to be held in memory twice and any tampering, reordering or truncation is
// detected on read.  Uses the ContentCipher port; knows no crypto library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "app/clock.h"
#include "app/content_cipher.h"
#include "app/store.h"

namespace roi {

// Where PutStream reads plaintext from.  Interface; not thread-safe.
class ContentSource {
 public:
  virtual ~ContentSource() = default;
  // Reads up to `capacity` bytes into `buffer`, returning how many were read; 0 means the end.
  virtual Result<std::size_t> Read(char* buffer, std::size_t capacity) = 0;
};

// Where GetStream writes plaintext to.  Interface; not thread-safe.
class ContentSink {
 public:
  virtual ~ContentSink() = default;
  virtual Status Write(std::string_view bytes) = 0;
};

// Service.  Thread-safe if its cipher is (it keeps no state of its own).
class ContentVault {
 public:
  // `cipher` and `clock` must outlive this object.
  ContentVault(const ContentCipher& cipher, const Clock& clock) : cipher_(cipher), clock_(clock) {}

  // Encrypts and stores `bytes` in the transaction's organization, returning the stored record.
  // Creates the organization's first data key if it has none.  Returns InvalidArgument for a bad
  // media type, FailedPrecondition in a read transaction or when the data key was wrapped under a
  // master key that is not configured (MasterKeyMismatch), Aborted if another transaction created
  // the first data key at the same time, and the store's errors.
  Result<ContentRecord> Put(Transaction& tx, std::string_view bytes, std::string_view media_type);
  // Like Put, reading the plaintext from `source` one chunk at a time, and returning its errors.
  Result<ContentRecord> PutStream(Transaction& tx, ContentSource& source,
                                  std::string_view media_type);

  // The decrypted content.  Returns NotFound if `id` is not content of this organization,
  // DataLoss if the stored ciphertext was tampered with, truncated, reordered or does not match
  // its size and digest, FailedPrecondition (MasterKeyMismatch) if its data key was wrapped under
  // a master key that is not configured.
  Result<std::string> Get(Transaction& tx, ContentId id);
  // Like Get, writing the plaintext to `sink` one authenticated chunk at a time.  On an error,
  // what was written so far must be discarded (the end of the stream was not verified).
  Result<ContentRecord> GetStream(Transaction& tx, ContentId id, ContentSink& sink);

  // Re-encrypts `id` under the organization's active data key when it was encrypted under an
  // older one; returns whether it did.  Returns Get's errors.
  Result<bool> Reencrypt(Transaction& tx, ContentId id);

  // The organization's active data key (the highest active version), creating version 1 (or the
  // next version when every key is retired) if there is none.  Returns MasterKeyMismatch if it
  // was wrapped under a master key that is not configured.
  Result<WrappedDataKey> ActiveKey(Transaction& tx);

 private:
  Result<WrappedDataKey> UsableKey(Transaction& tx, int version);
  // Decrypts `record` chunk by chunk, handing each plaintext chunk with its position to `each`.
  Status Decrypt(Transaction& tx, const ContentRecord& record,
                 const std::function<Status(const OpenedChunk&)>& each);

  const ContentCipher& cipher_;
  const Clock& clock_;
};

// The associated data that binds every chunk of content `id` to its organization and id, so
// ciphertext moved to another row or organization does not decrypt.
std::string ContentAssociatedData(OrganizationId organization, ContentId id);

}  // namespace roi
