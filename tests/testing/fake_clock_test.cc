#include "testing/fake_clock.h"

#include <gtest/gtest.h>

#include <chrono>

namespace kexit::testing_support {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(FakeClock, StartsAtAFixedInstant) {
  FakeClock clock;
  EXPECT_EQ(clock.now(), kube::TimePoint(seconds(1'700'000'000)));
  FakeClock later(kube::TimePoint(seconds(1'800'000'000)));
  EXPECT_EQ(later.now(), kube::TimePoint(seconds(1'800'000'000)));
}

TEST(FakeClock, SleepsMoveTimeAndAreCounted) {
  FakeClock clock;
  auto start = clock.now();
  clock.sleep_for(milliseconds(1500));
  clock.sleep_for(milliseconds(250));
  EXPECT_EQ(clock.now() - start, milliseconds(1750));
  EXPECT_EQ(clock.slept(), milliseconds(1750));
  EXPECT_EQ(clock.sleeps(), 2);
}

TEST(FakeClock, AdvanceMovesTimeWithoutCountingASleep) {
  FakeClock clock;
  auto start = clock.now();
  clock.advance(seconds(40));
  EXPECT_EQ(clock.now() - start, seconds(40));
  EXPECT_EQ(clock.slept(), milliseconds(0));
  EXPECT_EQ(clock.sleeps(), 0);
}

TEST(FakeClock, FrozenSleepsLeaveTimeWhereItIsUntilAdvanced) {
  FakeClock clock(FakeClock::Sleeps::kFreeze);
  auto start = clock.now();
  clock.sleep_for(seconds(3600));
  EXPECT_EQ(clock.now(), start);
  EXPECT_EQ(clock.slept(), seconds(3600));
  EXPECT_EQ(clock.sleeps(), 1);
  clock.advance(seconds(5));
  EXPECT_EQ(clock.now() - start, seconds(5));
}

TEST(FakeClock, KeepsTheNamesOfTheOldPerDirectoryCopies) {
  kube::FakeClock kube_clock;
  agent::testing::FakeClock agent_clock;
  EXPECT_EQ(kube_clock.now(), agent_clock.now());
}

}  // namespace
}  // namespace kexit::testing_support
