#pragma once
// FakeClock: a kube::Clock whose time moves only when told (or when slept on), for tests.

#include <chrono>
#include <mutex>

#include "kube/clock.h"

namespace kexit::agent::testing {

class FakeClock : public kube::Clock {
 public:
  explicit FakeClock(kube::TimePoint start = kube::TimePoint(std::chrono::hours(24 * 365 * 54)))
      : now_(start) {}
  kube::TimePoint now() override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void sleep_for(std::chrono::milliseconds duration) override { advance(duration); }
  void advance(std::chrono::milliseconds duration) {
    std::lock_guard lock(mutex_);
    now_ += duration;
  }

 private:
  std::mutex mutex_;
  kube::TimePoint now_;
};

}  // namespace kexit::agent::testing
