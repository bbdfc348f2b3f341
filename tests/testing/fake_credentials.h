// Fakes of the credential ports: a reversible "hash" and counting tokens, so tests are fast and
// deterministic.  Never use outside tests.
#pragma once

#include <atomic>
#include <string>
#include <string_view>

#include "app/credentials.h"

namespace roi::testing {

// Thread-safe.  Hash("pw") is "fake$pw".
class FakePasswordHasher final : public PasswordHasher {
 public:
  Result<std::string> Hash(std::string_view password) const override {
    if (password.empty() || password.size() > 1024) {
      return InvalidArgumentError("password must be 1 to 1024 bytes");
    }
    return "fake$" + std::string(password);
  }
  bool Verify(std::string_view password, const std::string& encoded) const override {
    return encoded == "fake$" + std::string(password);
  }
};

// Thread-safe.  Tokens are "token-1", "token-2", ...; Digest("t") is "digest-t".
class FakeTokenSource final : public TokenSource {
 public:
  Result<std::string> NewToken() const override {
    return "token-" + std::to_string(next_.fetch_add(1) + 1);
  }
  std::string Digest(std::string_view token) const override {
    return "digest-" + std::string(token);
  }

 private:
  mutable std::atomic<int> next_{0};
};

}  // namespace roi::testing
