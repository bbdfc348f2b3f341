// KeyService: the operations on encryption keys as a whole: checking at startup that the
// configured master key is the one the data keys were wrapped with, rotating the master key
// (rewrapping data keys, content untouched), starting a new data key version, and moving old
// content to the newest data key.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "app/audit_trail.h"
#include "app/clock.h"
#include "app/content_cipher.h"
#include "app/content_vault.h"
#include "app/store.h"

namespace roi {

// What RotateMaster did.  Value type.
struct MasterRotationReport {
  int organizations = 0;  // Organizations visited.
  int rewrapped = 0;      // Data keys rewrapped under the new master key.
  int unchanged = 0;      // Data keys already under it.
};

// Service.  Thread-safe if its dependencies are.
class KeyService {
 public:
  // `store`, `cipher` and `clock` must outlive this object.
  KeyService(Store& store, const ContentCipher& cipher, const Clock& clock)
      : store_(store), cipher_(cipher), vault_(cipher, clock), clock_(clock) {}

  // Checks that every data key of every organization was wrapped under a master key the cipher
  // accepts.  Returns FailedPrecondition (MasterKeyMismatch) naming the stored and the configured
  // key ids if not, and the store's errors.
  Status CheckMasterKey();

  // Rewraps every data key not already under the cipher's master key (MasterKeyId()), in one
  // transaction per organization; content is not touched.  The cipher must accept the old master
  // key.  Returns MasterKeyMismatch for a data key under a master key it does not accept (the
  // organizations before it stay rotated; running it again continues), DataLoss for a data key
  // that does not unwrap.  Each organization whose keys were rewrapped gets an audit event
  // (entity "master_key", actor `actor_label`, e.g. "command line (os user alice)") in its
  // transaction.
  Result<MasterRotationReport> RotateMaster(const AuditTrail& audit, std::string_view actor_label);

  // Starts a new data key version for `organization`: new content uses it, older versions are
  // retired (kept to read old content).  Returns the new version, NotFound for an unknown
  // organization, MasterKeyMismatch as above.  Records an audit event (entity "data_key", the
  // new version, actor `actor_label`) in the rotation's transaction.
  Result<int> RotateData(OrganizationId organization, const AuditTrail& audit,
                         std::string_view actor_label);

  // Re-encrypts up to `batch` items of `organization`'s content encrypted under an older data key
  // with the active one, in one transaction, returning how many moved (0: nothing is left).
  // Returns InvalidArgument for a batch outside 1..1000, and ContentVault's errors.
  Result<std::int64_t> ReencryptBatch(OrganizationId organization, int batch);

 private:
  Store& store_;
  const ContentCipher& cipher_;
  ContentVault vault_;
  const Clock& clock_;
};

}  // namespace roi
