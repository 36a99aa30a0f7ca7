#pragma once
// Turns Pods as `kubectl get pod -o json|yaml` prints them (or Lists of them) into PodFacts.

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/expected.h"
#include "kube/event_facts.h"
#include "kube/pod_facts.h"

namespace kexit::kube {

// One Pod object. `source` names the file for errors ("pod.json"); `path` is the JSON path of
// the object inside it ("" for the document itself, ".items[3]" inside a List).
Expected<PodFacts> parse_pod(const nlohmann::json& pod, const std::string& source,
                             const std::string& path = "");

// What a pod file holds: its Pods, and the Events (either API group) written next to them.
struct PodObjects {
  std::vector<PodFacts> pods;
  std::vector<EventFacts> events;
  // Pods read and left out of `pods` because nothing in them can be diagnosed (see
  // read_pod_file), counted for "no terminated container found in N pods".
  std::size_t settled_pods = 0;
  // The Nodes and workloads written next to the pods (kubectl get pod,node,rs,deploy,job -o
  // json): the context cluster mode reads with get nodes, get jobs and get of the owners
  // (kube::attach_node_and_job_context). Node name -> abnormal_node_conditions; each Job,
  // CronJob, ReplicaSet, Deployment, StatefulSet and DaemonSet as its owner_summary.
  std::map<std::string, std::vector<std::string>> node_conditions;
  std::vector<nlohmann::json> workloads;
};

// One document of a pod file (a Pod, an Event, or a List of them) added to `objects`; `prefix`
// names the document in errors ("#2" for the second YAML document, "" for the only one).
Status add_pod_document(const nlohmann::json& document, const std::string& source,
                        const std::string& prefix, PodObjects& objects);

// One item of a List document, item `index` of the document named by `prefix`.
Status add_pod_list_item(const nlohmann::json& item, const std::string& source,
                         const std::string& prefix, std::size_t index, PodObjects& objects);

// A whole file: Pods and Events, alone or in Lists (what `kubectl get pod,events -o json|yaml`
// writes), or several YAML documents of either, with the Nodes and workloads of
// PodObjects beside them. Objects of other kinds are an error naming
// their path; a file with neither is an error (Events alone may go with another file's pods).
Expected<PodObjects> parse_pod_objects(std::string_view text, const std::string& source);

// The same with the file's Events attached to its pods (kube::attach_events); a file without
// a Pod is an error.
Expected<std::vector<PodFacts>> parse_pods(std::string_view text, const std::string& source);

}  // namespace kexit::kube
