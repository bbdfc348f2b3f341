// The libsodium adapter of app/content_cipher.h.  Content is encrypted with
// crypto_secretstream_xchacha20poly1305 (64 KiB chunks by default, the last one tagged FINAL so
// truncation is detected); each data key is 32 random bytes wrapped with
// crypto_aead_xchacha20poly1305_ietf under the master key, with the organization id and key
// version as associated data so a wrapped key cannot be moved to another organization or version.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "app/content_cipher.h"
#include "crypto/master_key.h"

namespace roi::crypto {

struct ContentCipherOptions {
  std::size_t chunk_bytes = 64 * 1024;  // Plaintext bytes per chunk, 1..16 MiB.
};

// Thread-safe (immutable after construction).  Call crypto::Initialize() once before use.
class SodiumContentCipher final : public ContentCipher {
 public:
  // `master` wraps new data keys; `also_accepted` (e.g. the previous master key during a
  // rotation) can unwrap data keys but never wraps new ones.
  SodiumContentCipher(MasterKey master, std::vector<MasterKey> also_accepted,
                      ContentCipherOptions options = {});

  std::size_t ChunkBytes() const override { return options_.chunk_bytes; }
  std::size_t ChunkOverhead() const override;
  std::string MasterKeyId() const override { return master_.Id(); }
  bool Accepts(std::string_view master_key_id) const override;
  Result<WrappedDataKey> NewDataKey(OrganizationId organization, int version) const override;
  Result<WrappedDataKey> Rewrap(const WrappedDataKey& key) const override;
  Result<std::unique_ptr<ContentSealer>> Sealer(const WrappedDataKey& key,
                                                std::string_view associated) const override;
  Result<std::unique_ptr<ContentOpener>> Opener(const WrappedDataKey& key, std::string_view header,
                                                std::string_view associated) const override;
  std::unique_ptr<ContentDigest> Digest() const override;

 private:
  const MasterKey* Find(std::string_view master_key_id) const;

  MasterKey master_;
  std::vector<MasterKey> also_accepted_;
  ContentCipherOptions options_;
};

}  // namespace roi::crypto
