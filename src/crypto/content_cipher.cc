#include "crypto/content_cipher.h"

#include <sodium.h>

#include <array>
#include <utility>

namespace roi::crypto {
namespace {

using DataKeyBytes = std::array<unsigned char, crypto_secretstream_xchacha20poly1305_KEYBYTES>;
static_assert(crypto_secretstream_xchacha20poly1305_KEYBYTES == MasterKey::kBytes);

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

// Binds a wrapped data key to its organization and version.
std::string WrapAssociatedData(OrganizationId organization, int version) {
  return "openroi/data-key/v1 organization=" + std::to_string(organization.value) +
         " version=" + std::to_string(version);
}

std::string Wrap(const MasterKey& master, const DataKeyBytes& key, OrganizationId organization,
                 int version) {
  std::string ad = WrapAssociatedData(organization, version);
  constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::string out(kNonce + key.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, kNonce);
  unsigned long long length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kNonce, &length, key.data(), key.size(),
                                             Bytes(ad), ad.size(), nullptr, nonce, master.Bytes());
  out.resize(kNonce + length);
  return out;
}

Result<DataKeyBytes> Unwrap(const MasterKey& master, const WrappedDataKey& wrapped) {
  std::string ad = WrapAssociatedData(wrapped.organization, wrapped.version);
  constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  DataKeyBytes key{};
  const std::string& text = wrapped.wrapped_key;
  unsigned long long length = 0;
  bool ok = text.size() == kNonce + key.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES &&
            crypto_aead_xchacha20poly1305_ietf_decrypt(
                key.data(), &length, nullptr, Bytes(text) + kNonce, text.size() - kNonce, Bytes(ad),
                ad.size(), Bytes(text), master.Bytes()) == 0 &&
            length == key.size();
  if (!ok) {
    sodium_memzero(key.data(), key.size());
    return DataLossError("data key version " + std::to_string(wrapped.version) +
                         " of organization " + std::to_string(wrapped.organization.value) +
                         " does not unwrap (tampered with, or moved from another organization or "
                         "version)");
  }
  return key;
}

// Wipes a data key when it leaves scope.
struct KeyWiper {
  DataKeyBytes& key;
  ~KeyWiper() { sodium_memzero(key.data(), key.size()); }
};

class SodiumSealer final : public ContentSealer {
 public:
  SodiumSealer(const DataKeyBytes& key, std::string_view associated, std::size_t chunk_bytes)
      : associated_(associated), chunk_bytes_(chunk_bytes) {
    crypto_secretstream_xchacha20poly1305_init_push(&state_, header_.data(), key.data());
  }
  ~SodiumSealer() override { sodium_memzero(&state_, sizeof state_); }
  SodiumSealer(const SodiumSealer&) = delete;
  SodiumSealer& operator=(const SodiumSealer&) = delete;

  std::string Header() const override {
    return {reinterpret_cast<const char*>(header_.data()), header_.size()};
  }

  Result<std::string> Push(std::string_view plaintext, ChunkPosition position) override {
    if (finished_) return FailedPreconditionError("the content stream is already finished");
    if (plaintext.size() > chunk_bytes_) {
      return InvalidArgumentError("a content chunk is larger than the chunk size");
    }
    std::string out(plaintext.size() + crypto_secretstream_xchacha20poly1305_ABYTES, '\0');
    unsigned char tag = position == ChunkPosition::kLast
                            ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                            : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    crypto_secretstream_xchacha20poly1305_push(
        &state_, reinterpret_cast<unsigned char*>(out.data()), nullptr, Bytes(plaintext),
        plaintext.size(), Bytes(associated_), associated_.size(), tag);
    finished_ = position == ChunkPosition::kLast;
    return out;
  }

 private:
  crypto_secretstream_xchacha20poly1305_state state_{};
  std::array<unsigned char, crypto_secretstream_xchacha20poly1305_HEADERBYTES> header_{};
  std::string associated_;
  std::size_t chunk_bytes_;
  bool finished_ = false;
};

class SodiumOpener final : public ContentOpener {
 public:
  SodiumOpener(std::string associated) : associated_(std::move(associated)) {}
  ~SodiumOpener() override { sodium_memzero(&state_, sizeof state_); }
  SodiumOpener(const SodiumOpener&) = delete;
  SodiumOpener& operator=(const SodiumOpener&) = delete;

  // False for a malformed header.
  bool Start(const DataKeyBytes& key, std::string_view header) {
    return header.size() == crypto_secretstream_xchacha20poly1305_HEADERBYTES &&
           crypto_secretstream_xchacha20poly1305_init_pull(&state_, Bytes(header), key.data()) == 0;
  }

  Result<OpenedChunk> Pull(std::string_view ciphertext) override {
    if (finished_) return DataLossError("ciphertext continues after the final chunk");
    if (ciphertext.size() < crypto_secretstream_xchacha20poly1305_ABYTES) {
      return DataLossError("a ciphertext chunk is too short");
    }
    OpenedChunk opened;
    opened.plaintext.resize(ciphertext.size() - crypto_secretstream_xchacha20poly1305_ABYTES);
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(
            &state_, reinterpret_cast<unsigned char*>(opened.plaintext.data()), nullptr, &tag,
            Bytes(ciphertext), ciphertext.size(), Bytes(associated_), associated_.size()) != 0) {
      return DataLossError("a ciphertext chunk failed authentication");
    }
    if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
      finished_ = true;
      opened.position = ChunkPosition::kLast;
    } else if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE) {
      return DataLossError("a ciphertext chunk has an unexpected tag");
    }
    return opened;
  }

 private:
  crypto_secretstream_xchacha20poly1305_state state_{};
  std::string associated_;
  bool finished_ = false;
};

class Blake2bDigest final : public ContentDigest {
 public:
  Blake2bDigest() { crypto_generichash_init(&state_, nullptr, 0, crypto_generichash_BYTES); }
  void Update(std::string_view bytes) override {
    crypto_generichash_update(&state_, Bytes(bytes), bytes.size());
  }
  std::string FinishHex() override {
    std::array<unsigned char, crypto_generichash_BYTES> digest{};
    crypto_generichash_final(&state_, digest.data(), digest.size());
    std::string hex(digest.size() * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    hex.pop_back();
    return hex;
  }

 private:
  crypto_generichash_state state_{};
};

}  // namespace

SodiumContentCipher::SodiumContentCipher(MasterKey master, std::vector<MasterKey> also_accepted,
                                         ContentCipherOptions options)
    : master_(std::move(master)), also_accepted_(std::move(also_accepted)), options_(options) {
  if (options_.chunk_bytes == 0 || options_.chunk_bytes > (std::size_t{16} << 20)) {
    options_.chunk_bytes = 64 * 1024;
  }
}

std::size_t SodiumContentCipher::ChunkOverhead() const {
  return crypto_secretstream_xchacha20poly1305_ABYTES;
}

const MasterKey* SodiumContentCipher::Find(std::string_view master_key_id) const {
  if (master_.Id() == master_key_id) return &master_;
  for (const MasterKey& key : also_accepted_) {
    if (key.Id() == master_key_id) return &key;
  }
  return nullptr;
}

bool SodiumContentCipher::Accepts(std::string_view master_key_id) const {
  return Find(master_key_id) != nullptr;
}

Result<WrappedDataKey> SodiumContentCipher::NewDataKey(OrganizationId organization,
                                                       int version) const {
  if (version < 1) return InvalidArgumentError("data key version must be at least 1");
  DataKeyBytes key{};
  KeyWiper wiper{key};
  crypto_secretstream_xchacha20poly1305_keygen(key.data());
  return WrappedDataKey{.organization = organization,
                        .version = version,
                        .wrapped_key = Wrap(master_, key, organization, version),
                        .master_key_id = master_.Id()};
}

Result<WrappedDataKey> SodiumContentCipher::Rewrap(const WrappedDataKey& key) const {
  const MasterKey* wrapping = Find(key.master_key_id);
  if (wrapping == nullptr) return MasterKeyMismatch(key.master_key_id, master_.Id());
  Result<DataKeyBytes> plain = Unwrap(*wrapping, key);
  if (!plain) return plain.error();
  KeyWiper wiper{*plain};
  WrappedDataKey out = key;
  out.wrapped_key = Wrap(master_, *plain, key.organization, key.version);
  out.master_key_id = master_.Id();
  return out;
}

Result<std::unique_ptr<ContentSealer>> SodiumContentCipher::Sealer(
    const WrappedDataKey& key, std::string_view associated) const {
  const MasterKey* wrapping = Find(key.master_key_id);
  if (wrapping == nullptr) return MasterKeyMismatch(key.master_key_id, master_.Id());
  Result<DataKeyBytes> plain = Unwrap(*wrapping, key);
  if (!plain) return plain.error();
  KeyWiper wiper{*plain};
  return std::unique_ptr<ContentSealer>(
      std::make_unique<SodiumSealer>(*plain, associated, options_.chunk_bytes));
}

Result<std::unique_ptr<ContentOpener>> SodiumContentCipher::Opener(
    const WrappedDataKey& key, std::string_view header, std::string_view associated) const {
  const MasterKey* wrapping = Find(key.master_key_id);
  if (wrapping == nullptr) return MasterKeyMismatch(key.master_key_id, master_.Id());
  Result<DataKeyBytes> plain = Unwrap(*wrapping, key);
  if (!plain) return plain.error();
  KeyWiper wiper{*plain};
  auto opener = std::make_unique<SodiumOpener>(std::string(associated));
  if (!opener->Start(*plain, header)) return DataLossError("the content stream header is invalid");
  return std::unique_ptr<ContentOpener>(std::move(opener));
}

std::unique_ptr<ContentDigest> SodiumContentCipher::Digest() const {
  return std::make_unique<Blake2bDigest>();
}

}  // namespace roi::crypto
