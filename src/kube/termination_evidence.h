#pragma once
// Termination evidence: what kexit reads about a pod's failures beyond its status - the log of
// each instance that terminated, and the Events about the pod and its node. The CLI and the
// agent both read it here.

#include <cstddef>
#include <map>
#include <string>

#include "kube/clock.h"
#include "kube/container_log.h"
#include "kube/event_evidence.h"
#include "kube/evidence_reader.h"
#include "kube/log_reader.h"
#include "kube/pod_facts.h"

namespace kexit::kube {

// The log of `container`'s terminated instance: the previous instance's (previous=true) for a
// container seen in lastState.terminated, the current log for one seen in state.terminated.
// The kubelet may restart the latter before its log is read (a first crash, about a second
// later), so when it may restart the log is read with timestamps, and a last line written
// after finishedAt means the previous instance's log is the dead one's now. When the log
// cannot be had - the kubelet no longer keeps the previous instance (HTTP 400 "previous
// terminated container ... not found"), the pod is gone (404), RBAC forbids pods/log, no
// answer came - the termination message stands in and the note says why. Never fails: one
// missing log must not sink an inspection or a report.
ContainerLog fetch_terminated_log(LogReader& reader, const PodFacts& pod,
                                  const ContainerFacts& container, std::size_t max_bytes);

// Everything a diagnosis of `pod` reads beyond the pod: its Events and its node's
// (read_events, which may add a pod-failure entry), the node's conditions when the termination
// may be node-level (read_node_context), the owning Job's conditions, and the log of each
// terminated container in pod.to_diagnose, by container name. Containers that never started have no
// log. The logs are read on a second thread while the Events, node and owners are read on this
// one, so `reader` must take two requests at once (ApiClient and the agent's AgentApi do).
// Never fails.
std::map<std::string, ContainerLog> gather_evidence(EvidenceReader& reader, PodFacts& pod,
                                                    TimePoint now, std::size_t max_log_bytes);

// What gather_evidence reads about `pod`, with the log of `container` only (a copy, not an
// element of pod.to_diagnose, which the Events read may extend): the agent diagnoses one new
// termination at a time with the whole pod as context, as inspect does, and the pod's other
// terminations are read when they are handed on. Never fails.
ContainerLog gather_container_evidence(EvidenceReader& reader, PodFacts& pod,
                                       const ContainerFacts& container, TimePoint now,
                                       std::size_t max_log_bytes);

// What stands in for a log that was not read: the termination message, when the container
// left one. `why` starts the note.
ContainerLog log_stand_in(const ContainerFacts& container, const std::string& why);

}  // namespace kexit::kube
