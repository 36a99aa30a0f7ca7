#pragma once
// ContainerStateTable: the last termination seen for each watched container, in a few bytes,
// so the agent notices new terminations without holding Pod objects.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace kexit::agent {

class ContainerStateTable {
 public:
  // Records `termination_id` as the container's latest termination. True when it differs from
  // what was recorded (a termination not seen before).
  bool record(std::string_view pod_key, std::string_view container,
              std::string_view termination_id);
  bool contains(std::string_view pod_key, std::string_view container,
                std::string_view termination_id) const;

  // The pod is gone: its containers cannot terminate again.
  void forget_pod(std::string_view pod_key);
  // After a relist: pods missing from the new list were deleted while the watch was down.
  void retain_pods(const std::unordered_set<std::uint64_t>& pod_fingerprints);
  void clear();

  std::size_t pod_count() const { return pods_.size(); }
  std::size_t container_count() const;

 private:
  // Only fingerprints are kept: 16 bytes per container, plus the map node per pod. Pods that
  // never had a terminated container are not stored at all.
  struct ContainerSlot {
    std::uint64_t container = 0;
    std::uint64_t termination = 0;
  };
  std::unordered_map<std::uint64_t, std::vector<ContainerSlot>> pods_;
};

}  // namespace kexit::agent
