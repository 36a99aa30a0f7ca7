#include "agent/namespace_rate_limiter.h"

#include <gtest/gtest.h>

#include "testing/fake_clock.h"

namespace kexit::agent {
namespace {

TEST(NamespaceRateLimiter, AllowsABurstThenRefills) {
  testing::FakeClock clock;
  NamespaceRateLimiter limiter({.per_second = 0.5, .burst = 3}, clock);
  EXPECT_TRUE(limiter.allow("shop"));
  EXPECT_TRUE(limiter.allow("shop"));
  EXPECT_TRUE(limiter.allow("shop"));
  EXPECT_FALSE(limiter.allow("shop"));
  // Other namespaces are not affected.
  EXPECT_TRUE(limiter.allow("billing"));
  clock.advance(std::chrono::seconds(1));
  EXPECT_FALSE(limiter.allow("shop"));
  clock.advance(std::chrono::seconds(1));
  EXPECT_TRUE(limiter.allow("shop"));
  EXPECT_FALSE(limiter.allow("shop"));
}

TEST(NamespaceRateLimiter, ForgetsFullBucketsWhenThereAreMany) {
  testing::FakeClock clock;
  NamespaceRateLimiter limiter({.per_second = 1, .burst = 2}, clock);
  for (int i = 0; i < 2000; ++i) {
    limiter.allow("ns-" + std::to_string(i));
  }
  clock.advance(std::chrono::seconds(10));
  limiter.allow("late");
  EXPECT_LT(limiter.tracked_namespaces(), 10u);
}

}  // namespace
}  // namespace kexit::agent
