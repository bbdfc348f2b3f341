// The encryption-key side of the composition root: the content cipher built from the configured
// master key(s), the startup check, and the `openroi keys ...` commands.
#pragma once

#include <memory>

#include "app/store.h"
#include "cli/command_line.h"
#include "cli/config.h"
#include "crypto/content_cipher.h"

namespace roi::bin {

// The content cipher with the configured master key (master.key_file or master.key) and, when
// set, master.accept_key_file as a second accepted key.  Returns FailedPrecondition naming the
// settings when no master key is configured, InvalidArgument when both are set or a key is
// malformed, NotFound when a key file cannot be read.
Result<std::unique_ptr<crypto::SodiumContentCipher>> ConfiguredCipher(const cli::Config& config);

// For `openroi demo`: ConfiguredCipher, or when no master key is configured, a development key
// in the data directory (created on first use), with a warning on standard error.
Result<std::unique_ptr<crypto::SodiumContentCipher>> DemoCipher(const cli::Config& config);

// Checks that `cipher` is the master key the stored data keys were wrapped with (the startup
// check of serve and demo).  Returns KeyService::CheckMasterKey's errors.
Status CheckMasterKey(Store& store, const ContentCipher& cipher);

// Prints a key set-up error and returns its exit code: 78 (configuration) for a missing, wrong,
// unreadable or malformed master key, else the error's usual code.
int FailKeySetup(const Error& error);

// Runs keys generate / check / rotate-master / rotate-data / reencrypt.
int RunKeys(const cli::Invocation& invocation, const cli::Config& config);

}  // namespace roi::bin
