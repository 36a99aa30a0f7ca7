#pragma once
// Synthetic load for benchmarks and demos: many pods at once (stored as the scenario player
// would write them), and a churn of container crashes and restarts at a steady rate, which
// gives watches a steady stream of MODIFIED events.

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <thread>

#include "kubesim/cluster.h"

namespace kexit::kubesim {

// Stores `count` running pods named load-<n> in namespace `namespace_name`, spread over
// `deployments` ReplicaSet owners; each has one container with a short log.
void add_synthetic_pods(Cluster& cluster, std::size_t count, const std::string& namespace_name,
                        std::size_t deployments = 100);

// One crash the churn wrote: which pod's container "app" died, the dead instance's containerID
// (what an agent names the termination by) and when.
struct ChurnTermination {
  std::string pod;
  std::string container_id;
  TimePoint at;
};

// Crashes and restarts synthetic pods, `per_second` changes a second, round-robin, on its own
// thread until destroyed. Every change is one pod write: a termination (exit 1, with a log
// line) or the restart after it. `on_termination`, when set, hears of each crash once it is
// stored (on the churn's thread), so a soak can account for every termination it caused.
class PodChurn {
 public:
  using TerminationObserver = std::function<void(const ChurnTermination&)>;

  PodChurn(Cluster& cluster, std::size_t pods, const std::string& namespace_name, double per_second,
           TerminationObserver on_termination = {});
  ~PodChurn();
  PodChurn(const PodChurn&) = delete;
  PodChurn& operator=(const PodChurn&) = delete;

  std::size_t changes() const { return changes_.load(); }

 private:
  void run();
  // One step: crash pod `index` (true) or restart it; false when the pod is not stored.
  bool change(std::size_t index, bool crash);

  Cluster& cluster_;
  std::size_t pods_;
  std::string namespace_name_;
  double per_second_;
  TerminationObserver on_termination_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> changes_{0};
  std::thread thread_;
};

}  // namespace kexit::kubesim
