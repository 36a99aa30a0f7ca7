#pragma once
// TerminationId: the identity of one terminated container instance, so each termination is
// diagnosed and reported exactly once.

#include <cstdint>
#include <string>
#include <string_view>

#include "kube/pod_facts.h"

namespace kexit::agent {

// The terminated instance's containerID ("containerd://abc...") when the runtime set one:
// restart counts can be reset by the kubelet, container IDs are unique. Otherwise
// "<pod uid>/<container>/<restart number>/<finishedAt>". The restart number is that of the
// dead instance: the kubelet counts a restart when it starts the next instance, so a
// `lastState.terminated` belongs to restartCount - 1 while a current `state.terminated` belongs
// to restartCount. Both views of one death therefore give the same id. A container that never
// started and a pod that failed as a whole get "<pod key>/<container>/<outcome>".
std::string termination_id(const kube::PodFacts& pod, const kube::ContainerFacts& container);

// "<uid>", or "<namespace>/<name>" for a pod without a uid (hand-written test objects).
std::string pod_key(const kube::PodFacts& pod);

// 64-bit FNV-1a: the compact form of ids kept in memory for every watched container.
std::uint64_t fingerprint(std::string_view text);

// The fingerprint of one container of one pod (pod_key() and the container's name).
std::uint64_t container_fingerprint(const std::string& pod_key, const std::string& container);

}  // namespace kexit::agent
