#pragma once
// TerminationCorrelation: several pods on one node ended the same way at about the same time,
// which points at the node (memory pressure, a kernel OOM, a reboot), not at each application.

#include <chrono>
#include <string>
#include <vector>

#include "report/termination_row.h"

namespace kexit::report {

// Terminations this close together on one node count as one event. The kubelet's eviction
// manager evicts pod after pod on one pass every 10 s, the kernel's OOM killer and a node
// shutdown end their victims within seconds, while independent crash loops restart on their
// own back-off (10 s doubling to 5 min) and drift apart: two minutes holds the first kind
// with room for a slow drain and rarely lines up the second.
constexpr std::chrono::seconds kCorrelationWindow{120};

// Two applications failing together can be chance (or one calling the other); three different
// applications (owners, not replicas) on one node is where a shared cause becomes the likelier
// reading.
constexpr std::size_t kCorrelatedApplications = 3;

struct CorrelatedTerminations {
  std::string node;
  std::string cause;
  // The signal every one of them ended with ("SIGKILL"); empty when they differ or none did.
  std::string signal_name;
  // Distinct pods as namespace/name, in termination order.
  std::vector<std::string> pods;
  // The image every one of them ran; empty when they ran different images.
  std::string image;
  // From the first termination to the last.
  std::chrono::seconds span{0};
};

// Groups rows by node and cause and finds runs whose terminations fit within
// kCorrelationWindow and span at least kCorrelatedApplications distinct applications
// (TerminationRow::owner, else the pod); rows without a node, a time or a cause take no part.
// Ordered by node, then cause, then time.
std::vector<CorrelatedTerminations> correlate_terminations(const std::vector<TerminationRow>& rows);

// "4 pods on node-3 killed by SIGKILL (oom-killed) within 45s: likely a node problem, not 4
// application problems"; when they all ran one image, that image is named instead of the node.
std::string correlation_line(const CorrelatedTerminations& group);

}  // namespace kexit::report
