#include "bin/logging.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

namespace roi::bin {
namespace {

std::shared_ptr<spdlog::logger>& AppLogger() {
  static std::shared_ptr<spdlog::logger> logger;
  return logger;
}

std::shared_ptr<spdlog::logger>& AccessLogger() {
  static std::shared_ptr<spdlog::logger> logger;
  return logger;
}

std::string Quoted(std::string_view text) {
  return nlohmann::json(std::string(text))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

void SetUpLogging(const std::string& level) {
  // One sink per logger: spdlog applies a logger's pattern to its sinks, so a shared sink would
  // end up with whichever pattern was set last.  stdio locks each line's write.
  auto app =
      std::make_shared<spdlog::logger>("app", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  app->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","msg":%v})",
                   spdlog::pattern_time_type::utc);
  app->set_level(spdlog::level::from_str(level));
  auto access =
      std::make_shared<spdlog::logger>("access", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  access->set_pattern("%v");
  access->set_level(spdlog::level::from_str(level));
  AppLogger() = app;
  AccessLogger() = access;
}

void LogInfo(std::string_view message) {
  if (AppLogger()) AppLogger()->info(Quoted(message));
}

void LogWarn(std::string_view message) {
  if (AppLogger()) AppLogger()->warn(Quoted(message));
}

void LogError(std::string_view message) {
  if (AppLogger()) AppLogger()->error(Quoted(message));
}

void LogAccess(const std::string& json_line) {
  if (AccessLogger()) AccessLogger()->info(json_line);
}

}  // namespace roi::bin
