#pragma once
// The Event on a Node that says several applications on it ended the same way at about the
// same time (NodeCorrelator's finding): one Warning where a person routing on Node Events
// looks, beside the kubelet's own (`OOMKilling`, `SystemOOM`, `Rebooted`), in addition to each
// pod's Event.

#include <nlohmann/json.hpp>
#include <string>

#include "kube/clock.h"
#include "report/termination_correlation.h"

namespace kexit::agent {

// Kubernetes keeps the Events of cluster-scoped objects in this namespace (the kubelet's Node
// Events are there).
inline constexpr const char* kNodeEventNamespace = "default";
// No Kubernetes component writes this reason, so routes on the kubelet's never match it.
inline constexpr const char* kNodeEventReason = "KexitCorrelatedTerminations";
// The pods of the group, "namespace/name" joined by ",", cut to fit an annotation a person
// reads; the note says how many there were.
inline constexpr const char* kPodsAnnotation = "kexit.io/pods";

// An events.k8s.io/v1 Event regarding the group's Node, named from the node, the cause and the
// group's first pod, so two replicas announcing the same group write one object (409 for the
// second). `reporting_instance` is the agent's pod name.
nlohmann::json build_node_event(const report::CorrelatedTerminations& group,
                                const std::string& reporting_instance, kube::TimePoint now);

}  // namespace kexit::agent
