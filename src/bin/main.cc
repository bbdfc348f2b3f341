// openroi: the one program.  Reads the command line, the configuration file and the environment,
// then runs the chosen command.  This is the only place that reads the process environment.
#include <cstdio>
#include <exception>
#include <map>
#include <string>

#include "bin/commands.h"
#include "cli/command_line.h"
#include "cli/config.h"

extern char** environ;  // NOLINT: POSIX.

namespace {

std::map<std::string, std::string> ReadEnvironment() {
  std::map<std::string, std::string> environment;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string text(*entry);
    std::size_t eq = text.find('=');
    if (eq != std::string::npos) environment[text.substr(0, eq)] = text.substr(eq + 1);
  }
  return environment;
}

int Main(int argc, char** argv) {
  std::map<std::string, std::string> environment = ReadEnvironment();
  roi::cli::ParseOutcome parsed = roi::cli::ParseCommandLine(argc, argv, environment);
  if (!parsed.invocation) {
    std::fputs(parsed.out.c_str(), stdout);
    std::fputs(parsed.err.c_str(), stderr);
    return parsed.exit_code;
  }
  roi::Result<roi::cli::Config> config =
      roi::cli::LoadConfig(parsed.invocation->config_file, environment);
  if (!config) {
    std::fprintf(stderr, "openroi: %s\n", config.error().message.c_str());
    return roi::cli::kExitConfigError;
  }
  if (parsed.invocation->host) config->server.host = *parsed.invocation->host;
  if (parsed.invocation->port) config->server.port = *parsed.invocation->port;
  return roi::bin::RunCommand(*parsed.invocation, *config);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Main(argc, argv);
  } catch (const std::exception&) {
    // The exception text may carry data; keep the output free of it.
    std::fputs("openroi: internal error (unexpected exception)\n", stderr);
    return 70;
  }
}
