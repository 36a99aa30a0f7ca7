#pragma once
// Turns Pods as `kubectl get pod -o json|yaml` prints them (or Lists of them) into PodFacts.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/expected.h"
#include "kube/pod_facts.h"

namespace kexit::kube {

// One Pod object. `source` names the file for errors ("pod.json"); `path` is the JSON path of
// the object inside it ("" for the document itself, ".items[3]" inside a List).
Expected<PodFacts> parse_pod(const nlohmann::json& pod, const std::string& source,
                             const std::string& path = "");

// A whole file: a Pod, a List/PodList of Pods, or several YAML documents of either.
// Objects of other kinds are an error naming their path.
Expected<std::vector<PodFacts>> parse_pods(std::string_view text, const std::string& source);

}  // namespace kexit::kube
