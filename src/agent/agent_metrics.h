#pragma once
// AgentMetrics: the agent's metric families, named `kexit_<what>_<unit>` with bounded labels
// (cause slugs, exit codes, namespaces, HTTP verbs and codes; never pod names or messages).

#include "agent/metrics_registry.h"

namespace kexit::agent {

struct AgentMetrics {
  explicit AgentMetrics(MetricsRegistry& registry);

  // {namespace, exit_code, cause}
  MetricFamily& terminations;
  // {cause, level}
  MetricFamily& diagnoses;
  // {result}: created, updated, recreated, duplicate, forbidden, rate_limited, failed, retried
  MetricFamily& events;
  MetricFamily& watch_restarts;
  // {verb, code}; code "error" when no answer came back
  MetricFamily& api_requests;
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
};

}  // namespace kexit::agent
