#include "agent/agent_metrics.h"

namespace kexit::agent {

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
          {"reason"})) {}

}  // namespace kexit::agent
