#pragma once
// RealTimePlayback: plays a scenario on a thread, each step when the wall clock reaches it,
// until the scenario ends or the playback is destroyed (standalone kubesim; tests step
// scenarios by hand instead).

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "kubesim/scenario_player.h"

namespace kexit::kubesim {

class RealTimePlayback {
 public:
  RealTimePlayback(ScenarioPlayer& player, const Clock& clock);
  ~RealTimePlayback();
  RealTimePlayback(const RealTimePlayback&) = delete;
  RealTimePlayback& operator=(const RealTimePlayback&) = delete;

 private:
  void play();

  ScenarioPlayer& player_;
  const Clock& clock_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace kexit::kubesim
