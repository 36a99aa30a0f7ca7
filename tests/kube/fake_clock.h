#pragma once
// FakeClock: a Clock for tests whose sleeps return at once and move time forward.

#include <chrono>
#include <mutex>
#include <vector>

#include "kube/clock.h"

namespace kexit::kube {

class FakeClock : public Clock {
 public:
  explicit FakeClock(TimePoint start = TimePoint(std::chrono::seconds(1'700'000'000)))
      : now_(start) {}

  TimePoint now() override {
    std::lock_guard<std::mutex> lock(mutex_);
    return now_;
  }
  void sleep_for(std::chrono::milliseconds duration) override {
    std::lock_guard<std::mutex> lock(mutex_);
    now_ += duration;
    slept_ += duration;
    ++sleeps_;
  }
  void advance(std::chrono::milliseconds duration) {
    std::lock_guard<std::mutex> lock(mutex_);
    now_ += duration;
  }
  std::chrono::milliseconds slept() {
    std::lock_guard<std::mutex> lock(mutex_);
    return slept_;
  }
  int sleeps() {
    std::lock_guard<std::mutex> lock(mutex_);
    return sleeps_;
  }

 private:
  std::mutex mutex_;
  TimePoint now_;
  std::chrono::milliseconds slept_{0};
  int sleeps_ = 0;
};

}  // namespace kexit::kube
