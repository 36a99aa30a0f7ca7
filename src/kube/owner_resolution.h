#pragma once
// Finds a pod's WorkloadOwner by reading its controller's object and following that object's
// own controller reference: ReplicaSet -> Deployment, Job -> CronJob. Reading the objects,
// rather than cutting the pod-template-hash off a ReplicaSet's name, is what makes the owner
// certain: a ReplicaSet may be created by hand, and a Job's name says nothing reliable.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "kube/evidence_reader.h"
#include "kube/pod_facts.h"
#include "kube/workload_owner.h"

namespace kexit::kube {

struct ControllerReference {
  std::string kind;
  std::string name;
};

// The object's ownerReference with controller: true, if any.
std::optional<ControllerReference> controller_reference(const nlohmann::json& object);

// The owner as the object itself describes it: kind, name, namespace, GitOps labels and the
// template's restartPolicy.
WorkloadOwner workload_owner_of(const nlohmann::json& object);

// Sets pod.workload for a pod with a controller that kexit can read. Never fails: an owner that
// cannot be read sets pod.workload_unresolved instead, and the pod gets no fix.
void resolve_workload_owner(EvidenceReader& reader, PodFacts& pod);

}  // namespace kexit::kube
