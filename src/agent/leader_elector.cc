#include "agent/leader_elector.h"

#include <memory>
#include <random>

namespace kexit::agent {
namespace {

constexpr double kJitterFactor = 1.2;

int whole_seconds(std::chrono::milliseconds duration) {
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(duration).count();
  return seconds < 1 ? 1 : static_cast<int>(seconds);
}

}  // namespace

Status validate(const LeaderElectionConfig& config) {
  if (config.identity.empty()) {
    return Error{"leader election needs an identity; set --pod-name or POD_NAME"};
  }
  if (config.retry_period.count() <= 0 || config.renew_deadline.count() <= 0 ||
      config.lease_duration.count() <= 0) {
    return Error{"leader election durations must be positive"};
  }
  if (config.lease_duration <= config.renew_deadline) {
    return Error{"--lease-duration must be greater than --renew-deadline"};
  }
  if (static_cast<double>(config.renew_deadline.count()) <=
      kJitterFactor * static_cast<double>(config.retry_period.count())) {
    return Error{"--renew-deadline must be greater than 1.2 x --retry-period"};
  }
  return ok_status();
}

LeaderElector::LeaderElector(LeaderElectionConfig config, LeaseStore& store, kube::Clock& clock,
                             std::function<double()> jitter)
    : config_(std::move(config)), store_(store), clock_(clock), jitter_(std::move(jitter)) {
  if (!jitter_) {
    auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
    jitter_ = [engine] { return std::uniform_real_distribution<double>(0, 1)(*engine); };
  }
}

void LeaderElector::set_observed(const LeaseRecord& record, kube::TimePoint now) {
  observed_ = record;
  observed_time_ = now;
  leader_.store(record.holder_identity == config_.identity);
}

bool LeaderElector::try_acquire_or_renew() {
  auto now = clock_.now();
  LeaseRecord desired;
  desired.holder_identity = config_.identity;
  desired.lease_duration_seconds = whole_seconds(config_.lease_duration);
  desired.acquire_time = now;
  desired.renew_time = now;

  auto lease_valid = [&] {
    return observed_ &&
           observed_time_ + std::chrono::seconds(observed_->lease_duration_seconds) > now;
  };

  // 1. The leader's fast path: update the copy it wrote last time.
  if (is_leader() && lease_valid()) {
    desired.acquire_time = observed_->acquire_time;
    desired.lease_transitions = observed_->lease_transitions;
    desired.resource_version = observed_->resource_version;
    auto updated = store_.update(desired);
    if (updated.ok()) {
      set_observed(*updated, now);
      return true;
    }
    // Falls through to the slow path, as client-go does.
  }

  // 2. Read the record, creating it when there is none.
  auto current = store_.get();
  if (!current.ok()) {
    return false;
  }
  if (!current->has_value()) {
    auto created = store_.create(desired);
    if (!created.ok()) {
      return false;
    }
    set_observed(*created, now);
    return true;
  }
  const LeaseRecord& record = **current;

  // 3. The record's age is measured from when this replica saw it change, never from its
  // renewTime, which another node's clock wrote.
  if (!observed_ || !observed_->same_spec(record)) {
    set_observed(record, now);
  } else {
    observed_->resource_version = record.resource_version;
  }
  if (!record.holder_identity.empty() && lease_valid() && !is_leader()) {
    return false;
  }

  // 4. Take over (a new transition) or keep it.
  if (is_leader()) {
    desired.acquire_time = record.acquire_time;
    desired.lease_transitions = record.lease_transitions;
  } else {
    desired.lease_transitions = record.lease_transitions + 1;
  }
  desired.resource_version = record.resource_version;
  auto updated = store_.update(desired);
  if (!updated.ok()) {
    return false;
  }
  set_observed(*updated, now);
  return true;
}

void LeaderElector::release() {
  if (!is_leader() || !observed_) {
    return;
  }
  auto now = clock_.now();
  LeaseRecord released;
  released.lease_duration_seconds = 1;
  released.acquire_time = now;
  released.renew_time = now;
  released.lease_transitions = observed_->lease_transitions;
  released.resource_version = observed_->resource_version;
  auto updated = store_.update(released);
  if (updated.ok()) {
    set_observed(*updated, now);
  }
  leader_.store(false);
}

std::chrono::milliseconds LeaderElector::jittered_retry() {
  double factor = 1 + kJitterFactor * jitter_();
  return std::chrono::milliseconds(
      static_cast<long long>(static_cast<double>(config_.retry_period.count()) * factor));
}

void LeaderElector::run(const StopSignal& stop, const LeaderCallbacks& callbacks) {
  auto attempt = [&] {
    bool held = try_acquire_or_renew();
    if (!held && callbacks.round_failed && !observed_) {
      callbacks.round_failed(Error{"cannot read or create the Lease " + store_.describe()});
    }
    return held;
  };
  while (!stop.requested()) {
    while (!stop.requested() && !attempt()) {
      stop.sleep(clock_, jittered_retry());
    }
    if (stop.requested()) {
      break;
    }
    if (callbacks.started_leading) {
      callbacks.started_leading();
    }
    // Renew every retryPeriod; give up when no renewal succeeded within renewDeadline.
    while (!stop.requested()) {
      auto deadline = clock_.now() + config_.renew_deadline;
      bool renewed = false;
      while (!stop.requested()) {
        renewed = try_acquire_or_renew();
        if (renewed || clock_.now() >= deadline) {
          break;
        }
        stop.sleep(clock_, config_.retry_period);
      }
      if (!renewed) {
        break;
      }
      stop.sleep(clock_, config_.retry_period);
    }
    bool stopping = stop.requested();
    leader_.store(false);
    if (callbacks.stopped_leading) {
      callbacks.stopped_leading();
    }
    if (stopping) {
      // Set leader_ back so release() sees the Lease is ours: the work is finished now.
      if (observed_ && observed_->holder_identity == config_.identity &&
          config_.release_on_cancel) {
        leader_.store(true);
        release();
      }
      break;
    }
  }
}

}  // namespace kexit::agent
