#include "diagnose/wilson_interval.h"

#include <gtest/gtest.h>

namespace kexit::diagnose {
namespace {

TEST(WilsonInterval, MatchesTheFormula) {
  Interval interval = wilson_interval(5, 8);
  EXPECT_NEAR(interval.low, 0.30574, 1e-5);
  EXPECT_NEAR(interval.high, 0.86316, 1e-5);
  Interval large = wilson_interval(81, 263);
  EXPECT_NEAR(large.low, 0.25529, 1e-5);
  EXPECT_NEAR(large.high, 0.36621, 1e-5);
}

TEST(WilsonInterval, StaysInsideZeroToOneAtTheEnds) {
  Interval none = wilson_interval(0, 10);
  EXPECT_DOUBLE_EQ(none.low, 0);
  EXPECT_NEAR(none.high, 0.27754, 1e-5);
  Interval all = wilson_interval(10, 10);
  EXPECT_NEAR(all.low, 0.72246, 1e-5);
  EXPECT_DOUBLE_EQ(all.high, 1);
}

TEST(WilsonInterval, NoTrialsSayNothing) {
  Interval interval = wilson_interval(0, 0);
  EXPECT_DOUBLE_EQ(interval.low, 0);
  EXPECT_DOUBLE_EQ(interval.high, 1);
}

}  // namespace
}  // namespace kexit::diagnose
