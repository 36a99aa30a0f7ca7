#include "diagnose/fix_proposal.h"

#include <gtest/gtest.h>

namespace kexit::diagnose {
namespace {

kube::PodFacts pod_of(const std::string& kind, const std::string& name) {
  kube::PodFacts pod;
  pod.namespace_name = "shop";
  pod.name = "api-7c9f8d6b5-x2x7q";
  kube::WorkloadOwner owner;
  owner.kind = kind;
  owner.name = name;
  owner.namespace_name = "shop";
  pod.workload = owner;
  return pod;
}

kube::ContainerFacts container_with(const std::string& limit, const std::string& request) {
  kube::ContainerFacts container;
  container.name = "app";
  container.memory_limit = limit;
  container.memory_request = request;
  return container;
}

TEST(FixProposal, RaisesTheLimitByTheNamedHeuristicWithoutAMeasuredPeak) {
  auto fix = propose_fix("raise-memory-limit", pod_of("StatefulSet", "db"),
                         container_with("1Gi", "512Mi"));
  ASSERT_TRUE(fix);
  EXPECT_EQ(fix->target, "statefulset/db");
  EXPECT_EQ(fix->command,
            "kubectl set resources statefulset/db -n shop -c app --limits=memory=1536Mi "
            "--requests=memory=512Mi");
  EXPECT_EQ(fix->dry_run_command,
            "kubectl set resources statefulset/db -n shop -c app --limits=memory=1536Mi "
            "--requests=memory=512Mi --dry-run=server");
  EXPECT_EQ(fix->manifest, "");
  EXPECT_EQ(fix->changes,
            "sets spec.template.spec.containers[app].resources.limits.memory of statefulset/db "
            "from 1Gi to 1536Mi (a heuristic: the current limit x 1.5, since no measured peak "
            "usage was available) and spec.template.spec.containers[app].resources.requests."
            "memory to 512Mi (the request as it is, set with the limit so that the limit is never "
            "below it)");
  EXPECT_EQ(fix->risk,
            "a heuristic size, not a measured peak: if the program's memory grows with its limit "
            "(a JVM's -XX:MaxRAMPercentage, caches) it may be killed again; a node needs 1536Mi "
            "free for each pod, and changing the template replaces every pod");
}

// A name no API server admits came from a file; pasted, it could run a command of its own.
TEST(FixProposal, NoFixForANameTheApiServerWouldNotAdmit) {
  auto quoted = container_with("1Gi", "512Mi");
  quoted.name = "app'$(touch /tmp/pwned)'";
  EXPECT_FALSE(propose_fix("raise-memory-limit", pod_of("Deployment", "api"), quoted));
  EXPECT_FALSE(propose_fix("raise-memory-limit", pod_of("Deployment", "api -n kube-system"),
                           container_with("1Gi", "512Mi")));
  auto pod = pod_of("Deployment", "api");
  pod.workload->namespace_name = "shop\"";
  EXPECT_FALSE(propose_fix("raise-memory-limit", pod, container_with("1Gi", "512Mi")));
  EXPECT_TRUE(propose_fix("raise-memory-limit", pod_of("Deployment", "api.v2"),
                          container_with("1Gi", "512Mi")));
}

TEST(FixProposal, SizesFromTheUsageAnEvictionMessageReports) {
  kube::PodFacts pod = pod_of("Deployment", "api");
  pod.message =
      "The node was low on resource: memory. Threshold quantity: 100Mi, available: 80Mi. "
      "Container app was using 1Gi, request is 256Mi, has larger consumption of memory. ";
  auto fix = propose_fix("raise-memory-limit", pod, container_with("512Mi", "256Mi"));
  ASSERT_TRUE(fix);
  EXPECT_EQ(fix->command,
            "kubectl set resources deployment/api -n shop -c app --limits=memory=1280Mi "
            "--requests=memory=256Mi");
  EXPECT_EQ(fix->changes,
            "sets spec.template.spec.containers[app].resources.limits.memory of deployment/api "
            "from 512Mi to 1280Mi (the usage the eviction message reports (1Gi) plus 25% "
            "headroom) and spec.template.spec.containers[app].resources.requests.memory to "
            "256Mi (the request as it is, set with the limit so that the limit is never below "
            "it)");
}

TEST(FixProposal, NeverSetsALimitBelowTheRequest) {
  auto fix = propose_fix("raise-memory-limit", pod_of("Deployment", "api"),
                         container_with("100Mi", "2Gi"));
  ASSERT_TRUE(fix);
  EXPECT_EQ(fix->command,
            "kubectl set resources deployment/api -n shop -c app --limits=memory=2Gi "
            "--requests=memory=2Gi");
  EXPECT_EQ(fix->changes,
            "sets spec.template.spec.containers[app].resources.limits.memory of deployment/api "
            "from 100Mi to 2Gi (the memory request 2Gi, which a limit may not be below; a "
            "heuristic: the current limit x 1.5, since no measured peak usage was available) and "
            "spec.template.spec.containers[app].resources.requests.memory to 2Gi (the request as "
            "it is, set with the limit so that the limit is never below it)");
}

// The owner's template, which the command changes, may ask for more than the pod did (a
// rollout since): the limit is not set below the template's request either.
TEST(FixProposal, NeverSetsALimitBelowTheTemplatesRequest) {
  kube::PodFacts pod = pod_of("Deployment", "api");
  kube::TemplateContainer app{"app", 0, std::nullopt, std::nullopt, "1Gi", ""};
  pod.workload->containers = {app};
  auto fix = propose_fix("raise-memory-limit", pod, container_with("512Mi", "256Mi"));
  ASSERT_TRUE(fix);
  EXPECT_EQ(fix->command,
            "kubectl set resources deployment/api -n shop -c app --limits=memory=1Gi "
            "--requests=memory=1Gi");
}

// A template whose limit is already above the pod's (a rollout that raised it, this pod from the
// revision before) gets no raise: sized from the pod's 1Gi, it would lower the template's 4Gi.
TEST(FixProposal, NoRaiseWhenTheTemplatesLimitIsAlreadyAboveThePods) {
  kube::PodFacts pod = pod_of("Deployment", "api");
  kube::TemplateContainer app{"app", 0, std::nullopt, std::nullopt, "2Gi", "4Gi"};
  pod.workload->containers = {app};
  EXPECT_FALSE(propose_fix("raise-memory-limit", pod, container_with("1Gi", "512Mi")));
  pod.workload->containers[0].memory_limit = "1Gi";  // the same limit: the raise stands
  EXPECT_TRUE(propose_fix("raise-memory-limit", pod, container_with("1Gi", "512Mi")));
}

// Request equal to the limit (QoS class Guaranteed, or a request defaulted from the limit):
// both rise together, and the class stays.
TEST(FixProposal, ARequestEqualToTheLimitRisesWithIt) {
  auto fix = propose_fix("raise-memory-limit", pod_of("Deployment", "api"),
                         container_with("512Mi", "512Mi"));
  ASSERT_TRUE(fix);
  EXPECT_EQ(fix->command,
            "kubectl set resources deployment/api -n shop -c app --limits=memory=768Mi "
            "--requests=memory=768Mi");
  EXPECT_NE(fix->changes.find("requests.memory to 768Mi (equal to the limit, as the request was "
                              "before, so the QoS class stays Guaranteed)"),
            std::string::npos)
      << fix->changes;
}

// A chart's values or a base manifest may carry a request of their own: the change gives the
// request beside the limit, so the two cannot end up inverted.
TEST(FixProposal, TheManifestFormsCarryTheRequestBesideTheLimit) {
  kube::PodFacts pod = pod_of("Deployment", "api");
  pod.workload->manager = {kube::GitOpsTool::kHelm, "shop", ""};
  auto fix = propose_fix("raise-memory-limit", pod, container_with("512Mi", "256Mi"));
  ASSERT_TRUE(fix);
  EXPECT_EQ(fix->manifest,
            "# values of shop (the key for this container depends on the chart)\n"
            "resources:\n  limits:\n    memory: 768Mi\n  requests:\n    memory: 256Mi\n");
  fix = propose_fix("raise-memory-limit", pod_of("Job", "etl-1"), container_with("1Gi", "1Gi"));
  ASSERT_TRUE(fix);
  EXPECT_EQ(fix->manifest,
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: etl-1\n  namespace: shop\n"
            "spec:\n  template:\n    spec:\n      containers:\n        - name: app\n"
            "          resources:\n            limits:\n              memory: 1536Mi\n"
            "            requests:\n              memory: 1536Mi\n");
}

TEST(FixProposal, UsageUnderTheLimitIsNoCaseForARaise) {
  kube::PodFacts pod = pod_of("Deployment", "api");
  pod.message =
      "The node was low on resource: memory. Threshold quantity: 100Mi, available: 80Mi. "
      "Container app was using 1436Mi, request is 256Mi, has larger consumption of memory. ";
  EXPECT_FALSE(propose_fix("raise-memory-limit", pod, container_with("2Gi", "256Mi")));
}

TEST(FixProposal, AnInitContainerOrSidecarGetsNoPatchOfTheAppContainers) {
  for (auto kind : {kube::ContainerKind::kInit, kube::ContainerKind::kSidecar}) {
    kube::ContainerFacts container = container_with("1Gi", "512Mi");
    container.kind = kind;
    EXPECT_FALSE(propose_fix("raise-memory-limit", pod_of("Deployment", "api"), container));
  }
}

TEST(FixProposal, AHelmReleaseGetsValuesInsteadOfACommand) {
  kube::PodFacts pod = pod_of("Deployment", "api");
  pod.workload->manager = {kube::GitOpsTool::kHelm, "shop", ""};
  auto fix = propose_fix("raise-memory-limit", pod, container_with("512Mi", ""));
  ASSERT_TRUE(fix);
  EXPECT_EQ(fix->command, "");
  EXPECT_EQ(fix->dry_run_command, "");
  EXPECT_EQ(fix->manifest,
            "# values of shop (the key for this container depends on the chart)\n"
            "resources:\n  limits:\n    memory: 768Mi\n");
  EXPECT_EQ(fix->changes,
            "sets spec.template.spec.containers[app].resources.limits.memory of deployment/api "
            "from 512Mi to 768Mi (a heuristic: the current limit x 1.5, since no measured peak "
            "usage was available); deployment/api is managed by Helm shop, which would undo a "
            "kubectl change at its next sync: change the chart or repository instead");
}

TEST(FixProposal, AJobIsNeverPatchedItsNextManifestIsChanged) {
  auto fix = propose_fix("raise-memory-limit", pod_of("Job", "etl-1"), container_with("1Gi", ""));
  ASSERT_TRUE(fix);
  EXPECT_EQ(fix->command, "");
  EXPECT_EQ(fix->manifest,
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: etl-1\n  namespace: shop\n"
            "spec:\n  template:\n    spec:\n      containers:\n        - name: app\n"
            "          resources:\n            limits:\n              memory: 1536Mi\n");
}

TEST(FixProposal, ACronJobsPatchReachesIntoItsJobTemplate) {
  kube::PodFacts pod = pod_of("CronJob", "nightly");
  pod.workload->manager = {kube::GitOpsTool::kArgoCd, "batch", ""};
  auto fix = propose_fix("raise-memory-limit", pod, container_with("1Gi", ""));
  ASSERT_TRUE(fix);
  EXPECT_EQ(fix->manifest,
            "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\n  namespace: shop\n"
            "spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n"
            "          containers:\n            - name: app\n              resources:\n"
            "                limits:\n                  memory: 1536Mi\n");
}

TEST(FixProposal, NoOwnerOrNoLimitMeansNoFix) {
  kube::PodFacts bare;
  bare.namespace_name = "shop";
  EXPECT_FALSE(propose_fix("raise-memory-limit", bare, container_with("1Gi", "")));
  EXPECT_FALSE(
      propose_fix("raise-memory-limit", pod_of("Deployment", "api"), container_with("", "")));
  EXPECT_FALSE(propose_fix("", pod_of("Deployment", "api"), container_with("1Gi", "")));
}

}  // namespace
}  // namespace kexit::diagnose
