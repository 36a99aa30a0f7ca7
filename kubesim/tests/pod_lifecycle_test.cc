#include "kubesim/pod_lifecycle.h"

#include <gtest/gtest.h>

#include "kubesim/kube_time.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

const TimePoint kAt = *parse_time("2024-05-01T12:00:00Z");

json new_pod(const std::string& restart_policy) {
  return schedule_pod(
      {{"metadata", {{"name", "p"}, {"namespace", "n"}, {"uid", "u"}}},
       {"spec",
        {{"restartPolicy", restart_policy},
         {"containers", {{{"name", "a"}, {"image", "a:1"}}, {{"name", "b"}, {"image", "b:1"}}}}}}},
      kAt);
}

TEST(PodLifecycle, ScheduledPodsArePendingAndCreatingContainers) {
  json pod = new_pod("Never");
  EXPECT_EQ(pod["status"]["phase"], "Pending");
  EXPECT_EQ(pod["spec"]["nodeName"], "kubesim-node-1");
  EXPECT_EQ(pod["status"]["containerStatuses"][1]["state"]["waiting"]["reason"],
            "ContainerCreating");
}

TEST(PodLifecycle, PhaseFollowsRestartPolicy) {
  json pod = new_pod("Never");
  ASSERT_TRUE(start_containers(pod, {}, {"containerd://a1", "containerd://b1"}, kAt + 1s).ok());
  EXPECT_EQ(pod["status"]["phase"], "Running");
  EXPECT_EQ(current_container_id(pod, "b"), "containerd://b1");
  ASSERT_TRUE(terminate_container(pod, "a", {0, "", "", 0}, kAt + 2s).ok());
  EXPECT_EQ(pod["status"]["phase"], "Running");
  ASSERT_TRUE(terminate_container(pod, "b", {3, "", "boom", 0}, kAt + 3s).ok());
  EXPECT_EQ(pod["status"]["phase"], "Failed");
  const json& b = pod["status"]["containerStatuses"][1]["state"]["terminated"];
  EXPECT_EQ(b["reason"], "Error");
  EXPECT_EQ(b["message"], "boom");
  EXPECT_EQ(b["startedAt"], "2024-05-01T12:00:01Z");
  EXPECT_EQ(b["finishedAt"], "2024-05-01T12:00:03Z");
  EXPECT_EQ(b["containerID"], "containerd://b1");
  EXPECT_EQ(pod["status"]["containerStatuses"][0]["state"]["terminated"]["reason"], "Completed");
}

TEST(PodLifecycle, InitContainersHoldTheAppContainersInPodInitializing) {
  json pod = schedule_pod({{"metadata", {{"name", "p"}, {"namespace", "n"}, {"uid", "u"}}},
                           {"spec",
                            {{"initContainers", {{{"name", "migrate"}, {"image", "m:1"}}}},
                             {"containers", {{{"name", "app"}, {"image", "a:1"}}}}}}},
                          kAt);
  EXPECT_EQ(pod["status"]["initContainerStatuses"][0]["state"]["waiting"]["reason"],
            "PodInitializing");
  EXPECT_EQ(pod["status"]["containerStatuses"][0]["state"]["waiting"]["reason"], "PodInitializing");
  auto initialized = [&] {
    for (const auto& condition : pod["status"]["conditions"]) {
      if (condition["type"] == "Initialized") {
        return condition["status"].get<std::string>() + " " + condition.value("reason", "") + " " +
               condition.value("message", "");
      }
    }
    return std::string("absent");
  };
  EXPECT_EQ(initialized(),
            "False ContainersNotInitialized containers with incomplete status: [migrate]");
  ASSERT_TRUE(start_containers(pod, {"migrate"}, {"containerd://m1"}, kAt + 1s).ok());
  ASSERT_TRUE(terminate_container(pod, "migrate", {1, "", "", 0}, kAt + 2s).ok());
  ASSERT_TRUE(back_off_container(pod, "migrate", kAt + 2s, 1).ok());
  EXPECT_EQ(pod["status"]["initContainerStatuses"][0]["state"]["waiting"]["reason"],
            "CrashLoopBackOff");
  EXPECT_EQ(pod["status"]["phase"], "Pending");
  ASSERT_TRUE(start_containers(pod, {"app"}, {"containerd://a1"}, kAt + 3s).ok());
  EXPECT_EQ(initialized(), "True  ");
}

std::vector<std::string> condition_types(const json& pod) {
  std::vector<std::string> types;
  for (const auto& condition : pod["status"]["conditions"]) {
    types.push_back(condition["type"].get<std::string>());
  }
  return types;
}

// kubelet.go rejectPod: the kubelet refused the pod before it ran anything, so nothing it
// reports for a pod it runs is there.
TEST(PodLifecycle, ARejectedPodHasNoContainerStatusesIpsOrKubeletConditions) {
  json pod = new_pod("Always");
  reject_pod(pod, "OutOfcpu",
             "Node didn't have enough resource: cpu, requested: 3000, used: 6200, capacity: 8000",
             kAt + 1s);
  const json& status = pod["status"];
  EXPECT_EQ(status["phase"], "Failed");
  EXPECT_EQ(status["reason"], "OutOfcpu");
  EXPECT_EQ(status["message"],
            "Pod was rejected: Node didn't have enough resource: cpu, requested: 3000, used: "
            "6200, capacity: 8000");
  for (const char* field :
       {"containerStatuses", "initContainerStatuses", "hostIP", "hostIPs", "podIP", "podIPs"}) {
    EXPECT_FALSE(status.contains(field)) << field;
  }
  EXPECT_EQ(condition_types(pod), std::vector<std::string>{"PodScheduled"});
  EXPECT_EQ(status["qosClass"], "BestEffort");
  EXPECT_EQ(status["startTime"], "2024-05-01T12:00:00Z");
}

// status_manager.go TerminatePod: a pod without init containers is initialized, so a
// container still waiting to be created when the pod fails is reported terminated, unknown.
TEST(PodLifecycle, AFailedPodsContainersThatNeverRanAreTerminatedUnknown) {
  json pod = new_pod("Never");
  ASSERT_TRUE(start_containers(pod, {"a"}, {"containerd://a1"}, kAt + 1s).ok());
  auto stopped =
      fail_pod(pod,
               {"DeadlineExceeded", "Pod was active on the node longer than the specified deadline",
                FailedContainers::Sigterm, ""},
               kAt + 20s);
  EXPECT_EQ(stopped, std::vector<std::string>{"a"});
  const json& a = pod["status"]["containerStatuses"][0]["state"]["terminated"];
  EXPECT_EQ(a["exitCode"], 143);
  EXPECT_EQ(a["reason"], "Error");
  EXPECT_EQ(a["finishedAt"], "2024-05-01T12:00:20Z");
  const json& b = pod["status"]["containerStatuses"][1]["state"];
  EXPECT_EQ(b, json({{"terminated",
                      {{"exitCode", 137},
                       {"reason", "ContainerStatusUnknown"},
                       {"message",
                        "The container could not be located when the pod was "
                        "terminated"},
                       {"startedAt", nullptr},
                       {"finishedAt", nullptr}}}}));

  // Older kubelets (containers: unchanged) left it waiting.
  json older = new_pod("Never");
  fail_pod(older, {"Evicted", "", FailedContainers::Unchanged, ""}, kAt + 20s);
  EXPECT_EQ(older["status"]["containerStatuses"][1]["state"]["waiting"]["reason"],
            "ContainerCreating");
}

// Before its init containers are done, a pod is not initialized: its app containers stay
// waiting, and of the init containers the first (every one up to the last that started) is
// reported unknown.
TEST(PodLifecycle, AFailedPodThatNeverInitializedKeepsItsAppContainersWaiting) {
  json pod = schedule_pod(
      {{"metadata", {{"name", "p"}, {"namespace", "n"}, {"uid", "u"}}},
       {"spec",
        {{"initContainers",
          {{{"name", "fetch"}, {"image", "f:1"}}, {{"name", "migrate"}, {"image", "m:1"}}}},
         {"containers", {{{"name", "app"}, {"image", "a:1"}}}}}}},
      kAt);
  fail_pod(pod, {"DeadlineExceeded", "", FailedContainers::Sigterm, ""}, kAt + 20s);
  const json& init = pod["status"]["initContainerStatuses"];
  EXPECT_EQ(init[0]["state"]["terminated"]["reason"], "ContainerStatusUnknown");
  EXPECT_EQ(init[1]["state"]["waiting"]["reason"], "PodInitializing");
  EXPECT_EQ(pod["status"]["containerStatuses"][0]["state"]["waiting"]["reason"], "PodInitializing");
}

// A current kubelet evicts: the running container is stopped, and the status manager's
// TerminatePod reports it as it reports one that never ran - no container ID in the terminated
// state, null times - while the status keeps the instance's ID.
TEST(PodLifecycle, AnEvictedRunningContainerIsUnknownWithoutIdOrTimes) {
  json pod = new_pod("Always");
  ASSERT_TRUE(start_containers(pod, {"a"}, {"containerd://a1"}, kAt + 1s).ok());
  evict_pod(pod, "The node was low on resource: memory. ", kAt + 20s);
  const json& a = pod["status"]["containerStatuses"][0];
  EXPECT_EQ(a["state"], json({{"terminated",
                               {{"exitCode", 137},
                                {"reason", "ContainerStatusUnknown"},
                                {"message",
                                 "The container could not be located when the pod was "
                                 "terminated"},
                                {"startedAt", nullptr},
                                {"finishedAt", nullptr}}}}));
  EXPECT_EQ(a["containerID"], "containerd://a1");
  EXPECT_EQ(a["started"], false);
}

json pod_with_init(const json& init_container) {
  return schedule_pod({{"metadata", {{"name", "p"}, {"namespace", "n"}, {"uid", "u"}}},
                       {"spec",
                        {{"restartPolicy", "Always"},
                         {"initContainers", {init_container}},
                         {"containers", {{{"name", "app"}, {"image", "a:1"}}}}}}},
                      kAt);
}

std::string app_state(const json& pod) {
  const json& state = pod["status"]["containerStatuses"][0]["state"];
  return state.contains("terminated") ? state["terminated"].value("reason", "")
                                      : state.begin().key();
}

// hasPodInitialized reads the last init container's lastState too: one that completed, then
// was run again (its pod sandbox recreated), initialized the pod.
TEST(PodLifecycle, ALastInitContainerThatCompletedBeforeInitializedThePod) {
  for (int exit_code : {0, 1}) {
    json pod = pod_with_init({{"name", "migrate"}, {"image", "m:1"}});
    json& migrate = pod["status"]["initContainerStatuses"][0];
    migrate["lastState"] = {{"terminated", {{"exitCode", exit_code}, {"reason", "Completed"}}}};
    migrate["state"] = {{"waiting", {{"reason", "PodInitializing"}}}};
    fail_pod(pod, {"Evicted", "", FailedContainers::Unknown, ""}, kAt + 20s);
    EXPECT_EQ(app_state(pod), exit_code == 0 ? "ContainerStatusUnknown" : "waiting") << exit_code;
  }
}

// For a native sidecar last, hasPodInitialized asks whether it runs and has started, as the
// pod showed it before the kubelet stopped it; its exit code does not count.
TEST(PodLifecycle, AStartedNativeSidecarLastInitializedThePod) {
  for (bool started : {true, false}) {
    json pod = pod_with_init({{"name", "proxy"}, {"image", "p:1"}, {"restartPolicy", "Always"}});
    ASSERT_TRUE(start_containers(pod, {"proxy"}, {"containerd://p1"}, kAt + 1s).ok());
    json& proxy = pod["status"]["initContainerStatuses"][0];
    proxy["started"] = started;
    pod["status"]["containerStatuses"][0]["state"] = {{"waiting", {{"reason", "PodInitializing"}}}};
    fail_pod(pod, {"Evicted", "", FailedContainers::Sigterm, ""}, kAt + 20s);
    EXPECT_EQ(proxy["state"]["terminated"]["reason"], "ContainerStatusUnknown") << started;
    EXPECT_EQ(app_state(pod), started ? "ContainerStatusUnknown" : "waiting") << started;
  }
}

TEST(PodLifecycle, UnknownContainersAreErrors) {
  json pod = new_pod("Always");
  auto failed = terminate_container(pod, "c", {1, "", "", 0}, kAt);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().message, "pod p has no container \"c\"");
}

TEST(PodLifecycle, EventsNameTheirPodAndSortByTime) {
  json pod = new_pod("Always");
  json first = pod_event(pod, "Warning", "BackOff", "m", "spec.containers{a}", "kubelet", kAt, 0);
  json second = pod_event(pod, "Warning", "BackOff", "m", "spec.containers{a}", "kubelet", kAt, 1);
  EXPECT_EQ(first["involvedObject"]["uid"], "u");
  EXPECT_EQ(first["source"]["host"], "kubesim-node-1");
  EXPECT_LT(first["metadata"]["name"].get<std::string>(),
            second["metadata"]["name"].get<std::string>());
  EXPECT_EQ(first["metadata"]["name"].get<std::string>().rfind("p.", 0), 0u);
}

}  // namespace
}  // namespace kexit::kubesim
