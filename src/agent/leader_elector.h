#pragma once
// LeaderElector: client-go's leader election on a Lease. Candidates retry every retryPeriod;
// the leader renews and steps down when it cannot renew within renewDeadline; a Lease is taken
// over only after it went unchanged for leaseDuration by this replica's own clock (so clock
// skew between nodes does not matter); writes carry the resourceVersion read, so of two
// candidates only one wins.

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "agent/lease_store.h"
#include "agent/stop_signal.h"
#include "base/expected.h"
#include "kube/clock.h"

namespace kexit::agent {

struct LeaderElectionConfig {
  std::string identity;
  std::chrono::milliseconds lease_duration{15000};
  std::chrono::milliseconds renew_deadline{10000};
  std::chrono::milliseconds retry_period{2000};
  // On stop, the leader writes an empty holder with a 1 s duration so a follower takes over
  // at once.
  bool release_on_cancel = true;
};

// client-go's check: leaseDuration > renewDeadline > 1.2 x retryPeriod, all positive.
Status validate(const LeaderElectionConfig& config);

struct LeaderCallbacks {
  std::function<void()> started_leading;
  std::function<void()> stopped_leading;
  // A failed round (the store's error), for logs.
  std::function<void(const Error&)> round_failed;
};

class LeaderElector {
 public:
  // `jitter` returns a number in [0, 1): candidates wait retryPeriod x (1 + 1.2 x jitter).
  LeaderElector(LeaderElectionConfig config, LeaseStore& store, kube::Clock& clock,
                std::function<double()> jitter = {});

  // One round of client-go's tryAcquireOrRenew; true when this replica holds the Lease after.
  bool try_acquire_or_renew();

  // Campaigns, leads and renews until `stop` is requested, calling back on each change; the
  // Lease is released on stop when held. After losing the Lease it campaigns again.
  void run(const StopSignal& stop, const LeaderCallbacks& callbacks);

  // Gives the Lease up (empty holder, 1 s duration) when this replica holds it.
  void release();

  bool is_leader() const { return leader_.load(); }
  const LeaderElectionConfig& config() const { return config_; }

 private:
  std::chrono::milliseconds jittered_retry();
  void set_observed(const LeaseRecord& record, kube::TimePoint now);

  LeaderElectionConfig config_;
  LeaseStore& store_;
  kube::Clock& clock_;
  std::function<double()> jitter_;
  std::optional<LeaseRecord> observed_;
  kube::TimePoint observed_time_{};
  std::atomic<bool> leader_{false};
};

}  // namespace kexit::agent
