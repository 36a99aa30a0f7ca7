#include "agent/kubernetes_event_reasons.h"

#include <algorithm>
#include <array>

namespace kexit::agent {
namespace {

// Reasons of Events written by Kubernetes' own components, from their sources (kept sorted for
// the binary search; tests check the order):
// - kubelet: pkg/kubelet/events/event.go, pkg/kubelet/eviction/eviction_manager.go (Evicted),
//   pkg/kubelet/oom_watcher_linux.go (SystemOOM), pkg/kubelet/preemption (Preempting)
// - node-problem-detector's kernel monitor: config/kernel-monitor.json (OOMKilling)
// - batch controllers: pkg/controller/job/job_controller.go, pkg/controller/cronjob
// - kube-scheduler: pkg/scheduler/schedule_one.go; node lifecycle, taint eviction, deployment,
//   replicaset, statefulset, daemonset and HPA controllers under pkg/controller/
constexpr std::array<std::string_view, 64> kReasons = {
    "BackOff",
    "BackoffLimitExceeded",
    "Completed",
    "ContainerGCFailed",
    "Created",
    "DeadlineExceeded",
    "DeletingAllPods",
    "ErrImageNeverPull",
    "Evicted",
    "ExceededGracePeriod",
    "Failed",
    "FailedAttachVolume",
    "FailedCreate",
    "FailedCreatePodContainer",
    "FailedCreatePodSandBox",
    "FailedDelete",
    "FailedGetResourceMetric",
    "FailedKillPod",
    "FailedMount",
    "FailedPostStartHook",
    "FailedPreStopHook",
    "FailedScheduling",
    "FailedSync",
    "FailedUnMount",
    "FailedValidation",
    "FreeDiskSpaceFailed",
    "ImageGCFailed",
    "InspectFailed",
    "JobAlreadyActive",
    "Killing",
    "MaxFailedIndexesExceeded",
    "MissingJob",
    "NetworkNotReady",
    "NodeAllocatableEnforced",
    "NodeHasDiskPressure",
    "NodeHasInsufficientMemory",
    "NodeHasInsufficientPID",
    "NodeNotReady",
    "NodeNotSchedulable",
    "NodeReady",
    "OOMKilling",
    "PodFailurePolicy",
    "Preempted",
    "Preempting",
    "ProbeWarning",
    "Pulled",
    "Pulling",
    "Rebooted",
    "RemovingNode",
    "SandboxChanged",
    "SawCompletedJob",
    "ScalingReplicaSet",
    "Scheduled",
    "Started",
    "SuccessfulCreate",
    "SuccessfulDelete",
    "SuccessfulRescale",
    "Suspended",
    "SystemOOM",
    "TaintManagerEviction",
    "TooManyMissedTimes",
    "UnexpectedJob",
    "UnfinishedPreStopHook",
    "Unhealthy",
};

}  // namespace

bool is_kubernetes_event_reason(std::string_view reason) {
  return std::binary_search(kReasons.begin(), kReasons.end(), reason);
}

std::string non_colliding_event_reason(std::string reason) {
  return is_kubernetes_event_reason(reason) ? "Kexit" + reason : reason;
}

}  // namespace kexit::agent
