#include "kube/go_duration.h"

#include <gtest/gtest.h>

namespace kexit::kube {
namespace {

TEST(GoDuration, ReadsGoUnitsAndFractions) {
  EXPECT_EQ(go_duration_milliseconds("2h30m"), 9'000'000.0);
  EXPECT_EQ(go_duration_milliseconds("1.5s"), 1500.0);
  EXPECT_EQ(go_duration_milliseconds("250ms"), 250.0);
  EXPECT_EQ(go_duration_milliseconds("10us"), 0.01);
  EXPECT_EQ(go_duration_milliseconds("10\u00b5s"), 0.01);
  EXPECT_EQ(go_duration_milliseconds("0s"), 0.0);
}

TEST(GoDuration, RefusesTextGoRefusesAndSigns) {
  for (const char* text : {"", "5", "s", "5x", "1.2.3s", "5 s", "-5s", "+5s", "5d"}) {
    EXPECT_EQ(go_duration_milliseconds(text), std::nullopt) << text;
  }
}

TEST(GoDuration, AGrammarNamesItsUnitsFractionsAndLargestNumber) {
  static constexpr DurationUnit kDays[] = {{"m", 60'000.0}, {"d", 86'400'000.0}};
  const DurationGrammar whole_days{kDays, false, 100};
  EXPECT_EQ(go_duration_milliseconds("7d30m", whole_days), 606'600'000.0);
  EXPECT_EQ(go_duration_milliseconds("100d", whole_days), 8'640'000'000.0);
  for (const char* text : {"101d", "1.5d", "2h", "30s"}) {
    EXPECT_EQ(go_duration_milliseconds(text, whole_days), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace kexit::kube
