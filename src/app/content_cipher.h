// Content encryption ports: what the content vault needs from a cipher, so that app/ never sees a
// crypto library.  Data keys exist in the clear only inside the adapter; app/ handles them wrapped
// (encrypted under a master key that lives outside the database).
// Adapter: crypto/content_cipher.h (libsodium secretstream); a test double is in tests/testing.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "base/ids.h"
#include "base/result.h"

namespace roi {

// A data key as stored: the key of `organization` at `version`, wrapped under the master key whose
// fingerprint is `master_key_id`.  Value type.
struct WrappedDataKey {
  OrganizationId organization;
  int version = 0;
  std::string wrapped_key;    // Nonce and ciphertext; opaque outside the adapter.
  std::string master_key_id;  // Fingerprint of the master key that wrapped it.
};

// Where a chunk sits in its stream.  The last chunk is marked so a truncated stream is detected.
enum class ChunkPosition { kMiddle, kLast };

// Encrypts one stream.  Not thread-safe; one object per stream.
class ContentSealer {
 public:
  virtual ~ContentSealer() = default;
  // The stream header, to be stored with the ciphertext and given to ContentCipher::Opener.
  virtual std::string Header() const = 0;
  // Encrypts the next chunk (at most ContentCipher::ChunkBytes() bytes).  After a kLast chunk the
  // stream is finished and further calls return FailedPrecondition.  Returns InvalidArgument
  // for an oversized chunk.
  virtual Result<std::string> Push(std::string_view plaintext, ChunkPosition position) = 0;
};

// One decrypted chunk.
struct OpenedChunk {
  std::string plaintext;
  ChunkPosition position = ChunkPosition::kMiddle;
};

// Decrypts one stream, chunk by chunk, in order.  Not thread-safe; one object per stream.
class ContentOpener {
 public:
  virtual ~ContentOpener() = default;
  // Decrypts and authenticates the next chunk.  Returns DataLoss if it was tampered with, is out
  // of order, belongs to another stream, or follows the last chunk.
  virtual Result<OpenedChunk> Pull(std::string_view ciphertext) = 0;
};

// An incremental digest of plaintext (to verify content end to end).  Not thread-safe.
class ContentDigest {
 public:
  virtual ~ContentDigest() = default;
  virtual void Update(std::string_view bytes) = 0;
  // The digest as lower-case hex; the object must not be used afterwards.
  virtual std::string FinishHex() = 0;
};

// Interface.  Holds the master key (and, during a rotation, other master keys it also accepts for
// unwrapping).  Implementations must be safe to call from several threads.
class ContentCipher {
 public:
  virtual ~ContentCipher() = default;
  // Plaintext bytes per chunk (the last chunk may be shorter, or empty for empty content).
  virtual std::size_t ChunkBytes() const = 0;
  // Ciphertext bytes a chunk adds to its plaintext.
  virtual std::size_t ChunkOverhead() const = 0;
  // The fingerprint of the master key new data keys are wrapped with.
  virtual std::string MasterKeyId() const = 0;
  // True if a data key wrapped under `master_key_id` can be unwrapped.
  virtual bool Accepts(std::string_view master_key_id) const = 0;
  // A new random data key for `organization` at `version`, wrapped under the master key.
  virtual Result<WrappedDataKey> NewDataKey(OrganizationId organization, int version) const = 0;
  // `key` unwrapped with whichever accepted master key wrapped it and wrapped again under the
  // master key (MasterKeyId()).  Returns FailedPrecondition if its master key is not accepted,
  // DataLoss if it does not unwrap (tampered, or moved to another organization or version).
  virtual Result<WrappedDataKey> Rewrap(const WrappedDataKey& key) const = 0;
  // A sealer for a new stream under `key`, bound to `associated` (authenticated, not stored).
  // Returns the errors of Rewrap for a key that cannot be unwrapped.
  virtual Result<std::unique_ptr<ContentSealer>> Sealer(const WrappedDataKey& key,
                                                        std::string_view associated) const = 0;
  // An opener for the stream that began with `header`.  Returns DataLoss for a malformed header,
  // and the errors of Rewrap for a key that cannot be unwrapped.
  virtual Result<std::unique_ptr<ContentOpener>> Opener(const WrappedDataKey& key,
                                                        std::string_view header,
                                                        std::string_view associated) const = 0;
  // A new plaintext digest.
  virtual std::unique_ptr<ContentDigest> Digest() const = 0;
};

// The error for a data key wrapped under a master key that is not configured:
// FailedPrecondition "master key does not match the one the data keys were wrapped with
// (expected key id <stored>, got <configured>)".
Error MasterKeyMismatch(std::string_view stored_id, std::string_view configured_id);

}  // namespace roi
