#include "kube/stopped_with_pod.h"

#include <gtest/gtest.h>

#include "kube/unexpected_exit.h"

namespace kexit::kube {
namespace {

ContainerFacts terminated(const std::string& name, ContainerKind kind, int exit_code,
                          const std::string& finished_at) {
  ContainerFacts container;
  container.name = name;
  container.kind = kind;
  container.termination.exit_code = exit_code;
  container.termination.finished_at = finished_at;
  return container;
}

// A Job's pod with a native sidecar that restarted once: the app finished first, then the
// kubelet stopped the sidecar.
PodFacts finished_job_pod() {
  PodFacts pod;
  pod.restart_policy = "Never";
  pod.phase = "Succeeded";
  ContainerFacts proxy = terminated("proxy", ContainerKind::kSidecar, 0, "2024-06-11T08:04:12Z");
  proxy.restart_count = 1;
  pod.to_diagnose = {proxy,
                     terminated("migrate", ContainerKind::kRegular, 0, "2024-06-11T08:04:11Z")};
  return pod;
}

TEST(StoppedWithPod, ASidecarThatExitedZeroAfterTheAppFinishedStoppedWithItsPod) {
  PodFacts pod = finished_job_pod();
  EXPECT_EQ(stopped_after_app(pod, pod.to_diagnose[0]),
            "sidecar proxy exited 0 at 2024-06-11T08:04:12Z, after app container migrate had "
            "finished at 2024-06-11T08:04:11Z (exit 0), and no app container runs now: it "
            "stopped with its pod");
  // Its restart count no longer makes the 0 an exit-0 restart loop.
  EXPECT_FALSE(is_unexpected_exit(pod, pod.to_diagnose[0]));
  // The app container itself finished first: nothing stopped it.
  EXPECT_EQ(stopped_after_app(pod, pod.to_diagnose[1]), std::nullopt);
}

TEST(StoppedWithPod, ARegularSidecarOfADeletedPodAfterItsAppFailedStoppedWithThePod) {
  PodFacts pod;
  pod.restart_policy = "Always";
  ContainerFacts shipper =
      terminated("log-shipper", ContainerKind::kRegular, 0, "2024-06-11T08:10:30Z");
  shipper.restart_count = 2;
  pod.to_diagnose = {terminated("api", ContainerKind::kRegular, 143, "2024-06-11T08:10:02Z"),
                     shipper};
  EXPECT_EQ(stopped_after_app(pod, pod.to_diagnose[1]),
            "container log-shipper exited 0 at 2024-06-11T08:10:30Z, after app container api had "
            "finished at 2024-06-11T08:10:02Z (exit 143), and no app container runs now: it "
            "stopped with its pod");
  EXPECT_FALSE(is_unexpected_exit(pod, pod.to_diagnose[1]));
  EXPECT_TRUE(is_unexpected_exit(pod, pod.to_diagnose[0]));
}

TEST(StoppedWithPod, ASidecarThatStoppedBeforeTheAppOrWhileItRunsDidNot) {
  PodFacts pod = finished_job_pod();
  pod.to_diagnose[0].termination.finished_at = "2024-06-11T08:04:10Z";
  EXPECT_EQ(stopped_after_app(pod, pod.to_diagnose[0]), std::nullopt);
  EXPECT_TRUE(is_unexpected_exit(pod, pod.to_diagnose[0]));

  pod = finished_job_pod();
  pod.to_diagnose.pop_back();
  pod.running.push_back(
      RunningContainer{"migrate", ContainerKind::kRegular, "2024-06-11T08:00:07Z"});
  EXPECT_EQ(stopped_after_app(pod, pod.to_diagnose[0]), std::nullopt);
}

TEST(StoppedWithPod, OnlyAZeroOfTheCurrentStateCounts) {
  PodFacts pod = finished_job_pod();
  pod.to_diagnose[0].termination.exit_code = 1;
  EXPECT_EQ(stopped_after_app(pod, pod.to_diagnose[0]), std::nullopt);
  pod = finished_job_pod();
  pod.to_diagnose[0].slot = TerminationSlot::kLast;
  EXPECT_EQ(stopped_after_app(pod, pod.to_diagnose[0]), std::nullopt);
  pod = finished_job_pod();
  pod.to_diagnose[0].termination.finished_at = "";
  EXPECT_EQ(stopped_after_app(pod, pod.to_diagnose[0]), std::nullopt);
}

}  // namespace
}  // namespace kexit::kube
