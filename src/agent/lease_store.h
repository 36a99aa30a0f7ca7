#pragma once
// LeaseStore: where the leader-election record lives (a coordination.k8s.io/v1 Lease), behind
// an interface so the election algorithm is tested without an API server.

#include <optional>
#include <string>

#include "base/expected.h"
#include "kube/clock.h"

namespace kexit::agent {

struct LeaseRecord {
  std::string holder_identity;
  int lease_duration_seconds = 0;
  std::optional<kube::TimePoint> acquire_time;
  std::optional<kube::TimePoint> renew_time;
  int lease_transitions = 0;
  // metadata.resourceVersion as read: an update carrying a stale one fails (409 Conflict).
  std::string resource_version;

  // Equal spec (the resourceVersion is not compared).
  bool same_spec(const LeaseRecord& other) const;
};

class LeaseStore {
 public:
  virtual ~LeaseStore() = default;
  // nullopt when the Lease does not exist.
  virtual Expected<std::optional<LeaseRecord>> get() = 0;
  // Fails when the Lease exists already.
  virtual Expected<LeaseRecord> create(const LeaseRecord& record) = 0;
  // Fails when `record.resource_version` is no longer current (optimistic concurrency).
  virtual Expected<LeaseRecord> update(const LeaseRecord& record) = 0;
  // "namespace/name", for logs.
  virtual std::string describe() const = 0;
};

}  // namespace kexit::agent
