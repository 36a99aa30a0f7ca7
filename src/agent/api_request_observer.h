#pragma once
// api_request_observer: what the agent does with every HTTP attempt its Kubernetes clients
// make - counted by verb and code (kexit_api_requests_total) and by verb and status class
// (kexit_api_request_classes_total), and, when it failed, logged once with its cause.

#include <string>

#include "agent/agent_metrics.h"
#include "agent/json_logger.h"
#include "kube/http_transport.h"

namespace kexit::agent {

// "api request failed" with verb, resource, namespace, name, status (0: no answer) and the
// cause (the Status message the API server sent, or what went wrong on the way). 404, 409 and
// 410 are logged at info: the agent expects them (a pod gone, an Event another replica wrote,
// an expired watch) and says in its own log line what it did instead; others at warning.
void log_failed_request(JsonLogger& log, const kube::HttpAttempt& attempt);

// Counts each attempt in `metrics` and logs each failed one with log_failed_request. Set on
// every client the agent uses (API and Lease), before its first request.
kube::AttemptObserver api_request_observer(AgentMetrics& metrics, JsonLogger& log);

}  // namespace kexit::agent
