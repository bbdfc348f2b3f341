#include "crypto/master_key.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include "crypto/sodium.h"

namespace roi::crypto {
namespace {

constexpr std::string_view kIdContext = "openroi/master-key-id/v1";

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

MasterKey::MasterKey(const std::array<unsigned char, kBytes>& bytes) : bytes_(bytes) {
  std::array<unsigned char, 16> digest{};
  crypto_generichash(digest.data(), digest.size(), bytes_.data(), bytes_.size(),
                     reinterpret_cast<const unsigned char*>(kIdContext.data()), kIdContext.size());
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  id_ = std::move(hex);
}

MasterKey::MasterKey(MasterKey&& other) noexcept : bytes_(other.bytes_), id_(other.id_) {
  sodium_memzero(other.bytes_.data(), other.bytes_.size());
}

MasterKey& MasterKey::operator=(MasterKey&& other) noexcept {
  if (this != &other) {
    bytes_ = other.bytes_;
    id_ = other.id_;
    sodium_memzero(other.bytes_.data(), other.bytes_.size());
  }
  return *this;
}

MasterKey::~MasterKey() { sodium_memzero(bytes_.data(), bytes_.size()); }

Result<MasterKey> MasterKey::FromBase64(std::string_view text, std::string_view source) {
  if (Status ready = Initialize(); !ready) return ready.error();
  std::string_view trimmed = Trim(text);
  std::array<unsigned char, kBytes + 8> decoded{};
  std::size_t length = 0;
  const char* end = nullptr;
  int rc = sodium_base642bin(decoded.data(), decoded.size(), trimmed.data(), trimmed.size(),
                             nullptr, &length, &end, sodium_base64_VARIANT_ORIGINAL);
  bool ok = rc == 0 && end == trimmed.data() + trimmed.size() && length == kBytes;
  std::array<unsigned char, kBytes> bytes{};
  if (ok) std::memcpy(bytes.data(), decoded.data(), kBytes);
  sodium_memzero(decoded.data(), decoded.size());
  if (!ok) {
    return InvalidArgumentError(std::string(source) +
                                " is not a master key (expected 32 bytes in standard base64, as "
                                "written by `openroi keys generate`)");
  }
  MasterKey key(bytes);
  sodium_memzero(bytes.data(), bytes.size());
  return key;
}

Result<MasterKey> MasterKey::FromFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return NotFoundError("cannot read master key file " + path);
  std::ostringstream text;
  text << file.rdbuf();
  std::string contents = text.str();
  Result<MasterKey> key = FromBase64(contents, "master key file " + path);
  sodium_memzero(contents.data(), contents.size());
  return key;
}

Result<MasterKey> MasterKey::Generate() {
  if (Status ready = Initialize(); !ready) return ready.error();
  std::array<unsigned char, kBytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  MasterKey key(bytes);
  sodium_memzero(bytes.data(), bytes.size());
  return key;
}

Result<MasterKey> MasterKey::WriteNewKeyFile(const std::string& path) {
  Result<MasterKey> key = Generate();
  if (!key) return key;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return AlreadyExistsError("master key file " + path + " already exists");
    return UnavailableError("cannot create master key file " + path + ": " + std::strerror(errno));
  }
  std::string text = key->Base64() + "\n";
  ssize_t written = ::write(fd, text.data(), text.size());
  sodium_memzero(text.data(), text.size());
  bool synced = ::fsync(fd) == 0;
  bool closed = ::close(fd) == 0;
  if (written != static_cast<ssize_t>(text.size()) || !synced || !closed) {
    ::unlink(path.c_str());
    return UnavailableError("cannot write master key file " + path);
  }
  return key;
}

std::string MasterKey::Base64() const {
  std::string encoded(sodium_base64_ENCODED_LEN(kBytes, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), bytes_.data(), bytes_.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  encoded.resize(encoded.find('\0'));
  return encoded;
}

}  // namespace roi::crypto
