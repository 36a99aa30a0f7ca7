#pragma once
// PodFacts and ContainerFacts: what the engine needs to know about one terminated container,
// taken from a Pod as the API serves it.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kube/event_facts.h"
#include "kube/workload_owner.h"

namespace kexit::kube {

// kSidecar is an init container with its own restartPolicy Always (a native sidecar, Kubernetes
// 1.29+): it starts before the app containers and restarts beside them like one of them.
enum class ContainerKind { kRegular, kInit, kSidecar, kEphemeral };
const char* to_string(ContainerKind kind);

// What there is to diagnose about a container: an instance that terminated; a container that
// never started (it waits on an image pull, a missing ConfigMap or Secret, a runtime error);
// or nothing of its own, because the pod failed as a whole (evicted with no terminated state,
// past its deadline, never scheduled).
enum class ContainerOutcome { kTerminated, kNeverStarted, kPodFailed };
const char* to_string(ContainerOutcome outcome);

// Which status field the termination came from: the current `state.terminated` (the container
// is still dead, e.g. restartPolicy Never) or `lastState.terminated` (it has been restarted).
enum class TerminationSlot { kCurrent, kLast };

struct Termination {
  // Always set from the API; absent only when a source (a corpus report) does not show it, which
  // is not the same as 0.
  std::optional<int> exit_code;
  std::optional<int> signal;
  std::string reason;
  std::string message;
  std::string started_at;
  std::string finished_at;
  std::string container_id;
};

struct ProbeFacts {
  // "httpGet", "tcpSocket", "exec" or "grpc".
  std::string handler;
  // For httpGet: path and port; for exec: the command; for tcpSocket: the port.
  std::string target;
  int period_seconds = 10;
  int failure_threshold = 3;
  int timeout_seconds = 1;
  int initial_delay_seconds = 0;
};

struct ContainerFacts {
  std::string name;
  ContainerKind kind = ContainerKind::kRegular;
  std::string image;
  std::string image_id;
  std::vector<std::string> command;
  std::vector<std::string> args;
  // Every variable name the spec sets; values only for kEnvValueAllowList.
  std::vector<std::string> env_names;
  std::map<std::string, std::string> env_values;
  std::string memory_limit;
  std::string memory_request;
  std::optional<ProbeFacts> liveness_probe;
  std::optional<ProbeFacts> startup_probe;
  std::string termination_message_policy;
  // The container's own restartPolicy: only an init container may set it, and "Always" makes it
  // a native sidecar that restarts like a regular container.
  std::string restart_policy;
  ContainerOutcome outcome = ContainerOutcome::kTerminated;
  // Empty unless outcome is kTerminated.
  Termination termination;
  TerminationSlot slot = TerminationSlot::kCurrent;
  int restart_count = 0;
  // The container's state now, when it waits (CrashLoopBackOff, ...).
  std::string waiting_reason;
  std::string waiting_message;
};

// A container of the pod that runs now, and since when: a neighbour that started after a
// terminated instance did was not there for it (a proxy sidecar it connected through, a local
// service it called on localhost).
struct RunningContainer {
  std::string name;
  // kRegular or kSidecar: plain init containers have finished before the app starts.
  ContainerKind kind = ContainerKind::kRegular;
  std::string started_at;
};

struct PodFacts {
  std::string namespace_name;
  std::string name;
  std::string uid;
  std::string node;
  std::string phase;
  std::map<std::string, std::string> labels;
  // Exit code -> meaning, declared by the workload in the annotation
  // kexit.io/exit-code-meanings (exit_code_meanings.h); entries it could not read are in
  // evidence_notes.
  std::map<int, std::string> declared_exit_codes;
  std::string owner_kind;
  std::string owner_name;
  // The controller reference's uid: a Job or ReplicaSet deleted and made again under the same
  // name is another object, whose conditions and template are not this pod's.
  std::string owner_uid;
  // What a fix changes: the owner found through the controllers' own objects
  // (resolve_workload_owner), when the cluster was read and the objects could be.
  std::optional<WorkloadOwner> workload;
  // Why the owner could not be resolved ("ReplicaSet api-7c9f8 could not be read (HTTP 403)"),
  // said only when a fix needed it.
  std::string workload_unresolved;
  std::string restart_policy;
  // status.reason and status.message: Evicted, DeadlineExceeded, ...
  std::string reason;
  std::string message;
  // status.conditions that are not True (and DisruptionTarget=True) as "Type=Status: reason:
  // message", for evidence (PodScheduled=False: Unschedulable: 0/3 nodes are available ...);
  // then the owning Job's conditions of failure, as "Job Failed=True: DeadlineExceeded: ...".
  std::vector<std::string> conditions;
  // What there is to diagnose, in spec order (init, regular, ephemeral): each container whose
  // latest instance terminated (state.terminated when current, else lastState.terminated),
  // each that never started; and, when the pod failed as a whole and no container says more,
  // one kPodFailed entry for its first container.
  std::vector<ContainerFacts> to_diagnose;
  // App containers the kubelet holds back (waiting in PodInitializing) until the init containers
  // have run and the native sidecars have started: when one of those is in to_diagnose, it is
  // why these never started.
  std::vector<std::string> waiting_for_init;
  // App containers and native sidecars running now (state.running), in status order.
  std::vector<RunningContainer> running;
  // The first regular container as the spec describes it (no status): what a failure of the
  // whole pod is reported against, so names and suggestions stay concrete.
  ContainerFacts first_container;
  // The pod's Events (involvedObject.uid), and its node's around the termination when that
  // may be node-level; read from the cluster or a file, empty when there were none.
  std::vector<EventFacts> events;
  std::vector<EventFacts> node_events;
  // The node's conditions that were not normal when it was read (MemoryPressure=True, Ready=False),
  // read only when the termination may be node-level: context, as it is now, not at the
  // termination.
  std::vector<std::string> node_conditions;
  // What the evidence lacks and why ("no Events: they expire after an hour by default",
  // "node Events not read: forbidden"). Shown with every diagnosis of the pod.
  std::vector<std::string> evidence_notes;
};

// Adds one kPodFailed entry (for first_container) when the pod failed as a whole and no
// container says more: failed with a status reason (evicted by an older kubelet, past its
// deadline), unschedulable, or pending with a Warning Event about it (FailedMount,
// FailedCreatePodSandBox). Call again after Events are attached; it adds at most one.
void add_pod_failure(PodFacts& pod);

// Environment variables whose values are safe and useful to read. Everything else is reduced to
// its name, because env values are where secrets live.
bool is_env_value_allowed(const std::string& name);

}  // namespace kexit::kube
