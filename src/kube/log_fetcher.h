#pragma once
// Fetches the log of the container instance that terminated, or the best stand-in for it.

#include <cstddef>

#include "kube/api_client.h"
#include "kube/container_log.h"
#include "kube/pod_facts.h"

namespace kexit::kube {

// The log of `container`'s terminated instance: the current log when its current state is
// terminated (restartPolicy Never, a finished Job), else the previous instance's
// (previous=true). When the log cannot be had — the kubelet no longer keeps the previous
// instance (HTTP 400 "previous terminated container ... not found"), the pod is gone, RBAC
// forbids pods/log — the termination message stands in and the note says why. Never fails:
// one missing log must not sink a whole inspection.
ContainerLog fetch_terminated_log(ApiClient& client, const PodFacts& pod,
                                  const ContainerFacts& container, std::size_t max_bytes);

}  // namespace kexit::kube
