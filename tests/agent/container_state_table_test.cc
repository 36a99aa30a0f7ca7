#include "agent/container_state_table.h"

#include <gtest/gtest.h>

#include "agent/termination_id.h"

namespace kexit::agent {
namespace {

TEST(ContainerStateTable, RecordsEachTerminationOnce) {
  ContainerStateTable table;
  EXPECT_TRUE(table.record("uid-1", "app", "containerd://a"));
  EXPECT_FALSE(table.record("uid-1", "app", "containerd://a"));
  EXPECT_TRUE(table.contains("uid-1", "app", "containerd://a"));
  EXPECT_TRUE(table.record("uid-1", "app", "containerd://b"));
  EXPECT_FALSE(table.contains("uid-1", "app", "containerd://a"));
  EXPECT_TRUE(table.record("uid-1", "sidecar", "containerd://c"));
  EXPECT_EQ(table.pod_count(), 1u);
  EXPECT_EQ(table.container_count(), 2u);
}

TEST(ContainerStateTable, ForgetsDeletedPods) {
  ContainerStateTable table;
  table.record("uid-1", "app", "x");
  table.record("uid-2", "app", "y");
  table.forget_pod("uid-1");
  EXPECT_FALSE(table.contains("uid-1", "app", "x"));
  EXPECT_TRUE(table.contains("uid-2", "app", "y"));
}

TEST(ContainerStateTable, RetainsOnlyRelistedPods) {
  ContainerStateTable table;
  table.record("uid-1", "app", "x");
  table.record("uid-2", "app", "y");
  table.retain_pods({fingerprint("uid-2")});
  EXPECT_EQ(table.pod_count(), 1u);
  EXPECT_TRUE(table.contains("uid-2", "app", "y"));
  table.clear();
  EXPECT_EQ(table.pod_count(), 0u);
}

}  // namespace
}  // namespace kexit::agent
