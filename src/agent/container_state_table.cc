#include "agent/container_state_table.h"

#include "agent/termination_id.h"

namespace kexit::agent {

bool ContainerStateTable::record(std::string_view pod_key, std::string_view container,
                                 std::string_view termination_id) {
  auto& slots = pods_[fingerprint(pod_key)];
  std::uint64_t container_print = fingerprint(container);
  std::uint64_t termination_print = fingerprint(termination_id);
  for (auto& slot : slots) {
    if (slot.container == container_print) {
      if (slot.termination == termination_print) {
        return false;
      }
      slot.termination = termination_print;
      return true;
    }
  }
  slots.push_back({container_print, termination_print});
  slots.shrink_to_fit();
  return true;
}

bool ContainerStateTable::contains(std::string_view pod_key, std::string_view container,
                                   std::string_view termination_id) const {
  auto found = pods_.find(fingerprint(pod_key));
  if (found == pods_.end()) {
    return false;
  }
  std::uint64_t container_print = fingerprint(container);
  std::uint64_t termination_print = fingerprint(termination_id);
  for (const auto& slot : found->second) {
    if (slot.container == container_print) {
      return slot.termination == termination_print;
    }
  }
  return false;
}

void ContainerStateTable::forget_pod(std::string_view pod_key) {
  pods_.erase(fingerprint(pod_key));
}

void ContainerStateTable::retain_pods(const std::unordered_set<std::uint64_t>& pod_fingerprints) {
  for (auto it = pods_.begin(); it != pods_.end();) {
    if (pod_fingerprints.count(it->first) == 0) {
      it = pods_.erase(it);
    } else {
      ++it;
    }
  }
}

void ContainerStateTable::clear() { pods_.clear(); }

std::size_t ContainerStateTable::container_count() const {
  std::size_t count = 0;
  for (const auto& [pod, slots] : pods_) {
    count += slots.size();
  }
  return count;
}

}  // namespace kexit::agent
