#pragma once
// Clock: where the Kubernetes client reads "now" and how it waits, so tests neither depend on
// the wall clock nor sleep.

#include <chrono>

namespace kexit::kube {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() = 0;
  virtual void sleep_for(std::chrono::milliseconds duration) = 0;
};

// The real clock; one shared instance, safe to use from any thread.
Clock& system_clock();

// A "now" that stays where it was set (for output that must not depend on when it is run,
// e.g. KEXIT_NOW); sleeps are real, so retries still wait.
class FixedClock : public Clock {
 public:
  explicit FixedClock(TimePoint now) : now_(now) {}
  TimePoint now() override { return now_; }
  void sleep_for(std::chrono::milliseconds duration) override {
    system_clock().sleep_for(duration);
  }

 private:
  TimePoint now_;
};

}  // namespace kexit::kube
