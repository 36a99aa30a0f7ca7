#include "agent/json_logger.h"

#include <gtest/gtest.h>

#include <sstream>

#include "kube/api_time.h"
#include "testing/fake_clock.h"

namespace kexit::agent {
namespace {

TEST(JsonLogger, WritesOneJsonObjectPerLine) {
  testing::FakeClock clock(*kube::parse_api_time("2024-01-02T03:04:05Z"));
  std::ostringstream out;
  JsonLogger logger(out, clock);
  logger.info("event created", {{"namespace", "shop"}, {"exit_code", 101}});
  logger.debug("hidden");
  EXPECT_EQ(out.str(),
            "{\"time\":\"2024-01-02T03:04:05.000000Z\",\"level\":\"info\",\"msg\":\"event "
            "created\",\"exit_code\":101,\"namespace\":\"shop\"}\n");
}

TEST(JsonLogger, SurvivesInvalidUtf8) {
  testing::FakeClock clock;
  std::ostringstream out;
  JsonLogger logger(out, clock, LogLevel::kDebug);
  logger.warning("bad \xff byte");
  EXPECT_NE(out.str().find("\"level\":\"warning\""), std::string::npos);
}

TEST(JsonLogger, ParsesLevels) {
  LogLevel level = LogLevel::kInfo;
  EXPECT_TRUE(parse_log_level("debug", level));
  EXPECT_EQ(level, LogLevel::kDebug);
  EXPECT_FALSE(parse_log_level("verbose", level));
}

}  // namespace
}  // namespace kexit::agent
