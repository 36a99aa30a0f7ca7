#pragma once
// PodWatcher: lists and watches the pods of one scope (a namespace, or all) and hands each new
// termination to the workers. It owns that scope's ContainerStateTable, so several watchers
// (one per --namespace) share nothing.

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "agent/agent_api.h"
#include "agent/agent_metrics.h"
#include "agent/container_state_table.h"
#include "agent/json_logger.h"
#include "agent/stop_signal.h"
#include "agent/termination_detector.h"
#include "agent/termination_diagnoser.h"
#include "kube/clock.h"

namespace kexit::agent {

// What happens to the terminations the first list finds: the agent reports them (within
// --since, and not those its own Events show); `kexit watch` shows only what happens after it
// starts, so it records them as seen and hands on nothing.
enum class ExistingTerminations { kHandOn, kRecordOnly };

// Whether a failed first list is retried like every later failure (the agent, which must outlive
// an apiserver restart) or ends run() (`kexit watch`: a person at a terminal wants to hear that
// the credentials or the RBAC role are wrong, as kubectl says, not see warnings forever).
enum class FirstListFailure { kRetry, kStop };

struct WatcherOptions {
  DetectorOptions detector;
  ExistingTerminations existing = ExistingTerminations::kHandOn;
  FirstListFailure first_list_failure = FirstListFailure::kRetry;
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
  // `stop`. `listed` is called once, after the first complete list. With
  // FirstListFailure::kStop, returns the first list's error when it fails.
  Status run(const StopSignal& stop, const std::function<void()>& listed);

  // One pod from a list or watch event; public for tests.
  void handle(PodEventType type, const nlohmann::json& pod);

  const PodScope& scope() const { return scope_; }
  std::size_t tracked_containers() const { return tracked_.load(); }

 private:
  Expected<std::string> relist();
  // After each good list: the first one is logged and `listed` called.
  void announce_first_list(const std::function<void()>& listed, const std::string& scope_name);

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
  // Set once the first list is complete: what it found existed before the watcher started.
  std::atomic<bool> first_list_done_{false};
};

// The watchers' scopes: one per namespace, or (no namespace) one over all namespaces with the
// excluded ones filtered by the server too, so their pods are never sent.
std::vector<PodScope> watch_scopes(const std::vector<std::string>& namespaces,
                                   const std::string& label_selector,
                                   const std::vector<std::string>& excluded_namespaces);

}  // namespace kexit::agent
