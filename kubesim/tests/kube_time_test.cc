#include "kubesim/kube_time.h"

#include <gtest/gtest.h>

namespace kexit::kubesim {
namespace {

using namespace std::chrono_literals;

TEST(KubeTime, FormatsTimeMicroTimeAndNanoTime) {
  auto time = parse_time("2002-01-01T01:01:01.000002Z");
  ASSERT_TRUE(time.has_value());
  EXPECT_EQ(format_time(*time), "2002-01-01T01:01:01Z");
  EXPECT_EQ(format_micro_time(*time), "2002-01-01T01:01:01.000002Z");
  EXPECT_EQ(format_nano_time(*time), "2002-01-01T01:01:01.000002Z");
  EXPECT_EQ(format_nano_time(*parse_time("2024-01-01T00:00:00Z")), "2024-01-01T00:00:00Z");
}

TEST(KubeTime, ParsesOffsetsAndRejectsGarbage) {
  EXPECT_EQ(parse_time("2024-01-01T02:00:00+02:00"), parse_time("2024-01-01T00:00:00Z"));
  EXPECT_FALSE(parse_time("2024-01-01 00:00:00").has_value());
  EXPECT_FALSE(parse_time("2024-13-01T00:00:00Z").has_value());
}

TEST(KubeTime, HumanDurationMatchesKubectl) {
  EXPECT_EQ(human_duration(-5s), "<invalid>");
  EXPECT_EQ(human_duration(-1s), "0s");
  EXPECT_EQ(human_duration(45s), "45s");
  EXPECT_EQ(human_duration(119s), "119s");
  EXPECT_EQ(human_duration(150s), "2m30s");
  EXPECT_EQ(human_duration(180s), "3m");
  EXPECT_EQ(human_duration(45min), "45m");
  EXPECT_EQ(human_duration(3h + 30min), "3h30m");
  EXPECT_EQ(human_duration(30h), "30h");
  EXPECT_EQ(human_duration(24h * 5 + 3h), "5d3h");
  EXPECT_EQ(human_duration(24h * 100), "100d");
  EXPECT_EQ(human_duration(24h * 365 * 3), "3y");
}

TEST(KubeTime, ParsesScenarioDurations) {
  EXPECT_EQ(*parse_duration("2s"), 2000ms);
  EXPECT_EQ(*parse_duration("1m30s"), 90000ms);
  EXPECT_EQ(*parse_duration("500ms"), 500ms);
  EXPECT_EQ(*parse_duration("0"), 0ms);
  auto bad = parse_duration("2 days");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message,
            "invalid duration \"2 days\": unknown unit \"\"; use ms, s, m or h");
}

}  // namespace
}  // namespace kexit::kubesim
