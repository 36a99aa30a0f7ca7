#include "agent/agent_metrics.h"

#include "agent/build_info.h"
#include "diagnose/diagnosis.h"

namespace kexit::agent {
namespace {

// Diagnosis is CPU work on a bounded log tail: sub-millisecond to a second.
const std::vector<double> kDiagnosisBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                               0.05,   0.1,   0.25,   0.5,   1,    2.5};
// A request to the API server: milliseconds to the client's timeouts, and an Event write's
// retries stop 15 s after the first attempt.
const std::vector<double> kRequestBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                             1,     2.5,  5,     10,   15,  30};

const std::vector<std::string> kEventResults = {"created",   "updated",   "recreated",
                                                "duplicate", "forbidden", "rate_limited",
                                                "failed",    "retried"};
const std::vector<std::string> kStatusClasses = {"2xx", "3xx", "4xx", "5xx", "error"};
const std::vector<std::string> kLevels = {diagnose::to_string(diagnose::ConfidenceLevel::kHigh),
                                          diagnose::to_string(diagnose::ConfidenceLevel::kMedium),
                                          diagnose::to_string(diagnose::ConfidenceLevel::kLow)};

void expose_each(MetricFamily& family, const std::vector<std::string>& values) {
  for (const auto& value : values) {
    family.expose({value});
  }
}

}  // namespace

const std::vector<std::string>& api_request_verbs() {
  static const std::vector<std::string> kVerbs = {"get",    "list",  "watch",
                                                  "create", "patch", "update"};
  return kVerbs;
}

std::string status_class(int status) {
  if (status < 100 || status > 599) {
    return "error";
  }
  return std::to_string(status / 100) + "xx";
}

AgentMetrics::AgentMetrics(MetricsRegistry& registry)
    : terminations(registry.counter("kexit_container_terminations_total",
                                    "New container terminations diagnosed by the agent.",
                                    {"namespace", "exit_code", "cause"})),
      diagnoses(registry.counter("kexit_diagnoses_total",
                                 "Diagnoses made, by top cause and confidence level.",
                                 {"cause", "level"})),
      events(registry.counter("kexit_events_total",
                              "Kubernetes Event writes by outcome (created, updated, recreated, "
                              "duplicate, forbidden, rate_limited, failed; retried counts each "
                              "resend).",
                              {"result"})),
      watch_restarts(registry.counter("kexit_watch_restarts_total",
                                      "Pod watches restarted (closed, expired or broken).")),
      api_requests(registry.counter("kexit_api_requests_total",
                                    "Kubernetes API requests by verb and HTTP status code.",
                                    {"verb", "code"})),
      api_request_classes(
          registry.counter("kexit_api_request_classes_total",
                           "Kubernetes API requests by verb and status class (2xx, 3xx, 4xx, "
                           "5xx; error when no answer came back).",
                           {"verb", "class"})),
      queue_depth(registry.gauge("kexit_queue_depth",
                                 "Terminations waiting to be diagnosed and reported.")),
      leader(registry.gauge("kexit_leader", "1 when this replica holds the leader Lease.")),
      tracked_containers(registry.gauge("kexit_tracked_containers",
                                        "Containers whose last termination the agent remembers.")),
      knowledge_reloads(registry.counter("kexit_knowledge_reloads_total",
                                         "Reloads of the extra knowledge directories by result.",
                                         {"result"})),
      pod_errors(registry.counter("kexit_pod_errors_total",
                                  "Pods from the watch that could not be read and were skipped.")),
      terminations_dropped(registry.counter(
          "kexit_terminations_dropped_total",
          "Queued terminations this replica left unreported, by reason (lost-leadership, "
          "shutdown); the next leader reports them.",
          {"reason"})),
      build_info(registry.gauge("kexit_build_info",
                                "1, labelled with the version, git revision and compiler of "
                                "this build.",
                                {"version", "revision", "compiler"})),
      diagnosis_seconds(registry.histogram(
          "kexit_diagnosis_duration_seconds",
          "Time the engine took to diagnose one termination, evidence reads excluded.",
          kDiagnosisBuckets)),
      log_fetch_seconds(registry.histogram("kexit_log_fetch_duration_seconds",
                                           "Time taken to read one termination's log.",
                                           kRequestBuckets)),
      event_write_seconds(registry.histogram(
          "kexit_event_write_duration_seconds",
          "Time one Event write (create or series update) took, retries included.",
          kRequestBuckets)) {
  // Counters whose label values are all known now show 0 from the start, so the first
  // increment is a change that rate() and increase() see.
  expose_each(events, kEventResults);
  expose_each(knowledge_reloads, {"loaded", "failed"});
  expose_each(terminations_dropped, {"lost-leadership", "shutdown"});
  for (const auto& verb : api_request_verbs()) {
    for (const auto& status : kStatusClasses) {
      api_request_classes.expose({verb, status});
    }
  }
  const auto& info = agent::build_info();
  build_info.set({info.version, info.revision, info.compiler}, 1);
}

void AgentMetrics::expose_causes(const std::vector<std::string>& causes) {
  for (const auto& cause : causes) {
    for (const auto& level : kLevels) {
      diagnoses.expose({cause, level});
    }
  }
}

}  // namespace kexit::agent
