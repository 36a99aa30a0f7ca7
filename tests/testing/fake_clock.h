#pragma once
// FakeClock: the tests' kube::Clock. Its time moves only when told (advance) or when slept on,
// so a test of retries and deadlines takes no wall time and its times are exact.

#include <chrono>
#include <mutex>
#include <thread>

#include "kube/clock.h"

namespace kexit::testing_support {

class FakeClock : public kube::Clock {
 public:
  // What a sleep does. kAdvance moves time forward by the sleep and returns at once: for code
  // that sleeps on the test's thread. kFreeze leaves time where it is and yields the thread
  // briefly: for threads that idle in a loop (the agent's), which must neither spin nor see
  // time move behind the test's back.
  enum class Sleeps { kAdvance, kFreeze };

  // 2023-11-14T22:13:20Z: a fixed instant, so times in assertions are exact.
  static kube::TimePoint default_start() {
    return kube::TimePoint(std::chrono::seconds(1'700'000'000));
  }

  explicit FakeClock(kube::TimePoint start = default_start(), Sleeps sleeps = Sleeps::kAdvance)
      : now_(start), mode_(sleeps) {}
  explicit FakeClock(Sleeps sleeps) : FakeClock(default_start(), sleeps) {}

  kube::TimePoint now() override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void sleep_for(std::chrono::milliseconds duration) override {
    {
      std::lock_guard lock(mutex_);
      slept_ += duration;
      ++sleeps_;
      if (mode_ == Sleeps::kAdvance) {
        now_ += duration;
        return;
      }
    }
    // A short real pause so an idle loop does not take a whole core from the code under test.
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  void advance(std::chrono::milliseconds duration) {
    std::lock_guard lock(mutex_);
    now_ += duration;
  }
  // The total of every sleep_for, and how many there were.
  std::chrono::milliseconds slept() {
    std::lock_guard lock(mutex_);
    return slept_;
  }
  int sleeps() {
    std::lock_guard lock(mutex_);
    return sleeps_;
  }

 private:
  std::mutex mutex_;
  kube::TimePoint now_;
  Sleeps mode_;
  std::chrono::milliseconds slept_{0};
  int sleeps_ = 0;
};

}  // namespace kexit::testing_support

// The names the per-directory copies had, so tests written against them still compile.
namespace kexit::kube {
using testing_support::FakeClock;
}  // namespace kexit::kube
namespace kexit::agent::testing {
using testing_support::FakeClock;
}  // namespace kexit::agent::testing
