#include "kube/unexpected_exit.h"

#include <gtest/gtest.h>

namespace kexit::kube {
namespace {

PodFacts pod_with_policy(const std::string& restart_policy) {
  PodFacts pod;
  pod.restart_policy = restart_policy;
  return pod;
}

ContainerFacts exited(std::optional<int> exit_code, int restart_count = 0,
                      const std::string& waiting_reason = "") {
  ContainerFacts container;
  container.name = "app";
  container.termination.exit_code = exit_code;
  container.restart_count = restart_count;
  container.waiting_reason = waiting_reason;
  return container;
}

TEST(UnexpectedExit, NonZeroExitCounts) {
  EXPECT_TRUE(is_unexpected_exit(pod_with_policy("Never"), exited(1)));
  EXPECT_TRUE(is_unexpected_exit(pod_with_policy("Always"), exited(137)));
}

TEST(UnexpectedExit, UnknownExitCodeCounts) {
  EXPECT_TRUE(is_unexpected_exit(pod_with_policy("Never"), exited(std::nullopt)));
}

TEST(UnexpectedExit, ExitZeroRestartedUnderAlwaysCounts) {
  EXPECT_TRUE(is_unexpected_exit(pod_with_policy("Always"), exited(0, 3)));
}

TEST(UnexpectedExit, ExitZeroInCrashLoopBackOffUnderAlwaysCounts) {
  EXPECT_TRUE(is_unexpected_exit(pod_with_policy("Always"), exited(0, 0, "CrashLoopBackOff")));
}

TEST(UnexpectedExit, EmptyRestartPolicyIsTheDefaultAlways) {
  EXPECT_TRUE(is_unexpected_exit(pod_with_policy(""), exited(0, 2)));
}

TEST(UnexpectedExit, ExitZeroUnderNeverIsACompletion) {
  EXPECT_FALSE(is_unexpected_exit(pod_with_policy("Never"), exited(0, 2, "CrashLoopBackOff")));
}

TEST(UnexpectedExit, ExitZeroUnderOnFailureIsACompletion) {
  EXPECT_FALSE(is_unexpected_exit(pod_with_policy("OnFailure"), exited(0, 2)));
}

TEST(UnexpectedExit, ExitZeroUnderAlwaysWithoutRestartsIsACompletion) {
  EXPECT_FALSE(is_unexpected_exit(pod_with_policy("Always"), exited(0)));
}

TEST(UnexpectedExit, InitContainerExitZeroIsACompletion) {
  auto init = exited(0, 1);
  init.kind = ContainerKind::kInit;
  EXPECT_FALSE(is_unexpected_exit(pod_with_policy("Always"), init));
}

TEST(UnexpectedExit, NativeSidecarRestartedAfterExitZeroCounts) {
  auto sidecar = exited(0, 1);
  sidecar.kind = ContainerKind::kInit;
  sidecar.restart_policy = "Always";
  EXPECT_TRUE(is_unexpected_exit(pod_with_policy("Never"), sidecar));
}

}  // namespace
}  // namespace kexit::kube
