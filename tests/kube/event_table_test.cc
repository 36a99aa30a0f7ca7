#include "kube/event_table.h"

#include <gtest/gtest.h>

namespace kexit::kube {
namespace {

TEST(EventTable, ReadsTheRowsOfKubectlGetEvents) {
  auto events = parse_event_table(
      "-> kubectl get events\n"
      "LAST SEEN   TYPE      REASON      OBJECT                      MESSAGE\n"
      "2m27s       Normal    Created     pod/web-57f9d6fd5c-czdlh    Created container web\n"
      "2s          Warning   Unhealthy   pod/web-57f9d6fd5c-czdlh    Liveness probe failed: "
      "command \"node healthcheck.js\" timed out\r\n"
      "[...]\n"
      "shop   5m   Warning   EvictionThresholdMet   node/node-1   Attempting to reclaim memory\n");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].reason, "Created");
  EXPECT_EQ(events[1].type, "Warning");
  EXPECT_EQ(events[1].object_kind, "Pod");
  EXPECT_EQ(events[1].object_name, "web-57f9d6fd5c-czdlh");
  EXPECT_EQ(events[1].message, "Liveness probe failed: command \"node healthcheck.js\" timed out");
  EXPECT_EQ(events[2].object_kind, "Node");
  EXPECT_TRUE(events[2].last_time.empty());
}

TEST(EventTable, ADescribeEventsTableIsNotThisTable) {
  EXPECT_TRUE(parse_event_table("  Warning  BackOff  3m (x4 over 5m)  kubelet  Back-off "
                                "restarting failed container\n")
                  .empty());
}

}  // namespace
}  // namespace kexit::kube
