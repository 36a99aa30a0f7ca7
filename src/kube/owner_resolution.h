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
  // "" when the reference does not give one (hand-written objects, describe text).
  std::string uid;
};

// Whether `object` is the pod's controller as its reference names it: by uid when both have
// one, since a name is reused by the next object of that name; by name alone otherwise.
bool owned_by(const PodFacts& pod, const nlohmann::json& object);

// The object's ownerReference with controller: true, if any.
std::optional<ControllerReference> controller_reference(const nlohmann::json& object);

// The owner as the object itself describes it: kind, name, namespace, GitOps labels and the
// template's restartPolicy.
WorkloadOwner workload_owner_of(const nlohmann::json& object);

// Sets pod.workload for a pod with a controller that kexit can read. Never fails: an owner that
// cannot be read sets pod.workload_unresolved instead, and the pod gets no fix (a 404 says the
// owner is gone, only a 403 names the permission). `owner_read`, when given, is the answer
// already had for the pod's own controller (read_owner_job's), used instead of asking again.
void resolve_workload_owner(EvidenceReader& reader, PodFacts& pod,
                            const Expected<ApiResponse>* owner_read = nullptr);

}  // namespace kexit::kube
