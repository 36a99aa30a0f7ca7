#pragma once
// TerminationReporter: the agent's work for each new termination - take the namespace's Event
// token, diagnose it (diagnose_termination, as `kexit watch` does), count, write the Event and,
// when enabled, annotate the pod.

#include <cstddef>
#include <string>

#include "agent/agent_api.h"
#include "agent/agent_metrics.h"
#include "agent/event_emitter.h"
#include "agent/json_logger.h"
#include "agent/knowledge_reloader.h"
#include "agent/node_correlator.h"
#include "agent/stop_signal.h"
#include "agent/termination_diagnoser.h"
#include "kube/clock.h"
#include "kube/pod_facts.h"

namespace kexit::agent {

inline constexpr const char* kLastDiagnosisAnnotation = "kexit.io/last-diagnosis";

struct ReporterOptions {
  // The log tail fetched per termination; the engine reads only the end anyway.
  std::size_t max_log_bytes = 256 * 1024;
  // Write kexit.io/last-diagnosis on the pod (needs `patch pods`).
  bool annotate_pods = false;
  // Put the log's last lines (ContainerDiagnosis::log_tail) in the Event's note: off by
  // default, because Events are read more widely than logs, and redaction is a net with holes.
  bool event_log_tail = false;
};

class TerminationReporter {
 public:
  TerminationReporter(AgentApi& api, const KnowledgeReloader& knowledge, EventEmitter& emitter,
                      AgentMetrics& metrics, JsonLogger& log, kube::Clock& clock,
                      ReporterOptions options);

  // `stop` (may be null): once requested, a failed Event write is not sent again.
  void report(const TerminationWork& work, const StopSignal* stop = nullptr);

 private:
  // Adds the termination to the node's recent ones and, when it completes a group of
  // applications there that ended the same way, writes the Node's Event and logs it.
  void correlate(const diagnose::ContainerDiagnosis& diagnosis);

  AgentApi& api_;
  const KnowledgeReloader& knowledge_;
  EventEmitter& emitter_;
  AgentMetrics& metrics_;
  JsonLogger& log_;
  kube::Clock& clock_;
  ReporterOptions options_;
  NodeCorrelator correlator_;
};

// The value of the kexit.io/last-diagnosis pod annotation: compact JSON.
std::string last_diagnosis_annotation(const diagnose::ContainerDiagnosis& diagnosis,
                                      const std::string& time);

}  // namespace kexit::agent
