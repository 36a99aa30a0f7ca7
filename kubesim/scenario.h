#pragma once
// Scenario: a YAML description of a cluster and of its pods' lives over relative time
// (`at: 2s`): objects present from the start, per pod a timeline of create, start, log,
// terminate, backoff, restart, wait, event, fail, reject, evict and delete steps, and top-level
// steps that patch any object or record an Event on it. The format is in kubesim/README.md.

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/expected.h"

namespace kexit::kubesim {

struct ScenarioStep {
  std::chrono::milliseconds at{0};
  std::size_t pod = 0;  // index into Scenario::pods (pod steps)
  // The object of a top-level step: {apiVersion, kind, namespace, name}; null for pod steps.
  nlohmann::json object;
  // Pod steps: create, start, log, terminate, backoff, restart, wait, event, fail, reject, evict,
  // delete. Object steps: patch, event.
  std::string action;
  nlohmann::json arguments;  // the action's mapping
  std::string manager;       // patch: the managedFields manager
  std::string where;         // "file.yaml: pods[0].timeline[2]"
};

struct ScenarioPod {
  nlohmann::json metadata;  // name, namespace (default "default"), labels, ownerReferences...
  nlohmann::json spec;      // containers, restartPolicy, ...
};

struct Scenario {
  std::string name;
  std::string description;
  // Emit the Events a kubelet records (Scheduled, Pulled, Created, Started, BackOff, Killing).
  bool kubelet_events = true;
  std::vector<std::string> namespaces;
  std::vector<nlohmann::json> objects;  // created at the start, in order
  std::vector<ScenarioPod> pods;
  // Every pod's steps and the top-level steps, ordered by time (ties keep file order, pods'
  // timelines first).
  std::vector<ScenarioStep> steps;
};

Expected<Scenario> parse_scenario(std::string_view text, const std::string& source);
Expected<Scenario> load_scenario(const std::string& path);

}  // namespace kexit::kubesim
