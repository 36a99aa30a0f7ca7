#pragma once
// PodWatcher: lists and watches the pods of one scope (a namespace, or all) and hands each new
// termination to the workers. It owns that scope's ContainerStateTable, so several watchers
// (one per --namespace) share nothing.

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "agent/agent_api.h"
#include "agent/agent_metrics.h"
#include "agent/container_state_table.h"
#include "agent/json_logger.h"
#include "agent/stop_signal.h"
#include "agent/termination_detector.h"
#include "agent/termination_reporter.h"
#include "kube/clock.h"

namespace kexit::agent {

struct WatcherOptions {
  DetectorOptions detector;
  // Namespaces whose pods are ignored (--exclude-namespace).
  std::set<std::string> excluded_namespaces;
  // Waits between failed attempts: doubling from initial to max, as client-go's reflector.
  std::chrono::milliseconds initial_backoff{800};
  std::chrono::milliseconds max_backoff{30000};
};

class PodWatcher {
 public:
  // `enqueue` may block (a full queue): that is the back-pressure on the watch.
  PodWatcher(AgentApi& api, PodScope scope, WatcherOptions options, kube::Clock& clock,
             AgentMetrics& metrics, JsonLogger& log,
             std::function<void(TerminationWork&&)> enqueue);

  // Marks a termination as already reported (found in the agent's own Events).
  void mark_reported(const std::string& pod_key, const std::string& container,
                     const std::string& termination_id);

  // Lists, then watches, relisting after 410 Expired and backing off after errors, until
  // `stop`. `listed` is called once, after the first complete list.
  void run(const StopSignal& stop, const std::function<void()>& listed);

  // One pod from a list or watch event; public for tests.
  void handle(PodEventType type, const nlohmann::json& pod);

  const PodScope& scope() const { return scope_; }
  std::size_t tracked_containers() const { return tracked_.load(); }

 private:
  Expected<std::string> relist();

  AgentApi& api_;
  PodScope scope_;
  WatcherOptions options_;
  kube::Clock& clock_;
  AgentMetrics& metrics_;
  JsonLogger& log_;
  std::function<void(TerminationWork&&)> enqueue_;
  ContainerStateTable table_;
  TerminationDetector detector_;
  std::atomic<std::size_t> tracked_{0};
};

}  // namespace kexit::agent
