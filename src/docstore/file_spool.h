// FileSpool: the Spooler port on private temporary files (mode 0600, removed when the SpoolFile is
// destroyed; a crash leaves them behind, so point the directory at a tmpfs or clean it at boot).
#pragma once

#include <memory>
#include <string>

#include "app/document_spool.h"

namespace roi::docstore {

// Thread-safe.
class FileSpooler final : public Spooler {
 public:
  // Spool files are created in `directory` (which must exist); empty means $TMPDIR or /tmp.
  explicit FileSpooler(std::string directory = {});
  Result<std::unique_ptr<SpoolFile>> Create() const override;

 private:
  std::string directory_;
};

}  // namespace roi::docstore
