#include "kube/workload_changes.h"

#include <gtest/gtest.h>

namespace kexit::kube {
namespace {

using nlohmann::json;

json replica_set(const std::string& name, int revision, const std::string& created,
                 const std::string& image, const std::string& memory) {
  return {{"apiVersion", "apps/v1"},
          {"kind", "ReplicaSet"},
          {"metadata",
           {{"name", name},
            {"creationTimestamp", created},
            {"annotations", {{"deployment.kubernetes.io/revision", std::to_string(revision)}}}}},
          {"spec",
           {{"template",
             {{"spec",
               {{"containers",
                 {{{"name", "app"},
                   {"image", image},
                   {"resources", {{"limits", {{"memory", memory}}}}}}}}}}}}}}};
}

json config_map(const std::string& name, const std::string& created,
                const std::vector<std::pair<std::string, std::string>>& updates) {
  json fields = json::array();
  for (const auto& [manager, time] : updates) {
    fields.push_back({{"manager", manager}, {"operation", "Update"}, {"time", time}});
  }
  return {
      {"apiVersion", "v1"},
      {"kind", "ConfigMap"},
      {"metadata", {{"name", name}, {"creationTimestamp", created}, {"managedFields", fields}}}};
}

// A pod of `owner` whose app container crash-loops: waiting after `restarts` restarts, its last
// termination finished at `finished`.
PodFacts crashing_pod(const std::string& name, const std::string& owner, int restarts,
                      const std::string& finished) {
  PodFacts pod;
  pod.namespace_name = "shop";
  pod.name = name;
  pod.owner_kind = "ReplicaSet";
  pod.owner_name = owner;
  ContainerFacts app;
  app.name = "app";
  app.restart_count = restarts;
  app.slot = TerminationSlot::kLast;
  app.waiting_reason = "CrashLoopBackOff";
  app.termination.finished_at = finished;
  pod.to_diagnose.push_back(app);
  return pod;
}

class WorkloadChangesTest : public testing::Test {
 protected:
  WorkloadChangesTest()
      : first_(crashing_pod("api-v2-a", "api-v2", 3, "2026-09-21T14:00:30Z")),
        second_(crashing_pod("api-v2-b", "api-v2", 1, "2026-09-21T14:02:00Z")) {
    history_.replica_sets = {
        replica_set("api-v1", 1, "2026-09-01T08:00:00Z", "shop/api:1.4", "512Mi"),
        replica_set("api-v2", 2, "2026-09-21T14:00:00Z", "shop/api:1.5", "256Mi"),
    };
  }

  WorkloadChanges changes() const {
    return changes_before_crash("deployment/api", {&first_, &second_}, history_);
  }

  PodFacts first_;
  PodFacts second_;
  ChangeHistory history_;
};

TEST_F(WorkloadChangesTest, ANewRevisionBeforeTheFirstTerminationIsNamedWithItsTime) {
  auto found = changes();
  EXPECT_EQ(found.workload, "deployment/api");
  EXPECT_EQ(found.namespace_name, "shop");
  // 3 restarts and waiting: 4 terminations; 1 restart and waiting: 2.
  EXPECT_EQ(found.terminations, 6);
  EXPECT_EQ(found.first_termination, "2026-09-21T14:00:30Z");
  EXPECT_EQ(found.last_termination, "2026-09-21T14:02:00Z");
  EXPECT_EQ(found.window_start, "2026-09-01T08:00:00Z");
  ASSERT_EQ(found.changes.size(), 1u);
  EXPECT_EQ(found.changes[0], (WorkloadChange{"revision",
                                              "2026-09-21T14:00:00Z",
                                              "replicaset/api-v2",
                                              "revision 2 (was 1)",
                                              {"container app: image shop/api:1.4 -> shop/api:1.5",
                                               "container app: memory limit 512Mi -> 256Mi"}}));
}

TEST_F(WorkloadChangesTest, AConfigMapUpdatedInTheWindowIsListedInTimeOrder) {
  history_.config_maps = {
      config_map(
          "api-config", "2026-08-01T00:00:00Z",
          {{"kubectl-create", "2026-08-01T00:00:00Z"}, {"kubectl-edit", "2026-09-21T13:59:00Z"}}),
      config_map("untouched", "2026-08-01T00:00:00Z", {{"kubectl-create", "2026-08-01T00:00:00Z"}}),
      config_map("after-the-crash", "2026-08-01T00:00:00Z", {{"helm", "2026-09-21T14:01:00Z"}}),
  };
  auto found = changes();
  ASSERT_EQ(found.changes.size(), 2u);
  EXPECT_EQ(found.changes[0], (WorkloadChange{"config-map",
                                              "2026-09-21T13:59:00Z",
                                              "configmap/api-config",
                                              "updated by kubectl-edit",
                                              {}}));
  EXPECT_EQ(found.changes[1].object, "replicaset/api-v2");
}

TEST_F(WorkloadChangesTest, WithoutAPreviousRevisionTheWindowIsOpenAndNoRevisionIsCompared) {
  history_.replica_sets.erase(history_.replica_sets.begin());
  history_.config_maps = {config_map("api-config", "2026-09-21T13:00:00Z",
                                     {{"kubectl-create", "2026-09-21T13:00:00Z"}})};
  auto found = changes();
  EXPECT_EQ(found.window_start, "");
  ASSERT_EQ(found.changes.size(), 1u);
  EXPECT_EQ(found.changes[0].summary, "created by kubectl-create");
}

TEST_F(WorkloadChangesTest, TheCurrentRevisionIsTheCrashingPodsNotANewerOne) {
  // A rollout to revision 3 began after the crash; its pods have not crashed.
  history_.replica_sets.push_back(
      replica_set("api-v3", 3, "2026-09-21T14:05:00Z", "shop/api:1.4", "512Mi"));
  auto found = changes();
  ASSERT_EQ(found.changes.size(), 1u);
  EXPECT_EQ(found.changes[0].object, "replicaset/api-v2");
}

TEST_F(WorkloadChangesTest, ARevisionWithTheSameTemplateIsNoChange) {
  history_.replica_sets[1] =
      replica_set("api-v2", 2, "2026-09-21T14:00:00Z", "shop/api:1.4", "512Mi");
  history_.notes = {"configmap api-config could not be read (forbidden; needs get configmaps)"};
  auto found = changes();
  EXPECT_TRUE(found.changes.empty());
  EXPECT_EQ(found.notes, history_.notes);
}

TEST_F(WorkloadChangesTest, CrashingPodsOnlyOnNodesTheHealthyOnesAvoidAreANodeChange) {
  history_.replica_sets.clear();
  history_.pods = {{"api-v2-a", "node-7", "2026-09-21T14:00:10Z", true},
                   {"api-v2-b", "node-8", "2026-09-21T14:00:05Z", true},
                   {"api-v2-c", "node-1", "2026-09-20T10:00:00Z", false},
                   {"api-v2-d", "", "2026-09-21T14:00:00Z", false}};
  auto found = changes();
  ASSERT_EQ(found.changes.size(), 1u);
  EXPECT_EQ(found.changes[0],
            (WorkloadChange{"node",
                            "2026-09-21T14:00:05Z",
                            "node/node-7",
                            "the crashing pods run on node-7, node-8; the workload's other pods on "
                            "node-1",
                            {}}));
  // One crashing pod on a node where a healthy one runs: the node is not what differs.
  history_.pods.push_back({"api-v2-e", "node-1", "2026-09-21T14:00:20Z", true});
  EXPECT_TRUE(changes().changes.empty());
  // No healthy pod to compare with.
  history_.pods = {{"api-v2-a", "node-7", "2026-09-21T14:00:10Z", true}};
  EXPECT_TRUE(changes().changes.empty());
}

}  // namespace
}  // namespace kexit::kube
