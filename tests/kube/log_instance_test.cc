#include "kube/log_instance.h"

#include <gtest/gtest.h>

#include "kube/api_time.h"

namespace kexit::kube {
namespace {

TEST(LogInstance, ReadsTheLastLinesTimestamp) {
  auto last = last_log_timestamp(
      "2024-01-01T00:09:58.100000000Z starting\n2024-01-01T00:09:59.5Z thread 'main' panicked\n");
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(*last, *parse_api_time("2024-01-01T00:09:59.5Z"));
  EXPECT_FALSE(last_log_timestamp("").has_value());
  EXPECT_FALSE(last_log_timestamp("no stamp here\n").has_value());
}

TEST(LogInstance, StripsOnlyRealTimestamps) {
  EXPECT_EQ(strip_log_timestamps("2024-01-01T00:09:58Z a b\n2024-01-01T00:09:59.25Z c\n"),
            "a b\nc\n");
  EXPECT_EQ(strip_log_timestamps("plain line\n2024-01-01T00:09:59Z x"), "plain line\nx");
}

TEST(LogInstance, ALineWithinTheTerminationsSecondIsTheDeadInstances) {
  auto finished = *parse_api_time("2024-01-01T00:10:00Z");
  // finishedAt has whole seconds: the dead instance may have written at 00:10:00.9.
  EXPECT_FALSE(written_after_termination(*parse_api_time("2024-01-01T00:10:00.9Z"), finished));
  EXPECT_TRUE(written_after_termination(*parse_api_time("2024-01-01T00:10:01.2Z"), finished));
}

TEST(LogInstance, APreviousLogIsALaterInstancesPastTheDrainMargin) {
  auto finished = *parse_api_time("2024-01-01T00:10:00Z");
  // containerd dates lines when it drains them: 4.9 s late is still the dead instance's.
  EXPECT_FALSE(
      written_by_later_instance(*parse_api_time("2024-01-01T00:10:04.9Z"), finished, std::nullopt));
  EXPECT_TRUE(
      written_by_later_instance(*parse_api_time("2024-01-01T00:10:05Z"), finished, std::nullopt));
}

TEST(LogInstance, TheNextInstancesStartBoundsTheDeadOnesLines) {
  auto finished = *parse_api_time("2024-01-01T00:10:00Z");
  auto restarted = parse_api_time("2024-01-01T00:10:01Z");
  // startedAt is cut down to the second: the next instance may have started at 00:10:01.9.
  EXPECT_FALSE(
      written_by_later_instance(*parse_api_time("2024-01-01T00:10:01.9Z"), finished, restarted));
  EXPECT_TRUE(
      written_by_later_instance(*parse_api_time("2024-01-01T00:10:02Z"), finished, restarted));
}

}  // namespace
}  // namespace kexit::kube
