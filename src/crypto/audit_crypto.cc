#include "crypto/audit_crypto.h"

#include <sodium.h>

#include "crypto/sodium.h"
#include "domain/audit.h"

namespace roi::crypto {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\r' ||
                           text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\r' ||
                           text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

}  // namespace

std::string SodiumAuditHasher::ChainHash(std::string_view prev_hash,
                                         std::string_view canonical) const {
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, 32);
  crypto_generichash_update(&state, Bytes(prev_hash), prev_hash.size());
  crypto_generichash_update(&state, Bytes(canonical), canonical.size());
  std::string digest(32, '\0');
  crypto_generichash_final(&state, reinterpret_cast<unsigned char*>(digest.data()), digest.size());
  return digest;
}

Result<Ed25519AuditSigner> Ed25519AuditSigner::FromSeedHex(std::string_view seed_hex) {
  Result<std::string> seed = HexDecode(Trim(seed_hex));
  if (!seed || seed->size() != crypto_sign_SEEDBYTES) {
    return InvalidArgumentError("the audit seal key must be 64 hex digits (a 32-byte seed)");
  }
  if (Status ready = Initialize(); !ready) return ready.error();
  Ed25519AuditSigner signer;
  crypto_sign_seed_keypair(signer.public_key_.data(), signer.secret_key_.data(), Bytes(*seed));
  sodium_memzero(seed->data(), seed->size());
  return signer;
}

Ed25519AuditSigner::~Ed25519AuditSigner() {
  sodium_memzero(secret_key_.data(), secret_key_.size());
}

std::string Ed25519AuditSigner::PublicKeyHex() const {
  return HexEncode(
      std::string_view(reinterpret_cast<const char*>(public_key_.data()), public_key_.size()));
}

std::string Ed25519AuditSigner::SignHex(std::string_view message) const {
  std::array<unsigned char, crypto_sign_BYTES> signature{};
  crypto_sign_detached(signature.data(), nullptr, Bytes(message), message.size(),
                       secret_key_.data());
  return HexEncode(
      std::string_view(reinterpret_cast<const char*>(signature.data()), signature.size()));
}

bool Ed25519SignatureChecker::Check(std::string_view public_key_hex, std::string_view message,
                                    std::string_view signature_hex) const {
  Result<std::string> key = HexDecode(public_key_hex);
  Result<std::string> signature = HexDecode(signature_hex);
  if (!key || key->size() != crypto_sign_PUBLICKEYBYTES || !signature ||
      signature->size() != crypto_sign_BYTES) {
    return false;
  }
  return crypto_sign_verify_detached(Bytes(*signature), Bytes(message), message.size(),
                                     Bytes(*key)) == 0;
}

Result<std::string> NewAuditSealKeyHex() {
  if (Status ready = Initialize(); !ready) return ready.error();
  std::array<unsigned char, crypto_sign_SEEDBYTES> seed{};
  randombytes_buf(seed.data(), seed.size());
  std::string hex =
      HexEncode(std::string_view(reinterpret_cast<const char*>(seed.data()), seed.size()));
  sodium_memzero(seed.data(), seed.size());
  return hex;
}

}  // namespace roi::crypto
