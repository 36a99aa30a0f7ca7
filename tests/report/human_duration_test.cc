#include "report/human_duration.h"

#include <gtest/gtest.h>

namespace kexit::report {
namespace {

using namespace std::chrono_literals;
using TimePoint = std::chrono::system_clock::time_point;

// A fixed "now" the ages are measured from, as the summary table does.
const TimePoint kNow{std::chrono::seconds(1'790'000'000)};

std::string age_of(TimePoint finished) { return human_duration(kNow - finished); }

TEST(HumanDuration, SecondsBelowTwoMinutes) {
  EXPECT_EQ(age_of(kNow), "0s");
  EXPECT_EQ(age_of(kNow - 45s), "45s");
  EXPECT_EQ(age_of(kNow - 119s - 999ms), "119s");
}

TEST(HumanDuration, MinutesWithSecondsBelowTenMinutes) {
  EXPECT_EQ(age_of(kNow - 2min), "2m");
  EXPECT_EQ(age_of(kNow - 3min - 10s), "3m10s");
  EXPECT_EQ(age_of(kNow - 9min - 59s), "9m59s");
}

TEST(HumanDuration, WholeMinutesBelowThreeHours) {
  EXPECT_EQ(age_of(kNow - 10min - 30s), "10m");
  EXPECT_EQ(age_of(kNow - 179min - 59s), "179m");
}

TEST(HumanDuration, HoursWithMinutesBelowEightHours) {
  EXPECT_EQ(age_of(kNow - 3h), "3h");
  EXPECT_EQ(age_of(kNow - 5h), "5h");
  EXPECT_EQ(age_of(kNow - 7h - 59min), "7h59m");
}

TEST(HumanDuration, WholeHoursBelowTwoDays) {
  EXPECT_EQ(age_of(kNow - 8h - 30min), "8h");
  EXPECT_EQ(age_of(kNow - 47h - 59min), "47h");
}

TEST(HumanDuration, DaysWithHoursBelowEightDays) {
  EXPECT_EQ(age_of(kNow - 48h), "2d");
  EXPECT_EQ(age_of(kNow - 51h), "2d3h");
  EXPECT_EQ(age_of(kNow - 191h), "7d23h");
}

TEST(HumanDuration, WholeDaysBelowTwoYears) {
  EXPECT_EQ(age_of(kNow - 192h - 5h), "8d");
  EXPECT_EQ(age_of(kNow - 24h * 729), "729d");
}

TEST(HumanDuration, YearsWithDaysBelowEightYears) {
  EXPECT_EQ(age_of(kNow - 24h * 730), "2y");
  EXPECT_EQ(age_of(kNow - 24h * (365 * 3 + 12)), "3y12d");
  EXPECT_EQ(age_of(kNow - 24h * 365 * 9), "9y");
}

// kubectl tolerates a second of clock skew between the API server and the machine it runs on.
TEST(HumanDuration, ASecondInTheFutureIsNowAndMoreIsInvalid) {
  EXPECT_EQ(age_of(kNow + 1s), "0s");
  EXPECT_EQ(age_of(kNow + 1s + 999ms), "0s");
  EXPECT_EQ(age_of(kNow + 2s), "<invalid>");
}

}  // namespace
}  // namespace kexit::report
