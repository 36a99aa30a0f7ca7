#include "kube/api_time.h"

#include <gtest/gtest.h>

namespace kexit::kube {
namespace {

using std::chrono::seconds;

TEST(ApiTime, ParsesSecondsAndZ) {
  auto time = parse_api_time("2024-01-01T00:00:00Z");
  ASSERT_TRUE(time);
  EXPECT_EQ(time->time_since_epoch(),
            std::chrono::duration_cast<TimePoint::duration>(seconds(1704067200)));
}

TEST(ApiTime, ParsesFractionsAndOffsets) {
  auto utc = parse_api_time("2024-01-01T00:00:00.5Z");
  auto offset = parse_api_time("2024-01-01T02:00:00.500000+02:00");
  ASSERT_TRUE(utc && offset);
  EXPECT_EQ(*utc, *offset);
  EXPECT_EQ(format_api_micro_time(*utc), "2024-01-01T00:00:00.500000Z");
}

TEST(ApiTime, RejectsOtherText) {
  EXPECT_FALSE(parse_api_time(""));
  EXPECT_FALSE(parse_api_time("2024-01-01"));
  EXPECT_FALSE(parse_api_time("2024-13-01T00:00:00Z"));
  EXPECT_FALSE(parse_api_time("2024-01-01T00:00:00"));
  EXPECT_FALSE(parse_api_time("2024-01-01T00:00:00Zjunk"));
}

TEST(ApiTime, FormatsTimeAndMicroTime) {
  TimePoint time = TimePoint(seconds(1704067200)) + std::chrono::microseconds(2);
  EXPECT_EQ(format_api_time(time), "2024-01-01T00:00:00Z");
  EXPECT_EQ(format_api_micro_time(time), "2024-01-01T00:00:00.000002Z");
  EXPECT_EQ(format_api_time(TimePoint(seconds(0))), "1970-01-01T00:00:00Z");
}

}  // namespace
}  // namespace kexit::kube
