// `openroi org show|set`: an organization's settings (docs/organizations.md) from the command
// line, e.g. `openroi org set --org demo --entity-type hospital --part2 no`.
#pragma once

#include "cli/command_line.h"
#include "cli/config.h"

namespace roi::bin {

// Prints the settings as JSON (show) or applies the given changes and prints the result (set);
// a change is a permission-change audit event of "command line".  Exit codes as Fail's.
int RunOrg(const cli::Invocation& invocation, const cli::Config& config);

}  // namespace roi::bin
