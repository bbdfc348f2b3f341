// The commands of the openroi program, composed from the adapters (the composition root).  Each
// returns the process exit code.
#pragma once

#include <memory>
#include <string>

#include "app/store.h"
#include "cli/command_line.h"
#include "cli/config.h"

namespace roi::bin {

int RunCommand(const cli::Invocation& invocation, const cli::Config& config);

// Prints `error` on standard error and returns its exit code.
int Fail(const Error& error);

// Who runs a command, for the audit trail: "command line (os user NAME)", or "command line"
// when the operating system cannot tell.
std::string CommandLineActor();

// Opens the configured database and applies pending migrations, printing what it did unless
// `quiet`.  Returns the store's errors.
Result<std::unique_ptr<Store>> OpenAndMigrate(const cli::Config& config, bool quiet);

}  // namespace roi::bin
