#pragma once
// Fallback diagnosis: what the engine says when no rule holds: the signal's meaning, the
// application's own exit code, or the kubelet's words for a container that never ran.

#include <optional>

#include "diagnose/diagnosis.h"
#include "knowledge/knowledge_model.h"
#include "kube/pod_facts.h"

namespace kexit::diagnose {

Diagnosis fallback_diagnosis(const kube::PodFacts& pod, const kube::ContainerFacts& container,
                             std::optional<int> signal, const knowledge::KnowledgeSet& set);

}  // namespace kexit::diagnose
