#pragma once
// Which init containers of a pod rebuilt from `kubectl describe` text are native sidecars:
// kubectl (1.27 to 1.33 at least) does not print an init container's restartPolicy, so it is
// inferred from what the text does show.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kexit::kube {

// Gives restartPolicy Always to each init container of `pod` (a Pod object as
// rebuild_pod_object makes it) that has not completed although the pod is initialized: a plain
// init container must exit 0 before the pod is, so only a native sidecar can still be running,
// waiting to restart or failed then. The pod counts as initialized by its Initialized
// condition, else (a text without Conditions) when an app container has started. Returns the
// names of the containers marked.
std::vector<std::string> mark_native_sidecars(nlohmann::json& pod);

}  // namespace kexit::kube
