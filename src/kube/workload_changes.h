#pragma once
// WorkloadChanges: for a crash-looping workload, when its terminations began, how many there
// were, and what changed just before (a new ReplicaSet revision, a ConfigMap's update, a
// Secret's change as the pod template shows it); chosen by pure functions over the objects read.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kube/pod_facts.h"

namespace kexit::kube {

// Where one of the workload's pods runs, and whether it is one with terminations.
struct PodPlacement {
  std::string name;
  std::string node;
  // RFC 3339: the pod's creation, when it was placed.
  std::string created_at;
  bool crashing = false;
};

// The objects a workload's history is read from; Secrets are never among them.
struct ChangeHistory {
  // The workload's ReplicaSets, as the API served them.
  std::vector<nlohmann::json> replica_sets;
  // The ConfigMaps the crashing pods refer to, as the API served them.
  std::vector<nlohmann::json> config_maps;
  // Every pod of the workload as listed, crashing or not.
  std::vector<PodPlacement> pods;
  // What could not be read, and why ("configmap api-config could not be read: ...").
  std::vector<std::string> notes;
};

struct WorkloadChange {
  // "revision" (a new ReplicaSet), "config-map" (a ConfigMap's update) or "node" (the crashing
  // pods run on nodes none of the workload's other pods runs on).
  std::string kind;
  // RFC 3339: the ReplicaSet's creation, the ConfigMap's last update.
  std::string time;
  // "replicaset/api-7f9c", "configmap/api-config", "node/worker-2".
  std::string object;
  // "revision 2 (was 1)", "updated by kubectl-edit".
  std::string summary;
  // The pod template's differences, one sentence each (pod_template_diff.h).
  std::vector<std::string> details;
  bool operator==(const WorkloadChange&) const = default;
};

struct WorkloadChanges {
  // "deployment/api", as kubectl takes it.
  std::string workload;
  std::string namespace_name;
  // Terminations of the crashing containers, counted from their restart counts.
  int terminations = 0;
  // The earliest and newest termination the pods still show (RFC 3339, "" when none did).
  std::string first_termination;
  std::string last_termination;
  // The window's start: the previous revision's creation, "" when there is none.
  std::string window_start;
  // Oldest first.
  std::vector<WorkloadChange> changes;
  std::vector<std::string> notes;
  bool operator==(const WorkloadChanges&) const = default;
};

// The changes of `history` in the window before the crash of `pods` (the workload's pods with
// terminations). Pure: the objects in, the changes out.
WorkloadChanges changes_before_crash(const std::string& workload,
                                     const std::vector<const PodFacts*>& pods,
                                     const ChangeHistory& history);

}  // namespace kexit::kube
