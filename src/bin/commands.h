// The commands of the openroi program, composed from the adapters (the composition root).  Each
// returns the process exit code.
#pragma once

#include <memory>

#include "app/store.h"
#include "cli/command_line.h"
#include "cli/config.h"

namespace roi::bin {

int RunCommand(const cli::Invocation& invocation, const cli::Config& config);

// Prints `error` on standard error and returns its exit code.
int Fail(const Error& error);

// Opens the configured database and applies pending migrations, printing what it did unless
// `quiet`.  Returns the store's errors.
Result<std::unique_ptr<Store>> OpenAndMigrate(const cli::Config& config, bool quiet);

}  // namespace roi::bin
