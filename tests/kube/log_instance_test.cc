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

}  // namespace
}  // namespace kexit::kube
