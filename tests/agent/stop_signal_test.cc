#include "agent/stop_signal.h"

#include <gtest/gtest.h>

#include "testing/fake_clock.h"

namespace kexit::agent {
namespace {

TEST(StopSignal, SleepEndsEarlyOnceRequested) {
  testing::FakeClock clock;
  StopSignal stop;
  auto start = clock.now();
  EXPECT_TRUE(stop.sleep(clock, std::chrono::seconds(2)));
  EXPECT_EQ(clock.now() - start, std::chrono::seconds(2));
  stop.request();
  EXPECT_FALSE(stop.sleep(clock, std::chrono::hours(1)));
  EXPECT_EQ(clock.now() - start, std::chrono::seconds(2));
}

}  // namespace
}  // namespace kexit::agent
