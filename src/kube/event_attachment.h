#pragma once
// Attaching Events to the pods they are about, for Events read apart from their pods (a file
// of `kubectl get pod,events -o json`, golden cases, a saved post-mortem).

#include <vector>

#include "kube/event_facts.h"
#include "kube/pod_facts.h"

namespace kexit::kube {

// Each Event goes to the pod it names: by uid when both have one, else by namespace and name;
// an Event about a Node goes to `node_events` of the pods on that node whose termination may be
// node-level, when it is around the termination (node_events_around_termination, as cluster
// mode reads them). Events about other
// objects, or about pods not given, are left out; returns how many were. A pending pod whose
// Events show it stuck then gets its pod-failure entry (add_pod_failure).
std::size_t attach_events(std::vector<PodFacts>& pods, const std::vector<EventFacts>& events);

}  // namespace kexit::kube
