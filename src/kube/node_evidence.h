#pragma once
// The node's conditions as context for a termination that may have been the node's doing: a
// kubelet under MemoryPressure or DiskPressure evicts and kills, and a NotReady node loses its
// pods. Read with get nodes, which a namespaced user often lacks, so it is optional.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kube/evidence_reader.h"
#include "kube/pod_facts.h"

namespace kexit::kube {

// The node's conditions that are not normal, as "MemoryPressure=True: KubeletHasInsufficientMemory:
// kubelet has insufficient memory available": the pressure conditions (MemoryPressure,
// DiskPressure, PIDPressure, NetworkUnavailable) when not False, Ready when not True.
std::vector<std::string> abnormal_node_conditions(const nlohmann::json& node);

// When a termination of `pod` may be node-level and its node is known, reads the node into
// pod.node_conditions. Never fails: a node that cannot be read (forbidden, gone) becomes a
// "node context missing" note, and the diagnosis goes on without it.
void read_node_context(EvidenceReader& reader, PodFacts& pod);

}  // namespace kexit::kube
