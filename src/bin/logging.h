// Logging set-up: JSON lines on standard error through spdlog.  Messages carry ids, never PHI.
#pragma once

#include <string>
#include <string_view>

namespace roi::bin {

// Configures the "app" and "access" loggers at `level` (trace..off).
void SetUpLogging(const std::string& level);
void LogInfo(std::string_view message);
void LogWarn(std::string_view message);
void LogError(std::string_view message);
// Writes one access-log line (already a JSON object).
void LogAccess(const std::string& json_line);

}  // namespace roi::bin
