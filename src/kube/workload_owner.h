#pragma once
// WorkloadOwner: the object that makes a pod and that a fix changes (a Deployment rather than
// its ReplicaSet, a CronJob rather than its Job), as its ownerReferences say, never guessed
// from names; with the GitOps tool that owns its manifest.

#include <string>
#include <vector>

#include "kube/gitops_manager.h"
#include "kube/template_container.h"

namespace kexit::kube {

struct WorkloadOwner {
  // Deployment, StatefulSet, DaemonSet, Job (one no CronJob made) or CronJob.
  std::string kind;
  std::string name;
  std::string namespace_name;
  GitOpsManager manager;
  // The pod template's restartPolicy (a CronJob's: its jobTemplate's), "" when unset.
  std::string restart_policy;
  // The pod template's containers (a CronJob's: its jobTemplate's), for a fix's JSON patch.
  std::vector<TemplateContainer> containers;
  // Whether the Job spec (a CronJob's jobTemplate) already has a podFailurePolicy.
  bool has_pod_failure_policy = false;

  // "deployment/api": the form kubectl takes.
  std::string reference() const;
  bool operator==(const WorkloadOwner&) const = default;
};

}  // namespace kexit::kube
