// `openroi org fees show|set`: an organization's fee settings (docs/organizations.md, "Fee
// settings") from the command line, e.g.
// `openroi org fees set --org demo --patient-electronic actual --labor-rate-cents 3000`.
#pragma once

#include "cli/command_line.h"
#include "cli/config.h"

namespace roi::bin {

// Prints the fee settings as JSON (show) or applies the given changes and prints the result
// (set); a change is an `update` audit event of "command line".  Exit codes as Fail's.
int RunOrgFees(const cli::Invocation& invocation, const cli::Config& config);

}  // namespace roi::bin
