#include "crypto/otp.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace roi::crypto {

Result<std::string> OpenSslOtpPrimitives::RandomKey(std::size_t bytes) const {
  std::string key(bytes, '\0');
  if (bytes > 1024 ||
      RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), static_cast<int>(bytes)) != 1) {
    return InternalError("cannot draw random bytes");
  }
  return key;
}

std::string OpenSslOtpPrimitives::HmacSha1(std::string_view key, std::string_view message) const {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), out,
           &length) == nullptr) {
    return std::string();
  }
  return std::string(reinterpret_cast<const char*>(out), length);
}

}  // namespace roi::crypto
