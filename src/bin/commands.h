// The commands of the openroi program, composed from the adapters (the composition root).  Each
// returns the process exit code.
#pragma once

#include "cli/command_line.h"
#include "cli/config.h"

namespace roi::bin {

int RunCommand(const cli::Invocation& invocation, const cli::Config& config);

}  // namespace roi::bin
