#pragma once
// Pod lifecycle transitions as the scheduler and kubelet write them into a Pod's status:
// scheduled and Pending, containers started, a container terminated (exit code, reason,
// message), restarted (lastState, restartCount), backing off (CrashLoopBackOff), evicted.
// Each returns the core/v1 Events the kubelet would record alongside.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/expected.h"
#include "kubesim/clock.h"

namespace kexit::kubesim {

struct Termination {
  int exit_code = 0;
  std::string reason;  // default: Completed for 0, Error otherwise
  std::string message;
  int signal = 0;
};

// A Pod just bound to a node: Pending, containers waiting in ContainerCreating.
// `pod` carries metadata (uid set) and spec; the node defaults to kubesim-node-1.
nlohmann::json schedule_pod(nlohmann::json pod, TimePoint at);
// The containers start (all when `containers` is empty); each gets `container_ids[i]`.
Status start_containers(nlohmann::json& pod, const std::vector<std::string>& containers,
                        const std::vector<std::string>& container_ids, TimePoint at);
Status terminate_container(nlohmann::json& pod, const std::string& container,
                           const Termination& termination, TimePoint at);
// The dead container waits to be restarted: state.waiting CrashLoopBackOff, lastState the
// termination; `restart_count` overrides the count when >= 0.
Status back_off_container(nlohmann::json& pod, const std::string& container, TimePoint at,
                          int restart_count = -1);
// The container waits to start: state.waiting with this reason (ErrImagePull,
// CreateContainerConfigError, ...) and message.
Status wait_container(nlohmann::json& pod, const std::string& container, const std::string& reason,
                      const std::string& message, TimePoint at);
// A new instance runs: lastState the last termination, restartCount + 1.
Status restart_container(nlohmann::json& pod, const std::string& container,
                         const std::string& container_id, TimePoint at);
// The kubelet evicted the pod: phase Failed, reason Evicted, running containers terminated
// as ContainerStatusUnknown (137), as kubelets since about 1.22 report them.
void evict_pod(nlohmann::json& pod, const std::string& message, TimePoint at);

// The containerID of a container's current instance ("" before it first started).
std::string current_container_id(const nlohmann::json& pod, const std::string& container);
// Names of the pod's containers, in spec order.
std::vector<std::string> container_names(const nlohmann::json& pod);

// A core/v1 Event about the pod (involvedObject, source, times, count 1), named
// <pod>.<hex of at's UnixNano + sequence>.
nlohmann::json pod_event(const nlohmann::json& pod, const std::string& type,
                         const std::string& reason, const std::string& message,
                         const std::string& field_path, const std::string& component, TimePoint at,
                         std::uint64_t sequence);

}  // namespace kexit::kubesim
