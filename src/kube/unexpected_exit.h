#pragma once
// is_unexpected_exit: whether a terminated container is a termination to diagnose rather than a
// plain completion; the one rule the CLI and the agent share.

#include "kube/pod_facts.h"

namespace kexit::kube {

// True when the exit code is non-zero or unknown, or when the container exited 0 but restarts
// under restartPolicy Always (the pod's, or a native sidecar's own) and has restarted or waits in
// CrashLoopBackOff: a process that keeps exiting 0 where it should run forever is not done. A
// container that exited 0 as its pod ended, after the app container (stopped_after_app), is
// never one.
bool is_unexpected_exit(const PodFacts& pod, const ContainerFacts& container);

}  // namespace kexit::kube
