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
// What a pod-level failure leaves of the containers that were running.
enum class FailedContainers {
  Unknown,    // terminated 137 ContainerStatusUnknown, as kubelets since about 1.22 report them
  Sigterm,    // stopped within the grace period: 143 Error
  Sigkill,    // killed at once: 137 Error
  Unchanged,  // state left as last reported (older kubelets' evictions): only ready turns false
};

struct PodFailure {
  std::string
      reason;  // status.reason: Evicted, DeadlineExceeded, Preempting, Shutdown...; may be ""
  std::string message;
  FailedContainers containers = FailedContainers::Unknown;
  // Reason of the DisruptionTarget condition (PreemptionByScheduler, TerminationByKubelet, ...);
  // empty: TerminationByKubelet for the kubelet's own terminations (Evicted, Preempting,
  // Terminated, Shutdown), none otherwise.
  std::string disruption;
};

// The pod failed as a whole: phase Failed, status reason and message, conditions; returns the
// containers that were running (stopped, unless FailedContainers::Unchanged). Unless
// Unchanged, the containers that were not running get the kubelet's last status too: those
// without a terminated state are terminated 137 ContainerStatusUnknown once the pod has
// initialized (the status manager's TerminatePod).
std::vector<std::string> fail_pod(nlohmann::json& pod, const PodFailure& failure, TimePoint at);
// The kubelet evicted the pod: fail_pod with reason Evicted, containers Unknown.
void evict_pod(nlohmann::json& pod, const std::string& message, TimePoint at);
// The kubelet refused the pod at admission (kubelet.go rejectPod): phase Failed, `reason`, the
// message "Pod was rejected: " + `message`, and nothing the kubelet would have reported had it
// run the pod: no container statuses, IPs or kubelet-owned conditions.
void reject_pod(nlohmann::json& pod, const std::string& reason, const std::string& message,
                TimePoint at);

// The containerID of a container's current instance ("" before it first started).
std::string current_container_id(const nlohmann::json& pod, const std::string& container);
// Names of the pod's containers, in spec order.
std::vector<std::string> container_names(const nlohmann::json& pod);

// Who records an Event: source.component and source.host (the kubelet's node).
struct EventSource {
  std::string component;
  std::string host;
};

// A core/v1 Event about any object (`involved` is its ObjectReference), in the object's
// namespace ("default" for cluster-scoped ones, as the kubelet records Node Events), count 1,
// named <object>.<hex of at's UnixNano + sequence>.
nlohmann::json object_event(const nlohmann::json& involved, const std::string& type,
                            const std::string& reason, const std::string& message,
                            const EventSource& source, TimePoint at, std::uint64_t sequence);

// A core/v1 Event about the pod (involvedObject, source, times, count 1), named
// <pod>.<hex of at's UnixNano + sequence>.
nlohmann::json pod_event(const nlohmann::json& pod, const std::string& type,
                         const std::string& reason, const std::string& message,
                         const std::string& field_path, const std::string& component, TimePoint at,
                         std::uint64_t sequence);

}  // namespace kexit::kubesim
