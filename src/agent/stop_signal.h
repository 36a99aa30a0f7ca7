#pragma once
// StopSignal: asks the agent's loops to finish (SIGTERM, lost leadership, a test) and lets them
// wait without ignoring the request.

#include <atomic>
#include <chrono>

#include "kube/clock.h"

namespace kexit::agent {

class StopSignal {
 public:
  void request() { requested_.store(true); }
  bool requested() const { return requested_.load(); }

  // Sleeps on `clock` in short slices, returning early (false) once a stop is requested.
  bool sleep(kube::Clock& clock, std::chrono::milliseconds duration) const;

 private:
  std::atomic<bool> requested_{false};
};

}  // namespace kexit::agent
