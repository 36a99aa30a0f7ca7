#include "kube/unexpected_exit.h"

#include "kube/stopped_with_pod.h"

namespace kexit::kube {
namespace {

// An empty pod restartPolicy is the API's default, Always. An init container restarts only when
// it is a native sidecar (its own restartPolicy Always); the pod's policy does not restart it
// after a successful exit.
bool restarts_after_success(const PodFacts& pod, const ContainerFacts& container) {
  if (container.kind == ContainerKind::kSidecar) {
    return true;
  }
  if (container.kind == ContainerKind::kInit) {
    return container.restart_policy == "Always";
  }
  if (container.kind == ContainerKind::kEphemeral) {
    return false;
  }
  return pod.restart_policy.empty() || pod.restart_policy == "Always";
}

bool has_restarted(const ContainerFacts& container) {
  return container.restart_count > 0 || container.waiting_reason == "CrashLoopBackOff";
}

}  // namespace

bool is_unexpected_exit(const PodFacts& pod, const ContainerFacts& container) {
  if (container.termination.exit_code != 0) {
    return true;
  }
  // A sidecar's 0 after its app finished is the pod ending, whatever the sidecar did before.
  if (stopped_after_app(pod, container)) {
    return false;
  }
  return restarts_after_success(pod, container) && has_restarted(container);
}

}  // namespace kexit::kube
