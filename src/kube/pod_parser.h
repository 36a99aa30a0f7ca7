#pragma once
// Turns Pods as `kubectl get pod -o json|yaml` prints them (or Lists of them) into PodFacts.

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
};

// A whole file: Pods and Events, alone or in Lists (what `kubectl get pod,events -o json|yaml`
// writes), or several YAML documents of either. Objects of other kinds are an error naming
// their path; a file with neither is an error (Events alone may go with another file's pods).
Expected<PodObjects> parse_pod_objects(std::string_view text, const std::string& source);

// The same with the file's Events attached to its pods (kube::attach_events); a file without
// a Pod is an error.
Expected<std::vector<PodFacts>> parse_pods(std::string_view text, const std::string& source);

}  // namespace kexit::kube
