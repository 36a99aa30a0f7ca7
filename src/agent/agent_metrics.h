#pragma once
// AgentMetrics: the agent's metric families, named `kexit_<what>_<unit>` with bounded labels
// (cause slugs, exit codes, namespaces, HTTP verbs and codes; never pod names or messages).

#include <string>
#include <vector>

#include "agent/metric_histogram.h"
#include "agent/metrics_registry.h"

namespace kexit::agent {

struct AgentMetrics {
  explicit AgentMetrics(MetricsRegistry& registry);

  // Shows every (cause, level) of kexit_diagnoses_total at 0, for the causes the knowledge
  // defines: called at start-up and after each knowledge reload.
  void expose_causes(const std::vector<std::string>& causes);

  // {namespace, exit_code, cause}: not known at start, so not shown at 0; the chart's alert
  // catches a series' first sample instead.
  MetricFamily& terminations;
  // {cause, level}
  MetricFamily& diagnoses;
  // {result}: created, updated, recreated, duplicate, forbidden, rate_limited, failed, retried
  MetricFamily& events;
  MetricFamily& watch_restarts;
  // {verb, code}; code "error" when no answer came back
  MetricFamily& api_requests;
  // {verb, class}: class 2xx, 3xx, 4xx, 5xx or error; every pair shown from the start.
  MetricFamily& api_request_classes;
  MetricFamily& queue_depth;
  MetricFamily& leader;
  // Containers whose last termination the agent remembers.
  MetricFamily& tracked_containers;
  // {result}: loaded, failed
  MetricFamily& knowledge_reloads;
  // Pods the agent could not read (logged and skipped).
  MetricFamily& pod_errors;
  // {reason}: lost-leadership, shutdown. Queued terminations left to the next leader, which
  // finds them unreported on its initial list.
  MetricFamily& terminations_dropped;
  // {version, revision, compiler} = 1
  MetricFamily& build_info;
  // Seconds the engine spent on one termination, evidence reads excluded.
  MetricHistogram& diagnosis_seconds;
  // Seconds spent reading one termination's log (all reads it took).
  MetricHistogram& log_fetch_seconds;
  // Seconds one Event write took, retries included (create or series update).
  MetricHistogram& event_write_seconds;
};

// The HTTP verbs the agent's requests use, and the status classes a request is counted in.
const std::vector<std::string>& api_request_verbs();
// "2xx" for 200..299 and so on; "error" for 0 (no answer).
std::string status_class(int status);

}  // namespace kexit::agent
