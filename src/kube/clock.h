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

}  // namespace kexit::kube
