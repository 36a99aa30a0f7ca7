#include "kube/describe_time.h"

#include <gtest/gtest.h>

#include <string>

#include "kube/api_time.h"

namespace kexit::kube {
namespace {

std::string rfc3339(std::string_view text) {
  auto time = parse_describe_time(text);
  return time ? format_api_time(*time) : "none";
}

TEST(DescribeTime, ReadsRfc1123WithANumericZone) {
  EXPECT_EQ(rfc3339("Mon, 01 Jan 2024 10:00:00 +0000"), "2024-01-01T10:00:00Z");
  EXPECT_EQ(rfc3339("Fri, 10 May 2019 10:01:46 +0900"), "2019-05-10T01:01:46Z");
  EXPECT_EQ(rfc3339("Tue, 07 Jul 2015 12:54:41 -0700"), "2015-07-07T19:54:41Z");
  EXPECT_EQ(rfc3339("01 Jan 2024 10:00:00 UTC"), "2024-01-01T10:00:00Z");
  EXPECT_EQ(rfc3339("Mon, 01 Jan 2024 10:00"), "none");
  EXPECT_EQ(rfc3339("Mon, 31 Feb 2024 10:00:00 +0000"), "none");
  EXPECT_EQ(rfc3339("2024-01-01T10:00:00Z"), "none");
}

TEST(DescribeTime, TellsGoZeroTime) {
  EXPECT_TRUE(is_unset_describe_time("Mon, 01 Jan 0001 00:00:00 +0000"));
  EXPECT_EQ(rfc3339("Mon, 01 Jan 0001 00:00:00 +0000"), "none");
  EXPECT_FALSE(is_unset_describe_time("Mon, 01 Jan 2024 10:00:00 +0000"));
  EXPECT_FALSE(is_unset_describe_time("soon"));
  EXPECT_EQ(rfc3339("Mon, 01 Jan 9999 00:00:00 +0000"), "none");
}

TEST(DescribeTime, ReadsAges) {
  auto age = parse_describe_age("3m12s");
  ASSERT_TRUE(age.has_value());
  EXPECT_EQ(age->last, std::chrono::seconds(192));
  EXPECT_EQ(age->first, std::chrono::seconds(192));
  EXPECT_EQ(age->count, 1);
  age = parse_describe_age("2d3h");
  ASSERT_TRUE(age.has_value());
  EXPECT_EQ(age->last, std::chrono::seconds(2 * 86400 + 3 * 3600));
  age = parse_describe_age("2m (x3 over 10m)");
  ASSERT_TRUE(age.has_value());
  EXPECT_EQ(age->last, std::chrono::seconds(120));
  EXPECT_EQ(age->first, std::chrono::seconds(600));
  EXPECT_EQ(age->count, 3);
  age = parse_describe_age("<unknown>");
  ASSERT_TRUE(age.has_value());
  EXPECT_FALSE(age->last.has_value());
  EXPECT_FALSE(parse_describe_age("soon").has_value());
  EXPECT_FALSE(parse_describe_age("3m (x3 over").has_value());
  EXPECT_FALSE(parse_describe_age("12").has_value());
}

TEST(DescribeTime, AnAgeLongerThanKubernetesHasExistedIsUnknown) {
  auto age = parse_describe_age("199y364d");
  ASSERT_TRUE(age.has_value());
  EXPECT_EQ(age->last, std::chrono::seconds((199LL * 365 + 364) * 86400));
  // 999 years in nanoseconds overflowed TimePoint when subtracted from the newest time.
  for (const char* text : {"999y", "201y", "99999999y", "2m (x3 over 999y)"}) {
    age = parse_describe_age(text);
    ASSERT_TRUE(age.has_value()) << text;
    EXPECT_FALSE(age->first.has_value()) << text;
  }
  EXPECT_FALSE(parse_describe_age("999y")->last.has_value());
  EXPECT_EQ(parse_describe_age("2m (x3 over 999y)")->last, std::chrono::seconds(120));
  // A sum of many units stops at the bound instead of overflowing.
  std::string many;
  for (int i = 0; i < 4000; ++i) {
    many += "99999999y";
  }
  age = parse_describe_age(many);
  ASSERT_TRUE(age.has_value());
  EXPECT_FALSE(age->last.has_value());
  EXPECT_FALSE(parse_describe_age(many + "x").has_value());
}

}  // namespace
}  // namespace kexit::kube
