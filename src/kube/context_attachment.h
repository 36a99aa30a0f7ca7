#pragma once
// The Nodes and Jobs of pod files as their pods' context: a post-mortem that kept
// `kubectl get node NODE -o json` or `kubectl get job NAME -o json` next to the pods gets the
// node conditions and Job conditions cluster mode reads with get nodes and get jobs.

#include "kube/pod_parser.h"

namespace kexit::kube {

// Each pod owned by a Job of `objects` that has a container to diagnose gets the Job's
// failure conditions in `conditions` (as read_owner_job adds them), and the describe-text note
// that the Job's conditions are missing is dropped; each pod whose termination may be
// node-level (may_be_node_level) and whose node is in `objects` gets its abnormal conditions
// in `node_conditions` (as read_node_context). Run after attach_events, which can add the
// pod-failure entry that makes a termination node-level.
void attach_node_and_job_context(PodObjects& objects);

}  // namespace kexit::kube
