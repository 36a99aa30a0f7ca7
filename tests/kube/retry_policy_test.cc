#include "kube/retry_policy.h"

#include <gtest/gtest.h>

namespace kexit::kube {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(Backoff, DoublesUpToTheCapWithJitter) {
  RetryPolicy policy;
  policy.initial_backoff = milliseconds(100);
  policy.max_backoff = milliseconds(1000);
  policy.jitter = 0.5;
  Backoff backoff(policy, 42);
  const long long bases[] = {100, 200, 400, 800, 1000, 1000};
  for (long long base : bases) {
    auto delay = backoff.next_delay().count();
    EXPECT_GE(delay, base);
    EXPECT_LT(delay, base * 3 / 2 + 1);
  }
  backoff.reset();
  EXPECT_LT(backoff.next_delay().count(), 151);
}

TEST(Backoff, WithoutJitterIsExact) {
  RetryPolicy policy;
  policy.initial_backoff = milliseconds(250);
  policy.jitter = 0;
  Backoff backoff(policy, 1);
  EXPECT_EQ(backoff.next_delay(), milliseconds(250));
  EXPECT_EQ(backoff.next_delay(), milliseconds(500));
}

TEST(Backoff, HonoursRetryAfterUpToACap) {
  RetryPolicy policy;
  policy.max_retry_after = seconds(30);
  Backoff backoff(policy, 1);
  EXPECT_EQ(backoff.next_delay(seconds(2)), milliseconds(2000));
  EXPECT_EQ(backoff.next_delay(seconds(600)), milliseconds(30000));
}

TEST(RetryPolicy, RetriesWhatTheServerDidNotApply) {
  EXPECT_TRUE(is_retryable_status(429, "POST", false));
  EXPECT_TRUE(is_retryable_status(503, "GET", false));
  EXPECT_FALSE(is_retryable_status(503, "POST", false));
  EXPECT_TRUE(is_retryable_status(503, "PUT", true));
  EXPECT_FALSE(is_retryable_status(404, "GET", true));
  EXPECT_FALSE(is_retryable_status(409, "PUT", false));
}

TEST(RetryPolicy, ParsesRetryAfterSeconds) {
  EXPECT_EQ(parse_retry_after("1"), seconds(1));
  EXPECT_EQ(parse_retry_after(" 120 "), seconds(120));
  EXPECT_FALSE(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"));
  EXPECT_FALSE(parse_retry_after("-1"));
}

}  // namespace
}  // namespace kexit::kube
