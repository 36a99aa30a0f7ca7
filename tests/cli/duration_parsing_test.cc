#include "cli/duration_parsing.h"

#include <gtest/gtest.h>

namespace kexit::cli {
namespace {

TEST(DurationParsing, AcceptsKubectlStyleDurations) {
  EXPECT_EQ(parse_duration("90s")->count(), 90);
  EXPECT_EQ(parse_duration("15m")->count(), 900);
  EXPECT_EQ(parse_duration("2h30m")->count(), 9000);
  EXPECT_EQ(parse_duration("7d")->count(), 604800);
}

TEST(DurationParsing, RejectsOtherText) {
  for (const char* text : {"", "10", "m", "1x", "-5m", "1.5h"}) {
    auto parsed = parse_duration(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().message, "invalid duration \"" + std::string(text) +
                                          "\"; write it like 90s, 15m, 2h30m or 7d");
  }
}

}  // namespace
}  // namespace kexit::cli
