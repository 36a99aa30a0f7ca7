#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "command_runner.h"

namespace kexit {
namespace {

using testing_support::kexit_binary;
using testing_support::run_command;

TEST(ExplainCommand, Lists101MeaningsGroupedByOriginWithHowToTellThemApart) {
  auto run = run_command(kexit_binary() + " explain 101 -o json");
  ASSERT_EQ(run.status, 0) << run.err;
  auto document = nlohmann::json::parse(run.out);
  const auto& meanings = document.at("meanings");
  std::set<std::string> summaries;
  std::set<std::string> origins;
  for (const auto& meaning : meanings) {
    summaries.insert(meaning.at("summary").get<std::string>());
    origins.insert(meaning.at("origin").get<std::string>());
    EXPECT_FALSE(meaning.at("tellApart").get<std::string>().empty());
  }
  EXPECT_GE(summaries.size(), 8u);
  for (const char* origin : {"exit-code", "errno", "http-status", "api-error"}) {
    EXPECT_TRUE(origins.count(origin)) << origin;
  }
  auto text = run_command(kexit_binary() + " explain 101 --no-color");
  ASSERT_EQ(text.status, 0);
  EXPECT_NE(text.out.find("tell apart:"), std::string::npos);
  EXPECT_NE(text.out.find("\nexit-code\n"), std::string::npos);
}

TEST(ExplainCommand, SignalCodesExplainTheSignal) {
  auto run = run_command(kexit_binary() + " explain 137 --no-color");
  ASSERT_EQ(run.status, 0);
  EXPECT_NE(run.out.find("137 = 128 + 9"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("SIGKILL"), std::string::npos);
}

TEST(ExplainCommand, RuntimeNarrowsTheList) {
  auto all = nlohmann::json::parse(run_command(kexit_binary() + " explain 101 -o json").out);
  auto rust = nlohmann::json::parse(
      run_command(kexit_binary() + " explain 101 --runtime rust -o json").out);
  EXPECT_LT(rust.at("meanings").size(), all.at("meanings").size());
  EXPECT_GT(rust.at("meanings").size(), 0u);
}

TEST(ExplainCommand, NonNumbersAreUsageErrors) {
  auto run = run_command(kexit_binary() + " explain abc");
  EXPECT_EQ(run.status, 2);
  EXPECT_EQ(run.err, "kexit: CODE: \"abc\" is not a number; try kexit explain 101\n");
}

}  // namespace
}  // namespace kexit
