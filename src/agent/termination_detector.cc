#include "agent/termination_detector.h"

#include "agent/termination_id.h"
#include "kube/api_time.h"
#include "kube/unexpected_exit.h"

namespace kexit::agent {

const char* to_string(PodEventType type) {
  switch (type) {
    case PodEventType::kListed:
      return "LISTED";
    case PodEventType::kAdded:
      return "ADDED";
    case PodEventType::kModified:
      return "MODIFIED";
    case PodEventType::kDeleted:
      return "DELETED";
  }
  return "UNKNOWN";
}

Detection TerminationDetector::observe(const kube::PodFacts& pod, PodEventType type,
                                       kube::TimePoint now) {
  Detection detection;
  std::string key = pod_key(pod);
  for (std::size_t i = 0; i < pod.to_diagnose.size(); ++i) {
    const auto& container = pod.to_diagnose[i];
    std::string id = termination_id(pod, container);
    if (!table_.record(key, container.name, id)) {
      continue;
    }
    if (!kube::is_unexpected_exit(pod, container) && !options_.include_exit_zero) {
      ++detection.skipped_success;
      continue;
    }
    if (options_.since) {
      auto finished = kube::parse_api_time(container.termination.finished_at);
      if (finished && *finished + *options_.since < now) {
        ++detection.skipped_old;
        continue;
      }
    }
    detection.new_terminations.push_back({i, std::move(id)});
  }
  if (type == PodEventType::kDeleted) {
    table_.forget_pod(key);
  }
  return detection;
}

}  // namespace kexit::agent
