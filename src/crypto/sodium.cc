#include "crypto/sodium.h"

#include <sodium.h>

#include <vector>

namespace roi::crypto {

Status Initialize() {
  if (sodium_init() < 0) return InternalError("libsodium failed to initialise");
  return OkStatus();
}

Result<std::string> RandomToken(std::size_t bytes) {
  if (bytes == 0 || bytes > 1024) return InvalidArgumentError("token size must be 1..1024 bytes");
  if (Status ready = Initialize(); !ready) return ready.error();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string encoded(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                      '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), raw.data(), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(raw.data(), raw.size());
  encoded.resize(encoded.find('\0'));
  return encoded;
}

Result<std::string> Blake2bHex(std::string_view data, std::size_t digest_bytes) {
  if (digest_bytes < crypto_generichash_BYTES_MIN || digest_bytes > crypto_generichash_BYTES_MAX) {
    return InvalidArgumentError("BLAKE2b digest size must be 16..64 bytes");
  }
  std::vector<unsigned char> digest(digest_bytes);
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(data.data()), data.size(), nullptr, 0);
  std::string hex(digest_bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

Result<std::string> HashPassword(std::string_view password) {
  if (password.empty() || password.size() > 1024) {
    return InvalidArgumentError("password must be 1 to 1024 bytes");
  }
  if (Status ready = Initialize(); !ready) return ready.error();
  std::string encoded(crypto_pwhash_STRBYTES, '\0');
  if (crypto_pwhash_str_alg(encoded.data(), password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return ResourceExhaustedError("not enough memory to hash the password");
  }
  encoded.resize(encoded.find('\0'));
  return encoded;
}

bool VerifyPassword(std::string_view password, const std::string& encoded) {
  if (encoded.empty() || encoded.size() >= crypto_pwhash_STRBYTES) return false;
  if (Initialize()) {
    return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
  }
  return false;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace roi::crypto
