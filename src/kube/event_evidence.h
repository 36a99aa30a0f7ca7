#pragma once
// Reading the Events a termination's diagnosis needs from the cluster: the pod's (one bounded
// list by involvedObject.uid) and, when the termination may be node-level, its node's around
// the time it ended.

#include "kube/clock.h"
#include "kube/evidence_reader.h"
#include "kube/pod_facts.h"

namespace kexit::kube {

struct EventLimits {
  // One page per list: a crash-looping pod has a handful of aggregated Events, and a node's
  // Events around one termination are few.
  int max_events = 200;
  // Node Events this long before a termination's finishedAt, or after it, count as around it.
  std::chrono::minutes node_window_before{15};
  std::chrono::minutes node_window_after{5};
  // kube-apiserver's default --event-ttl: older Events are gone.
  std::chrono::hours event_ttl{1};
};

// Whether the node's kubelet refused the pod at admission (OutOfcpu and the other OutOf<resource>,
// NodeAffinity, UnexpectedAdmissionError, PodOSNotSupported, ...): the node's state decided,
// not anything the pod's containers did.
bool refused_at_admission(const PodFacts& pod);

// Whether a termination of the pod may have been the node's doing (SIGKILL without OOMKilled,
// an eviction, a node shutdown, a refusal at admission), so the node's Events and conditions
// are worth a read.
bool may_be_node_level(const PodFacts& pod);

// The node's Events that bear on the pod's termination: none unless it may be node-level
// (may_be_node_level), and of those only the ones whose last time is around the latest
// finishedAt, or, when no container terminated, around the pod's Event under its status reason
// (an Event without a time, or with nothing to compare it with, is kept). Events read from the
// cluster and from files are chosen here alike.
std::vector<EventFacts> node_events_around_termination(const PodFacts& pod,
                                                       std::vector<EventFacts> node_events,
                                                       const EventLimits& limits = {});

// Fills pod.events, pod.node_events and pod.evidence_notes. Never fails: an Event list that
// cannot be read (forbidden, no answer) becomes a note, and the diagnosis goes on without it.
void read_events(EvidenceReader& reader, PodFacts& pod, TimePoint now,
                 const EventLimits& limits = {});

}  // namespace kexit::kube
