#pragma once
// Suggestion names: a rule's next steps name the pod and container as POD, CONTAINER,
// NAMESPACE, IMAGE and NODE; the report fills in the real names so a command can be pasted.

#include <string>

#include "kube/pod_facts.h"

namespace kexit::diagnose {

std::string with_names(const std::string& suggestion, const kube::PodFacts& pod,
                       const kube::ContainerFacts& container);

}  // namespace kexit::diagnose
