// openroi document import: stores a file as a patient's document through the document store,
// streaming it from disk (the path for files above the HTTP body limit).
#pragma once

#include "app/audit_trail.h"
#include "cli/command_line.h"
#include "cli/config.h"

namespace roi::bin {

// Returns the process exit code.  The import is recorded in `trail` as the named user's.
int RunDocumentImport(const cli::Invocation& invocation, const cli::Config& config,
                      const AuditTrail& trail);

}  // namespace roi::bin
