#include "diagnose/regression_check.h"

#include <gtest/gtest.h>

namespace kexit::diagnose {
namespace {

ReportScore scored(const std::string& id, CorpusSplit split, const std::string& first, bool right) {
  ReportScore score;
  score.id = id;
  score.split = split;
  score.ranked_causes = {first};
  score.top1 = right;
  return score;
}

TEST(RegressionCheck, OnlyAReportRecordedRightCanRegress) {
  auto expected = parse_expected_results(
      "dev-kept rust-panic\ndev-lost rust-panic\nheld-lost * held-out\n"
      "miss-still - miss\nmiss-fixed - miss\ngone-away oom-killed\n",
      "expected.txt");
  ASSERT_TRUE(expected.ok());
  const auto kDev = CorpusSplit::kDevelopment;
  auto evaluation = aggregate_scores(
      {scored("dev-kept", kDev, "rust-panic", true),
       scored("dev-lost", kDev, "application-exit-code", false),
       scored("held-lost", CorpusSplit::kHeldOut, "segfault", false),
       scored("miss-still", kDev, "segfault", false), scored("miss-fixed", kDev, "oom", true),
       scored("new-right", kDev, "oom", true), scored("new-miss", kDev, "oom", false)},
      HeldOut::kHidden);
  RegressionCheck check = check_regressions(*expected, evaluation);
  EXPECT_FALSE(check.passed());
  EXPECT_EQ(check.recorded_right, 3u);
  EXPECT_EQ(check.recorded_misses, 2u);
  ASSERT_EQ(check.regressions.size(), 2u);
  EXPECT_EQ(check.regressions[0].id, "dev-lost");
  EXPECT_EQ(check.regressions[0].recorded_cause, "rust-panic");
  EXPECT_EQ(check.regressions[0].top_cause, "application-exit-code");
  EXPECT_EQ(check.regressions[1].id, "held-lost");
  EXPECT_EQ(check.regressions[1].split, CorpusSplit::kHeldOut);
  EXPECT_EQ(check.now_right, std::vector<std::string>{"miss-fixed"});
  EXPECT_EQ(check.new_reports, (std::vector<std::string>{"new-miss", "new-right"}));
  EXPECT_EQ(check.new_misses, 1u);
  EXPECT_EQ(check.gone, std::vector<std::string>{"gone-away"});
}

TEST(RegressionCheck, AHeldOutMissNowRightIsKeptApart) {
  auto expected = parse_expected_results("dev-miss - miss\nheld-miss - miss\n", "expected.txt");
  ASSERT_TRUE(expected.ok());
  auto evaluation = aggregate_scores({scored("dev-miss", CorpusSplit::kDevelopment, "oom", true),
                                      scored("held-miss", CorpusSplit::kHeldOut, "oom", true)},
                                     HeldOut::kHidden);
  RegressionCheck check = check_regressions(*expected, evaluation);
  EXPECT_EQ(check.now_right, std::vector<std::string>{"dev-miss"});
  EXPECT_EQ(check.held_out_now_right, std::vector<std::string>{"held-miss"});
}

TEST(RegressionCheck, ANewFailingReportPasses) {
  auto expected = parse_expected_results("", "expected.txt");
  ASSERT_TRUE(expected.ok());
  auto evaluation = aggregate_scores({scored("new-miss", CorpusSplit::kDevelopment, "oom", false)},
                                     HeldOut::kHidden);
  RegressionCheck check = check_regressions(*expected, evaluation);
  EXPECT_TRUE(check.passed());
  EXPECT_EQ(check.new_misses, 1u);
}

TEST(RegressionCheck, ARightReportWithAnotherAcceptableCauseHasNotRegressed) {
  auto expected = parse_expected_results("a oom-killed\n", "expected.txt");
  ASSERT_TRUE(expected.ok());
  auto evaluation = aggregate_scores(
      {scored("a", CorpusSplit::kDevelopment, "cargo-build-failure", true)}, HeldOut::kHidden);
  EXPECT_TRUE(check_regressions(*expected, evaluation).passed());
}

}  // namespace
}  // namespace kexit::diagnose
