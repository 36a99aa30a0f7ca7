#pragma once
// stopped_after_app: a container that exited 0 only because its pod was ending - a sidecar
// (native, or a regular container beside the app) stopped after the app container it served had
// finished. The kubelet stops a finished pod's native sidecars once its app containers have
// exited, and a deleted pod's containers all stop; a 0 then is a shutdown, not a failure.

#include <optional>
#include <string>

#include "kube/pod_facts.h"

namespace kexit::kube {

// The evidence line ("sidecar istio-proxy exited 0 at T, after app container main had
// finished at T0 (exit 0), and no app container runs now") when `container` exited 0 in its
// current state, no app container of the pod is running, and another app container's current
// termination finished at or before this one's; nullopt otherwise (a sidecar that stops while
// its app still runs stopped early, which is a failure to diagnose).
std::optional<std::string> stopped_after_app(const PodFacts& pod, const ContainerFacts& container);

}  // namespace kexit::kube
