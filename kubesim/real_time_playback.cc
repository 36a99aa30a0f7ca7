#include "kubesim/real_time_playback.h"

#include <iostream>

namespace kexit::kubesim {

RealTimePlayback::RealTimePlayback(ScenarioPlayer& player, const Clock& clock)
    : player_(player), clock_(clock), thread_([this] { play(); }) {}

RealTimePlayback::~RealTimePlayback() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void RealTimePlayback::play() {
  std::unique_lock lock(mutex_);
  while (!stopping_ && !player_.finished()) {
    auto next = player_.next_step_at();
    if (!next) {
      return;
    }
    wake_.wait_until(lock, player_.start() + *next, [&] { return stopping_.load(); });
    auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now() - player_.start());
    if (auto advanced = player_.advance_to(elapsed); !advanced) {
      std::cerr << "kubesim: " << advanced.error().to_string() << "\n";
      return;
    }
  }
}

}  // namespace kexit::kubesim
