#include "agent/node_correlator.h"

#include <gtest/gtest.h>

namespace kexit::agent {
namespace {

using std::chrono::seconds;
using TimePoint = std::chrono::system_clock::time_point;

const TimePoint kStart = TimePoint{} + std::chrono::hours(24 * 365 * 54);

report::TerminationRow row(const std::string& pod, int second, const std::string& node = "node-3",
                           const std::string& cause = "oom-killed") {
  report::TerminationRow row;
  row.namespace_name = "shop";
  row.pod = pod;
  row.node = node;
  row.cause = cause;
  row.signal = "SIGKILL";
  row.finished = kStart + seconds(second);
  return row;
}

TEST(NodeCorrelator, TheThirdApplicationOnANodeCompletesTheGroupOnce) {
  NodeCorrelator correlator;
  EXPECT_FALSE(correlator.add(row("api-1", 0)));
  EXPECT_FALSE(correlator.add(row("web-1", 20)));
  auto group = correlator.add(row("worker-1", 45));
  ASSERT_TRUE(group);
  EXPECT_EQ(group->node, "node-3");
  EXPECT_EQ(group->cause, "oom-killed");
  EXPECT_EQ(group->pods, (std::vector<std::string>{"shop/api-1", "shop/web-1", "shop/worker-1"}));
  EXPECT_EQ(report::correlation_line(*group),
            "3 pods on node-3 killed by SIGKILL (oom-killed) within 45s: likely a node problem, "
            "not 3 application problems");
  // A fourth member joins the group already announced.
  EXPECT_FALSE(correlator.add(row("cron-1", 60)));
}

TEST(NodeCorrelator, ReplicasOfOneApplicationAreOneApplication) {
  NodeCorrelator correlator;
  for (int i = 0; i < 5; ++i) {
    auto replica = row("api-" + std::to_string(i), i);
    replica.owner = "ReplicaSet/api-7c9f8";
    EXPECT_FALSE(correlator.add(replica)) << i;
  }
}

TEST(NodeCorrelator, OtherNodesOtherCausesAndLateOnesDoNotCount) {
  NodeCorrelator correlator;
  EXPECT_FALSE(correlator.add(row("api-1", 0)));
  EXPECT_FALSE(correlator.add(row("web-1", 10, "node-4")));
  EXPECT_FALSE(correlator.add(row("worker-1", 20, "node-3", "segfault")));
  EXPECT_FALSE(correlator.add(row("cron-1", 30)));
  // Outside the window of api-1, with only cron-1 inside its own.
  EXPECT_FALSE(correlator.add(row("batch-1", 30 + 121)));
}

TEST(NodeCorrelator, RowsThatCannotBePlacedAreIgnored) {
  NodeCorrelator correlator;
  auto no_node = row("api-1", 0, "");
  auto no_time = row("web-1", 1);
  no_time.finished.reset();
  auto no_cause = row("worker-1", 2, "node-3", "");
  EXPECT_FALSE(correlator.add(no_node));
  EXPECT_FALSE(correlator.add(no_time));
  EXPECT_FALSE(correlator.add(no_cause));
  EXPECT_FALSE(correlator.add(row("a", 3)));
  EXPECT_FALSE(correlator.add(row("b", 4)));
  EXPECT_TRUE(correlator.add(row("c", 5)));
}

TEST(NodeCorrelator, ALaterRunOnTheSameNodeIsAnnouncedAgain) {
  NodeCorrelator correlator;
  correlator.add(row("a", 0));
  correlator.add(row("b", 1));
  ASSERT_TRUE(correlator.add(row("c", 2)));
  correlator.add(row("d", 600));
  correlator.add(row("e", 601));
  auto again = correlator.add(row("f", 602));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->pods, (std::vector<std::string>{"shop/d", "shop/e", "shop/f"}));
}

// Workers finish in any order: the run's earliest termination reported after the run was
// announced joins it; it does not announce the run again under another first pod.
TEST(NodeCorrelator, AnEarlierTerminationReportedLateJoinsTheAnnouncedRun) {
  NodeCorrelator correlator;
  correlator.add(row("b", 1));
  correlator.add(row("c", 2));
  ASSERT_TRUE(correlator.add(row("d", 3)));
  EXPECT_FALSE(correlator.add(row("a", 0)));
  EXPECT_FALSE(correlator.add(row("e", 4)));
}

// Each node's memory is measured by its own clock: a node a day ahead forgets nothing of the
// others.
TEST(NodeCorrelator, ANodeWhoseClockIsAheadDoesNotEraseTheOthers) {
  NodeCorrelator correlator;
  correlator.add(row("a", 0));
  correlator.add(row("b", 1));
  correlator.add(row("x", 86400, "node-9"));
  EXPECT_TRUE(correlator.add(row("c", 2)));
}

TEST(NodeCorrelator, RemembersAtMostItsLimit) {
  // With room for two rows the first of three is forgotten before the third arrives.
  NodeCorrelator correlator(2);
  correlator.add(row("a", 0));
  correlator.add(row("b", 1));
  EXPECT_FALSE(correlator.add(row("c", 2)));
}

}  // namespace
}  // namespace kexit::agent
