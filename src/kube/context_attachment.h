#pragma once
// The Nodes and workloads of pod files as their pods' context: a post-mortem that kept
// `kubectl get node NODE -o json`, `kubectl get job NAME -o json` or the pod's ReplicaSet and
// Deployment next to the pods gets the node conditions, Job conditions and owner (with its
// fixes) that cluster mode reads with get nodes, get jobs and get of the owners.

#include "kube/pod_parser.h"

namespace kexit::kube {

// Each pod owned by a Job of `objects.workloads` that has a container to diagnose gets the
// Job's failure conditions in `conditions` (read_owner_job, through a FileWorkloadReader: the
// Job whose uid the pod's owner reference names, by name when either lacks a uid), and the
// describe-text note that the Job's conditions are missing is dropped; its owner is resolved
// as in cluster mode (resolve_workload_owner), so the fixes are the same; each pod whose
// termination may be node-level (may_be_node_level) and whose node is in `objects` gets its
// abnormal conditions in `node_conditions` (as read_node_context: a pod names its node by name
// only). Run after attach_events, which can add the pod-failure entry that makes a termination
// node-level.
void attach_node_and_job_context(PodObjects& objects);

}  // namespace kexit::kube
