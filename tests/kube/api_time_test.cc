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

TEST(ApiTime, RejectsYearsBefore1970AndAfter2200) {
  // Valid RFC 3339; year 9999 overflowed the 64-bit nanoseconds (found reading the parsers the
  // fuzz targets drive: a pod's finishedAt is read when its node's Events are matched).
  EXPECT_FALSE(parse_api_time("9999-12-31T23:59:59Z"));
  EXPECT_FALSE(parse_api_time("0001-01-01T00:00:00Z"));
  EXPECT_FALSE(parse_api_time("2201-01-01T00:00:00Z"));
  EXPECT_FALSE(parse_api_time("1969-12-31T23:59:59Z"));
  auto last = parse_api_time("2200-12-31T23:59:59.999999999Z");
  ASSERT_TRUE(last);
  EXPECT_EQ(format_api_micro_time(*last), "2200-12-31T23:59:59.999999Z");
  auto first = parse_api_time("1970-01-01T00:00:00+01:00");
  ASSERT_TRUE(first);
  EXPECT_EQ(format_api_time(*first), "1969-12-31T23:00:00Z");
}

TEST(ApiTime, FormatsTimeAndMicroTime) {
  TimePoint time = TimePoint(seconds(1704067200)) + std::chrono::microseconds(2);
  EXPECT_EQ(format_api_time(time), "2024-01-01T00:00:00Z");
  EXPECT_EQ(format_api_micro_time(time), "2024-01-01T00:00:00.000002Z");
  EXPECT_EQ(format_api_time(TimePoint(seconds(0))), "1970-01-01T00:00:00Z");
}

}  // namespace
}  // namespace kexit::kube
