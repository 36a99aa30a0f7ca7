#include "report/termination_correlation.h"

#include <gtest/gtest.h>

namespace kexit::report {
namespace {

using namespace std::chrono_literals;

const std::chrono::system_clock::time_point kStart{std::chrono::seconds(1'790'000'000)};

TerminationRow row(const std::string& pod, std::chrono::seconds after,
                   const std::string& node = "node-3", const std::string& cause = "oom-killed",
                   const std::string& image = "") {
  TerminationRow row;
  row.namespace_name = "shop";
  row.pod = pod;
  row.container = "app";
  row.exit_code = 137;
  row.exit = "137 (SIGKILL)";
  row.signal = "SIGKILL";
  row.cause = cause;
  row.finished = kStart + after;
  row.node = node;
  row.image = image.empty() ? "registry.example.com/" + pod + ":1" : image;
  return row;
}

TEST(TerminationCorrelation, ThreePodsOnOneNodeWithinTheWindowAreOneGroup) {
  auto groups =
      correlate_terminations({row("a", 0s), row("b", 30s), row("c", 45s), row("d", 10min)});
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].pods, (std::vector<std::string>{"shop/a", "shop/b", "shop/c"}));
  EXPECT_EQ(correlation_line(groups[0]),
            "3 pods on node-3 killed by SIGKILL (oom-killed) within 45s: likely a node problem, "
            "not 3 application problems");
}

TEST(TerminationCorrelation, TwoPodsOrThreeSpreadOverMoreThanTheWindowAreNot) {
  EXPECT_TRUE(correlate_terminations({row("a", 0s), row("b", 30s)}).empty());
  EXPECT_TRUE(correlate_terminations({row("a", 0s), row("b", 61s), row("c", 121s)}).empty());
}

// Two containers of one pod are one pod's problem.
TEST(TerminationCorrelation, PodsAreCountedNotContainers) {
  TerminationRow sidecar = row("a", 5s);
  sidecar.container = "sidecar";
  EXPECT_TRUE(correlate_terminations({row("a", 0s), sidecar, row("b", 10s)}).empty());
}

// Replicas of one application (one ReplicaSet) hitting their own limit together are that
// application's problem: three pods, two applications, no group.
TEST(TerminationCorrelation, ReplicasOfOneOwnerCountAsOneApplication) {
  TerminationRow first = row("api-1", 0s);
  TerminationRow second = row("api-2", 5s);
  first.owner = second.owner = "ReplicaSet/api-7d9c8b6f5";
  EXPECT_TRUE(correlate_terminations({first, second, row("worker", 9s)}).empty());
  TerminationRow other = row("batch-1", 20s);
  other.owner = "Job/batch";
  EXPECT_EQ(correlate_terminations({first, second, row("worker", 9s), other}).size(), 1u);
}

TEST(TerminationCorrelation, OtherNodesAndOtherCausesAreOtherGroups) {
  EXPECT_TRUE(correlate_terminations(
                  {row("a", 0s), row("b", 10s, "node-4"), row("c", 20s, "node-3", "evicted")})
                  .empty());
}

TEST(TerminationCorrelation, OneImageEverywhereNamesTheImage) {
  const std::string image = "registry.example.com/shop/api:2.1";
  auto groups = correlate_terminations({row("a", 0s, "node-3", "oom-killed", image),
                                        row("b", 0s, "node-3", "oom-killed", image),
                                        row("c", 0s, "node-3", "oom-killed", image)});
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(correlation_line(groups[0]),
            "3 pods on node-3 killed by SIGKILL (oom-killed) in the same second, all running "
            "registry.example.com/shop/api:2.1: likely one problem of that image or of the "
            "node, not 3 separate ones");
}

TEST(TerminationCorrelation, WithoutACommonSignalTheCauseIsSaid) {
  std::vector<TerminationRow> rows = {row("a", 0s, "node-3", "evicted"),
                                      row("b", 70s, "node-3", "evicted"),
                                      row("c", 100s, "node-3", "evicted")};
  rows[1].exit = "<none>";
  rows[1].signal.clear();
  auto groups = correlate_terminations(rows);
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(correlation_line(groups[0]),
            "3 pods on node-3 ended as evicted within 100s: likely a node problem, not 3 "
            "application problems");
}

// Rows without a node or a time (a container that never started) take no part.
TEST(TerminationCorrelation, RowsWithoutNodeOrTimeAreLeftOut) {
  TerminationRow no_node = row("c", 0s);
  no_node.node.clear();
  TerminationRow no_time = row("d", 0s);
  no_time.finished.reset();
  EXPECT_TRUE(correlate_terminations({row("a", 0s), row("b", 0s), no_node, no_time}).empty());
}

}  // namespace
}  // namespace kexit::report
