#include "testing/kubesim_fixture.h"

#include <gtest/gtest.h>

#include <chrono>

namespace kexit::testing_support {
namespace {

TEST_F(KubesimFixture, ServesWhatTheTestPutsToAnAdminClient) {
  put(pod("shop", "api-1", json{{"app", "api"}}, nullptr, Slot::kCurrent, 101, "boom"));
  auto client = admin_client();
  ASSERT_NE(client, nullptr);
  auto fetched = client->get_pod("shop", "api-1");
  ASSERT_TRUE(fetched) << fetched.error().to_string();
  EXPECT_EQ((*fetched)["metadata"]["uid"], "uid-Pod-shop-api-1");
  EXPECT_EQ((*fetched)["status"]["containerStatuses"][0]["state"]["terminated"]["exitCode"], 101);
}

TEST_F(KubesimFixture, KeepsManualTimeAndWritesKubeconfigsToItsDirectory) {
  EXPECT_EQ(cluster_clock().now(), start_time());
  EXPECT_EQ(clock_.now(), start_time());
  std::string first = write_kubeconfig("a");
  std::string second = write_kubeconfig("b");
  EXPECT_EQ(first, directory_.file("kubeconfig-1"));
  EXPECT_EQ(second, directory_.file("kubeconfig-2"));
}

class WallClockKubesim : public KubesimFixture {
 protected:
  WallClockKubesim() : KubesimFixture(ClusterTime::kWall) {}
};

TEST_F(WallClockKubesim, KeepsTheWallClocksTime) {
  auto now = std::chrono::system_clock::now();
  EXPECT_GE(cluster_clock().now(), now);
  EXPECT_LT(cluster_clock().now() - now, std::chrono::minutes(1));
}

}  // namespace
}  // namespace kexit::testing_support
