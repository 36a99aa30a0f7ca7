#pragma once
// JsonLogger: one JSON object per line on stderr ({"time", "level", "msg", ...fields}), the
// format log collectors parse without configuration.

#include <mutex>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "kube/clock.h"

namespace kexit::agent {

enum class LogLevel { kDebug, kInfo, kWarning, kError };
const char* to_string(LogLevel level);
// "debug", "info", "warning", "error"; false for anything else.
bool parse_log_level(const std::string& text, LogLevel& level);

class JsonLogger {
 public:
  JsonLogger(std::ostream& out, kube::Clock& clock, LogLevel minimum = LogLevel::kInfo)
      : out_(out), clock_(clock), minimum_(minimum) {}

  // `fields` must be an object (or null); its keys follow time, level and msg.
  void log(LogLevel level, const std::string& message,
           const nlohmann::json& fields = nlohmann::json::object());
  void debug(const std::string& message, const nlohmann::json& fields = {}) {
    log(LogLevel::kDebug, message, fields);
  }
  void info(const std::string& message, const nlohmann::json& fields = {}) {
    log(LogLevel::kInfo, message, fields);
  }
  void warning(const std::string& message, const nlohmann::json& fields = {}) {
    log(LogLevel::kWarning, message, fields);
  }
  void error(const std::string& message, const nlohmann::json& fields = {}) {
    log(LogLevel::kError, message, fields);
  }

 private:
  std::ostream& out_;
  kube::Clock& clock_;
  LogLevel minimum_;
  std::mutex mutex_;
};

}  // namespace kexit::agent
