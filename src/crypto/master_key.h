// MasterKey: the key that wraps every organization's data keys.  It lives outside the database (a
// file or an environment variable); the database stores only its fingerprint (Id()), so a wrong
// key is recognised before anything is decrypted.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "base/result.h"

namespace roi::crypto {

// Value type, move-only; the key bytes are wiped when the object is destroyed.
class MasterKey {
 public:
  static constexpr std::size_t kBytes = 32;

  // Decodes standard base64 of exactly 32 bytes (surrounding whitespace ignored).  Returns
  // InvalidArgument naming `source` (a file or variable name, never the key) otherwise.
  static Result<MasterKey> FromBase64(std::string_view text, std::string_view source);
  // Reads a key file written by WriteNewKeyFile (base64 text).  Returns NotFound naming the path
  // if it does not exist or cannot be read, and FromBase64's errors.
  static Result<MasterKey> FromFile(const std::string& path);
  // A new random key.  Returns Internal if libsodium cannot start.
  static Result<MasterKey> Generate();
  // Creates `path` (mode 0600) holding a new random key.  Returns AlreadyExists if the file
  // exists (a key is never overwritten), Unavailable if it cannot be written.
  static Result<MasterKey> WriteNewKeyFile(const std::string& path);

  MasterKey(MasterKey&& other) noexcept;
  MasterKey& operator=(MasterKey&& other) noexcept;
  MasterKey(const MasterKey&) = delete;
  MasterKey& operator=(const MasterKey&) = delete;
  ~MasterKey();

  // The key's fingerprint: 32 lower-case hex digits of a keyed BLAKE2b hash.  Safe to store and
  // to print.
  const std::string& Id() const { return id_; }
  // The key as standard base64 (secret: for writing key files only).
  std::string Base64() const;
  const unsigned char* Bytes() const { return bytes_.data(); }

 private:
  explicit MasterKey(const std::array<unsigned char, kBytes>& bytes);

  std::array<unsigned char, kBytes> bytes_{};
  std::string id_;
};

}  // namespace roi::crypto
