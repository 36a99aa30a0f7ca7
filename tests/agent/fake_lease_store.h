#pragma once
// FakeLeaseStore: an in-memory Lease with resourceVersions and 409 on stale writes, shared by
// several electors in a test.

#include <memory>
#include <mutex>
#include <optional>

#include "agent/lease_store.h"

namespace kexit::agent::testing {

struct SharedLease {
  std::mutex mutex;
  std::optional<LeaseRecord> record;
  int version = 0;
  bool failing = false;
  int writes = 0;
};

class FakeLeaseStore : public LeaseStore {
 public:
  explicit FakeLeaseStore(std::shared_ptr<SharedLease> lease) : lease_(std::move(lease)) {}

  Expected<std::optional<LeaseRecord>> get() override {
    std::lock_guard lock(lease_->mutex);
    if (lease_->failing) {
      return Error{"connection refused"};
    }
    return lease_->record;
  }
  Expected<LeaseRecord> create(const LeaseRecord& record) override {
    std::lock_guard lock(lease_->mutex);
    if (lease_->failing) {
      return Error{"connection refused"};
    }
    if (lease_->record) {
      return Error{"leases.coordination.k8s.io \"kexit-agent\" already exists"};
    }
    return store(record);
  }
  Expected<LeaseRecord> update(const LeaseRecord& record) override {
    std::lock_guard lock(lease_->mutex);
    if (lease_->failing) {
      return Error{"connection refused"};
    }
    if (!lease_->record || lease_->record->resource_version != record.resource_version) {
      return Error{"Operation cannot be fulfilled on leases.coordination.k8s.io"};
    }
    return store(record);
  }
  std::string describe() const override { return "kexit/kexit-agent"; }

 private:
  LeaseRecord store(LeaseRecord record) {
    record.resource_version = std::to_string(++lease_->version);
    ++lease_->writes;
    lease_->record = record;
    return record;
  }

  std::shared_ptr<SharedLease> lease_;
};

}  // namespace kexit::agent::testing
