#include "agent/termination_id.h"

namespace kexit::agent {

std::string termination_id(const kube::PodFacts& pod, const kube::ContainerFacts& container) {
  // A container that never started, or a pod that failed as a whole, fails once per pod: its
  // waiting reason may flip between ErrImagePull and ImagePullBackOff without a new failure.
  if (container.outcome != kube::ContainerOutcome::kTerminated) {
    return pod_key(pod) + "/" + container.name + "/" + kube::to_string(container.outcome);
  }
  if (!container.termination.container_id.empty()) {
    return container.termination.container_id;
  }
  int restart_number = container.restart_count;
  if (container.slot == kube::TerminationSlot::kLast && restart_number > 0) {
    --restart_number;
  }
  return pod_key(pod) + "/" + container.name + "/" + std::to_string(restart_number) + "/" +
         container.termination.finished_at;
}

std::string pod_key(const kube::PodFacts& pod) {
  if (!pod.uid.empty()) {
    return pod.uid;
  }
  return pod.namespace_name + "/" + pod.name;
}

std::uint64_t fingerprint(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::uint64_t container_fingerprint(const std::string& pod_key, const std::string& container) {
  return fingerprint(pod_key + '\0' + container);
}

}  // namespace kexit::agent
