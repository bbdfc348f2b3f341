// SecretBox: small secrets (the TOTP keys of second factors) encrypted at rest under the
// organization's data key, the same key ContentVault encrypts documents with (so a master key
// rotation re-wraps them too, and a database copy without the master key holds no usable
// secret).  The sealed form is text, fit for a TEXT column:
//   "enc1:" <data key version> ":" <hex stream header> ":" <hex ciphertext>
// bound (associated data, not stored) to the organization and a caller-chosen purpose, e.g.
// "totp user=7", so a sealed value copied to another row or organization does not open.
#pragma once

#include <string>
#include <string_view>

#include "app/content_cipher.h"
#include "app/content_vault.h"
#include "app/store.h"

namespace roi {

// Thread-safe if its cipher is.  `cipher` and `vault` must outlive it.
class SecretBox {
 public:
  SecretBox(const ContentCipher& cipher, ContentVault& vault) : cipher_(cipher), vault_(vault) {}

  // True iff `stored` is in the sealed form (anything else is a legacy plaintext value).
  static bool IsSealed(std::string_view stored);

  // `plaintext` sealed under the organization's active data key (created if it has none, so
  // `tx` must be a write transaction then).  Returns MasterKeyMismatch (FailedPrecondition) when
  // the data key was wrapped under a master key that is not configured, and the store's errors.
  Result<std::string> Seal(Transaction& tx, std::string_view plaintext,
                           std::string_view purpose) const;
  // The plaintext of `sealed`.  Returns DataLoss if it is malformed, tampered with or sealed for
  // another purpose or organization, FailedPrecondition (MasterKeyMismatch) if its data key was
  // wrapped under a master key that is not configured.
  Result<std::string> Open(Transaction& tx, std::string_view sealed,
                           std::string_view purpose) const;

 private:
  const ContentCipher& cipher_;
  ContentVault& vault_;
};

}  // namespace roi
