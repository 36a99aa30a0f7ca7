#include "agent/termination_detector.h"

#include <gtest/gtest.h>

#include "kube/api_time.h"

namespace kexit::agent {
namespace {

kube::ContainerFacts container(const std::string& name, int exit_code, const std::string& id,
                               const std::string& finished_at = "2024-01-01T00:10:00Z") {
  kube::ContainerFacts facts;
  facts.name = name;
  facts.termination.exit_code = exit_code;
  facts.termination.container_id = id;
  facts.termination.finished_at = finished_at;
  return facts;
}

kube::PodFacts pod(std::vector<kube::ContainerFacts> terminated) {
  kube::PodFacts facts;
  facts.namespace_name = "shop";
  facts.name = "api-1";
  facts.uid = "uid-1";
  facts.to_diagnose = std::move(terminated);
  return facts;
}

kube::TimePoint at(const char* text) { return *kube::parse_api_time(text); }

TEST(TerminationDetector, ReportsANewTerminationOnce) {
  ContainerStateTable table;
  TerminationDetector detector({}, table);
  auto crashed = pod({container("app", 101, "containerd://a")});
  auto first = detector.observe(crashed, PodEventType::kAdded, at("2024-01-01T00:11:00Z"));
  ASSERT_EQ(first.new_terminations.size(), 1u);
  EXPECT_EQ(first.new_terminations[0].container_index, 0u);
  EXPECT_EQ(first.new_terminations[0].termination_id, "containerd://a");
  auto again = detector.observe(crashed, PodEventType::kModified, at("2024-01-01T00:12:00Z"));
  EXPECT_TRUE(again.new_terminations.empty());
  auto next = detector.observe(pod({container("app", 101, "containerd://b")}),
                               PodEventType::kModified, at("2024-01-01T00:13:00Z"));
  EXPECT_EQ(next.new_terminations.size(), 1u);
}

TEST(TerminationDetector, IgnoresExitZeroUnlessAsked) {
  ContainerStateTable table;
  TerminationDetector detector({}, table);
  auto done = pod({container("job", 0, "containerd://a")});
  auto detection = detector.observe(done, PodEventType::kAdded, at("2024-01-01T00:11:00Z"));
  EXPECT_TRUE(detection.new_terminations.empty());
  EXPECT_EQ(detection.skipped_success, 1u);

  ContainerStateTable other_table;
  TerminationDetector including({.since = std::nullopt, .include_exit_zero = true}, other_table);
  EXPECT_EQ(including.observe(done, PodEventType::kAdded, at("2024-01-01T00:11:00Z"))
                .new_terminations.size(),
            1u);
}

TEST(TerminationDetector, ReportsExitZeroCrashLoopWithoutBeingAsked) {
  ContainerStateTable table;
  TerminationDetector detector({}, table);
  auto looping_container = container("app", 0, "containerd://a");
  looping_container.restart_count = 4;
  looping_container.waiting_reason = "CrashLoopBackOff";
  auto looping = pod({looping_container});
  looping.restart_policy = "Always";
  auto detection = detector.observe(looping, PodEventType::kAdded, at("2024-01-01T00:11:00Z"));
  EXPECT_EQ(detection.new_terminations.size(), 1u);
  EXPECT_EQ(detection.skipped_success, 0u);
}

TEST(TerminationDetector, IgnoresACompletedJobPod) {
  ContainerStateTable table;
  TerminationDetector detector({}, table);
  auto completed = pod({container("job", 0, "containerd://a")});
  completed.restart_policy = "Never";
  completed.owner_kind = "Job";
  auto detection = detector.observe(completed, PodEventType::kAdded, at("2024-01-01T00:11:00Z"));
  EXPECT_TRUE(detection.new_terminations.empty());
  EXPECT_EQ(detection.skipped_success, 1u);
}

TEST(TerminationDetector, SkipsTerminationsOlderThanSince) {
  ContainerStateTable table;
  TerminationDetector detector({.since = std::chrono::minutes(5)}, table);
  auto crashed = pod({container("old", 1, "containerd://a", "2024-01-01T00:00:00Z"),
                      container("new", 1, "containerd://b", "2024-01-01T00:08:00Z")});
  auto detection = detector.observe(crashed, PodEventType::kListed, at("2024-01-01T00:10:00Z"));
  ASSERT_EQ(detection.new_terminations.size(), 1u);
  EXPECT_EQ(detection.new_terminations[0].container_index, 1u);
  EXPECT_EQ(detection.skipped_old, 1u);
}

TEST(TerminationDetector, DeletedPodIsStillDiagnosedThenForgotten) {
  ContainerStateTable table;
  TerminationDetector detector({}, table);
  auto crashed = pod({container("app", 137, "containerd://a")});
  auto detection = detector.observe(crashed, PodEventType::kDeleted, at("2024-01-01T00:11:00Z"));
  EXPECT_EQ(detection.new_terminations.size(), 1u);
  EXPECT_EQ(table.pod_count(), 0u);
}

TEST(TerminationDetector, AlreadyReportedTerminationsAreSkipped) {
  ContainerStateTable table;
  table.record("uid-1", "app", "containerd://a");
  TerminationDetector detector({}, table);
  auto detection = detector.observe(pod({container("app", 1, "containerd://a")}),
                                    PodEventType::kListed, at("2024-01-01T00:11:00Z"));
  EXPECT_TRUE(detection.new_terminations.empty());
}

}  // namespace
}  // namespace kexit::agent
