#pragma once
// TerminationLedger: every termination the churn caused in the soak, with when it happened and
// in which phase, for the account (tests/testing/termination_account.h) and the latencies.
// The churn's thread writes it; the soak's main thread reads it.

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "kubesim/synthetic_load.h"
#include "testing/termination_account.h"

namespace kexit::bench {

struct LedgerEntry {
  std::string container;  // "pod/app", as the account keys it
  kubesim::TimePoint at;
  int phase = 0;
};

class TerminationLedger {
 public:
  // The phase terminations recorded from now on belong to.
  void set_phase(int phase) { phase_.store(phase); }
  int phase() const { return phase_.load(); }

  // PodChurn's observer.
  void record(const kubesim::ChurnTermination& termination) {
    std::lock_guard lock(mutex_);
    entries_[termination.container_id] = {termination.pod + "/app", termination.at, phase_.load()};
  }

  testing_support::TerminationsByContainer by_container() const {
    std::lock_guard lock(mutex_);
    testing_support::TerminationsByContainer result;
    for (const auto& [id, entry] : entries_) {
      result[entry.container].insert(id);
    }
    return result;
  }
  // Only those of one phase.
  testing_support::TerminationsByContainer of_phase(int phase) const {
    std::lock_guard lock(mutex_);
    testing_support::TerminationsByContainer result;
    for (const auto& [id, entry] : entries_) {
      if (entry.phase == phase) {
        result[entry.container].insert(id);
      }
    }
    return result;
  }
  std::map<std::string, LedgerEntry> entries() const {
    std::lock_guard lock(mutex_);
    return entries_;
  }

 private:
  mutable std::mutex mutex_;
  std::atomic<int> phase_{0};
  // By termination id (the dead instance's containerID).
  std::map<std::string, LedgerEntry> entries_;
};

}  // namespace kexit::bench
