#include "agent/api_request_observer.h"

#include "base/text.h"
#include "kube/api_action.h"
#include "kube/api_status.h"

namespace kexit::agent {
namespace {

// A Status message can quote a whole object back: one log line stays readable.
constexpr std::size_t kMaxCauseBytes = 512;

bool expected_refusal(int status) { return status == 404 || status == 409 || status == 410; }

std::string cause_of(const kube::HttpAttempt& attempt) {
  if (attempt.status == 0) {
    return std::string(attempt.failure);
  }
  auto status = kube::decode_api_status(attempt.status, attempt.failure);
  std::string cause = "HTTP " + std::to_string(attempt.status);
  if (!status.reason.empty()) {
    cause += " " + status.reason;
  }
  if (!status.message.empty()) {
    cause += ": " + status.message;
  }
  return truncate_utf8(cause, kMaxCauseBytes);
}

}  // namespace

void log_failed_request(JsonLogger& log, const kube::HttpAttempt& attempt) {
  auto action = kube::describe_request(attempt.method, attempt.target);
  nlohmann::json fields = {{"verb", action.verb},
                           {"resource", action.qualified_resource()},
                           {"namespace", action.namespace_name},
                           {"name", action.name},
                           {"status", attempt.status},
                           {"cause", cause_of(attempt)}};
  log.log(expected_refusal(attempt.status) ? LogLevel::kInfo : LogLevel::kWarning,
          "api request failed", fields);
}

kube::AttemptObserver api_request_observer(AgentMetrics& metrics, JsonLogger& log) {
  return [&metrics, &log](const kube::HttpAttempt& attempt) {
    auto verb = kube::describe_request(attempt.method, attempt.target).verb;
    metrics.api_requests.add(
        {verb, attempt.status > 0 ? std::to_string(attempt.status) : std::string("error")});
    metrics.api_request_classes.add({verb, status_class(attempt.status)});
    if (attempt.status == 0 || attempt.status >= 400) {
      log_failed_request(log, attempt);
    }
  };
}

}  // namespace kexit::agent
