// Command line: turns argv into an Invocation (which command, with which options), using CLI11.
// Kept out of main so that it can be tested; runs nothing itself.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "base/error.h"

namespace roi::cli {

enum class Command { kServe, kMigrate, kDemo, kDecide, kVersion, kConfig };

// Value type.
struct Invocation {
  Command command = Command::kVersion;
  std::string config_file;          // --config, else OPENROI_CONFIG, else empty (no file).
  std::optional<std::string> host;  // serve --host
  std::optional<int> port;          // serve --port
  std::string case_path;            // decide CASE.json, or "-" for standard input
};

// What ParseCommandLine produced: an invocation to run, or text to print and an exit code (for
// --help, --version flags and usage errors).
struct ParseOutcome {
  std::optional<Invocation> invocation;
  int exit_code = 0;
  std::string out;  // For standard output.
  std::string err;  // For standard error.
};

ParseOutcome ParseCommandLine(int argc, const char* const* argv,
                              const std::map<std::string, std::string>& environment);

// Process exit codes by error (sysexits.h where one fits): 2 invalid input, 3 not found,
// 69 unavailable, 70 internal, 75 retryable conflict, 77 permission, 78 configuration.
int ExitCodeFor(ErrorCode code);
inline constexpr int kExitConfigError = 78;

}  // namespace roi::cli
