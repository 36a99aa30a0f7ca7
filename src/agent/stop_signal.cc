#include "agent/stop_signal.h"

#include <algorithm>

namespace kexit::agent {
namespace {

// How quickly a sleeping loop notices a stop request.
constexpr std::chrono::milliseconds kSlice{50};

}  // namespace

bool StopSignal::sleep(kube::Clock& clock, std::chrono::milliseconds duration) const {
  while (duration.count() > 0) {
    if (requested()) {
      return false;
    }
    auto slice = std::min(duration, kSlice);
    clock.sleep_for(slice);
    duration -= slice;
  }
  return !requested();
}

}  // namespace kexit::agent
