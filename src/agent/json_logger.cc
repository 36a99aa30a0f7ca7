#include "agent/json_logger.h"

#include "kube/api_time.h"

namespace kexit::agent {

const char* to_string(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

bool parse_log_level(const std::string& text, LogLevel& level) {
  for (auto candidate : {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarning, LogLevel::kError}) {
    if (text == to_string(candidate)) {
      level = candidate;
      return true;
    }
  }
  return false;
}

void JsonLogger::log(LogLevel level, const std::string& message, const nlohmann::json& fields) {
  if (level < minimum_) {
    return;
  }
  nlohmann::ordered_json line;
  line["time"] = kube::format_api_micro_time(clock_.now());
  line["level"] = to_string(level);
  line["msg"] = message;
  if (fields.is_object()) {
    for (const auto& [key, value] : fields.items()) {
      line[key] = value;
    }
  }
  // Invalid UTF-8 from a log line or a pod name must not throw: replace it.
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard lock(mutex_);
  out_ << text << '\n';
  out_.flush();
}

}  // namespace kexit::agent
