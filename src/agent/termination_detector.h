#pragma once
// TerminationDetector: tells which terminated containers of a pod are new, filtering out old
// terminations (--since) and plain completions (kube::is_unexpected_exit).

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "agent/container_state_table.h"
#include "kube/clock.h"
#include "kube/pod_facts.h"

namespace kexit::agent {

enum class PodEventType { kListed, kAdded, kModified, kDeleted };
const char* to_string(PodEventType type);

struct DetectorOptions {
  // Terminations that finished longer ago than this are not reported.
  std::optional<std::chrono::seconds> since;
  // A plain completion (exit 0 and not restarted under restartPolicy Always) is reported only when
  // asked for.
  bool include_exit_zero = false;
};

struct DetectedTermination {
  // Index into PodFacts::terminated.
  std::size_t container_index = 0;
  std::string termination_id;
};

struct Detection {
  std::vector<DetectedTermination> new_terminations;
  std::size_t skipped_old = 0;
  std::size_t skipped_success = 0;
};

class TerminationDetector {
 public:
  TerminationDetector(DetectorOptions options, ContainerStateTable& table)
      : options_(options), table_(table) {}

  // Every termination is recorded, reported or not, so it is examined only once. A DELETED pod
  // still carries its last state (it may have crashed just before deletion): its terminations
  // are examined first, then the pod is forgotten.
  Detection observe(const kube::PodFacts& pod, PodEventType type, kube::TimePoint now);

 private:
  DetectorOptions options_;
  ContainerStateTable& table_;
};

}  // namespace kexit::agent
