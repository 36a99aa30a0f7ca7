#pragma once
// eventually(): waits for a condition that another thread makes true, polling it until a
// budget of real time runs out. A bounded wait on state, never a fixed sleep: it returns as
// soon as the condition holds, and the budget only decides how long a broken test hangs.

#include <algorithm>
#include <chrono>
#include <thread>

namespace kexit::testing_support {

// Generous, because ctest runs the suite on a shared machine two tests at a time; a passing
// test never waits that long.
inline constexpr std::chrono::milliseconds kEventuallyBudget{30'000};

// True once `condition()` is true; false if it is still false after `budget`. Polls after
// 1 ms, then less often up to every 10 ms: quick to see a fast change, and cheap when the
// condition itself is costly (a list over HTTP).
template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds budget = kEventuallyBudget) {
  auto deadline = std::chrono::steady_clock::now() + budget;
  std::chrono::milliseconds pause{1};
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) {
      return condition();
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace kexit::testing_support
