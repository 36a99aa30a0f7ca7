#include "kube/clock.h"

#include <thread>

namespace kexit::kube {
namespace {

class SystemClock : public Clock {
 public:
  TimePoint now() override { return std::chrono::system_clock::now(); }
  void sleep_for(std::chrono::milliseconds duration) override {
    std::this_thread::sleep_for(duration);
  }
};

}  // namespace

Clock& system_clock() {
  static SystemClock clock;
  return clock;
}

}  // namespace kexit::kube
