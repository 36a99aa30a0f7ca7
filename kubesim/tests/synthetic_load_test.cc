#include "kubesim/synthetic_load.h"

#include <gtest/gtest.h>

#include <mutex>
#include <thread>
#include <vector>

#include "kubesim/kube_time.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

TEST(SyntheticLoad, AddsRunningPodsWithOwnersAndLogs) {
  ManualClock clock(*parse_time("2024-01-01T00:00:00Z"));
  Cluster cluster(clock);
  add_synthetic_pods(cluster, 25, "load", 10);
  EXPECT_EQ(cluster.store().size("pods"), 25u);
  json pod = json::parse(cluster.store().get("pods", "load", "load-13")->json);
  EXPECT_EQ(pod["status"]["phase"], "Running");
  EXPECT_EQ(pod["metadata"]["labels"]["app"], "load-app-3");
  EXPECT_EQ(pod["metadata"]["ownerReferences"][0]["kind"], "ReplicaSet");
  EXPECT_EQ(cluster.logs().text(pod["status"]["containerStatuses"][0]["containerID"]),
            "load-13 started\n");
}

TEST(SyntheticLoad, ChurnCrashesAndRestartsPods) {
  ManualClock clock(*parse_time("2024-01-01T00:00:00Z"));
  Cluster cluster(clock);
  add_synthetic_pods(cluster, 3, "load");
  {
    PodChurn churn(cluster, 3, "load", 2000);
    while (churn.changes() < 4) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  json first = json::parse(cluster.store().get("pods", "load", "load-0")->json);
  // The churn may have gone on a few steps before it stopped: pod 0 has restarted at least once
  // and its last termination is a synthetic crash.
  const json& status = first["status"]["containerStatuses"][0];
  EXPECT_GE(status["restartCount"].get<int>(), 1);
  EXPECT_EQ(status["lastState"]["terminated"]["exitCode"], 1);
}

TEST(SyntheticLoad, ChurnTellsEachCrashWithTheDeadInstance) {
  ManualClock clock(*parse_time("2024-01-01T00:00:00Z"));
  Cluster cluster(clock);
  add_synthetic_pods(cluster, 2, "load");
  std::mutex mutex;
  std::vector<ChurnTermination> crashes;
  {
    PodChurn churn(cluster, 2, "load", 2000, [&](const ChurnTermination& crash) {
      std::lock_guard lock(mutex);
      crashes.push_back(crash);
    });
    while (churn.changes() < 6) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  // Steps: crash load-0, restart it, crash load-1, restart it, crash load-0 again (its second
  // instance), ...
  ASSERT_GE(crashes.size(), 3u);
  EXPECT_EQ(crashes[0].pod, "load-0");
  EXPECT_EQ(crashes[0].container_id, "containerd://0-0");
  EXPECT_EQ(crashes[1].pod, "load-1");
  EXPECT_EQ(crashes[1].container_id, "containerd://1-0");
  EXPECT_EQ(crashes[2].pod, "load-0");
  EXPECT_EQ(crashes[2].container_id, "containerd://0-1");
  EXPECT_EQ(crashes[0].at, clock.now());
}

}  // namespace
}  // namespace kexit::kubesim
