#include "diagnose/probe_relaxation.h"

#include <gtest/gtest.h>

#include "base/structured_text.h"
#include "testing/shell_argv.h"

namespace kexit::diagnose {
namespace {

// A Deployment whose template lists a sidecar first, so the index the patch names is the
// template's (1), not the pod's or a guess.
kube::PodFacts pod_owned_by(const std::string& kind, std::optional<kube::TemplateProbe> startup) {
  kube::PodFacts pod;
  pod.namespace_name = "shop";
  pod.name = "api-7c9f8d6b5-x2x7q";
  kube::WorkloadOwner owner;
  owner.kind = kind;
  owner.name = "api";
  owner.namespace_name = "shop";
  owner.containers = {{"proxy", 0, std::nullopt, std::nullopt, "", ""},
                      {"app", 1, kube::TemplateProbe{5, 10, 3}, startup, "", ""}};
  pod.workload = owner;
  return pod;
}

// Killed 42 s after the start: within the liveness probe's first budget (5 + 10 x 3 = 35 s,
// plus one period and the default grace period).
kube::ContainerFacts killed_after(const std::string& finished_at) {
  kube::ContainerFacts container;
  container.name = "app";
  container.termination.exit_code = 137;
  container.termination.started_at = "2026-03-01T10:00:00Z";
  container.termination.finished_at = finished_at;
  return container;
}

TEST(ProbeRelaxation, AddsAStartupProbeSizedFromTheTimeTheContainerRan) {
  auto fix = relax_liveness_probe(pod_owned_by("Deployment", std::nullopt),
                                  killed_after("2026-03-01T10:00:42Z"));
  ASSERT_TRUE(fix);
  EXPECT_EQ(fix->kind, "relax-liveness-probe");
  EXPECT_EQ(fix->target, "deployment/api");
  const std::string patch =
      R"([{"op":"test","path":"/spec/template/spec/containers/1/name","value":"app"},)"
      R"({"op":"copy","from":"/spec/template/spec/containers/1/livenessProbe",)"
      R"("path":"/spec/template/spec/containers/1/startupProbe"},)"
      R"({"op":"add","path":"/spec/template/spec/containers/1/startupProbe/failureThreshold",)"
      R"("value":8}])";
  EXPECT_EQ(fix->command, "kubectl patch deployment/api -n shop --type=json -p '" + patch + "'");
  EXPECT_EQ(fix->dry_run_command, fix->command + " --dry-run=server");
  EXPECT_EQ(fix->manifest, "");
  EXPECT_EQ(fix->changes,
            "adds a startupProbe (a copy of the livenessProbe) to container app of deployment/api, "
            "with spec.template.spec.containers[1].startupProbe.failureThreshold 8: the start "
            "gets 85 s instead of the 35 s of its livenessProbe (initialDelaySeconds + "
            "periodSeconds x failureThreshold); a heuristic: 2 x the 42 s the container ran "
            "before the probe killed it, since no evidence shows how long its start takes");
  EXPECT_EQ(fix->risk,
            "a heuristic budget, not a measured start time: a start slower still is killed "
            "again, and a container that hangs at start is left for up to 85 s before a "
            "restart; the livenessProbe itself is unchanged once the start passes; changing "
            "the template replaces every pod");
}

// A container name no API server admits (propose_fix offers no fix for it), as a hand-made file
// could hold one: the patch still names it as JSON and the command stays the argv it means.
TEST(ProbeRelaxation, AContainerNameWithQuotesSpacesAndDollarsStaysInsideThePatch) {
  const std::string name = R"(it's "a" $name `x`)";
  kube::PodFacts pod = pod_owned_by("Deployment", std::nullopt);
  pod.workload->containers[1].name = name;
  kube::ContainerFacts container = killed_after("2026-03-01T10:00:42Z");
  container.name = name;
  auto fix = relax_liveness_probe(pod, container);
  ASSERT_TRUE(fix);
  std::vector<std::string> argv = testing_support::argv_bash_reads(fix->command);
  ASSERT_EQ(argv.size(), 8u) << fix->command;
  EXPECT_EQ(std::vector<std::string>(argv.begin(), argv.end() - 1),
            (std::vector<std::string>{"kubectl", "patch", "deployment/api", "-n", "shop",
                                      "--type=json", "-p"}));
  auto patch = parse_json(argv.back(), "patch");
  ASSERT_TRUE(patch.ok()) << patch.error().to_string();
  ASSERT_EQ(patch->size(), 3u);
  EXPECT_EQ((*patch)[0]["value"], name);
  EXPECT_EQ((*patch)[2]["path"], "/spec/template/spec/containers/1/startupProbe/failureThreshold");
}

TEST(ProbeRelaxation, RaisesAnExistingStartupProbesFailureThreshold) {
  auto fix = relax_liveness_probe(pod_owned_by("StatefulSet", kube::TemplateProbe{0, 5, 6}),
                                  killed_after("2026-03-01T10:00:40Z"));
  ASSERT_TRUE(fix);
  EXPECT_EQ(fix->command,
            "kubectl patch statefulset/api -n shop --type=json -p "
            R"('[{"op":"test","path":"/spec/template/spec/containers/1/name","value":"app"},)"
            R"({"op":"add","path":"/spec/template/spec/containers/1/startupProbe/)"
            R"(failureThreshold","value":16}]')");
  EXPECT_EQ(fix->changes,
            "raises spec.template.spec.containers[1].startupProbe.failureThreshold of "
            "statefulset/api from 6 to 16: the start gets 80 s instead of the 30 s of its "
            "startupProbe (initialDelaySeconds + periodSeconds x failureThreshold); a heuristic: "
            "2 x the 40 s the container ran before the probe killed it, since no evidence shows "
            "how long its start takes");
}

TEST(ProbeRelaxation, AContainerThatRanPastTheFirstBudgetHadStartedAndGetsNoFix) {
  // 35 s budget + 10 s period + 30 s grace = 75 s; at 2 minutes it had passed probes.
  EXPECT_FALSE(relax_liveness_probe(pod_owned_by("Deployment", std::nullopt),
                                    killed_after("2026-03-01T10:02:00Z")));
}

TEST(ProbeRelaxation, AContainerMissingFromTheOwnersTemplateGetsNoGuessedIndex) {
  kube::ContainerFacts container = killed_after("2026-03-01T10:00:42Z");
  container.name = "worker";
  EXPECT_FALSE(relax_liveness_probe(pod_owned_by("Deployment", std::nullopt), container));
}

TEST(ProbeRelaxation, WithoutStartAndFinishTimesThereIsNothingToSizeFrom) {
  kube::ContainerFacts container = killed_after("");
  EXPECT_FALSE(relax_liveness_probe(pod_owned_by("Deployment", std::nullopt), container));
}

TEST(ProbeRelaxation, AHelmManagedOwnerGetsTheValuesToChange) {
  kube::PodFacts pod = pod_owned_by("Deployment", std::nullopt);
  pod.workload->manager = {kube::GitOpsTool::kHelm, "shop-api", ""};
  auto fix = relax_liveness_probe(pod, killed_after("2026-03-01T10:00:42Z"));
  ASSERT_TRUE(fix);
  EXPECT_EQ(fix->command, "");
  EXPECT_EQ(fix->dry_run_command, "");
  EXPECT_EQ(fix->manifest,
            "# values of shop-api (the key for this container depends on the chart)\n"
            "startupProbe:\n"
            "  # the same handler and timing as the livenessProbe, and\n"
            "  failureThreshold: 8\n");
  EXPECT_NE(fix->changes.find("; deployment/api is managed by Helm shop-api, which would undo a "
                              "kubectl change at its next sync: change the chart or repository "
                              "instead"),
            std::string::npos);
}

TEST(ProbeRelaxation, AnArgoManagedOwnerGetsTheSamePatchForKustomize) {
  kube::PodFacts pod = pod_owned_by("Deployment", kube::TemplateProbe{0, 5, 6});
  pod.workload->manager = {kube::GitOpsTool::kArgoCd, "shop", ""};
  auto fix = relax_liveness_probe(pod, killed_after("2026-03-01T10:00:40Z"));
  ASSERT_TRUE(fix);
  EXPECT_EQ(fix->manifest,
            "# kustomization.yaml: the same change as a patch of the manifest\n"
            "patches:\n"
            "  - target: {kind: Deployment, name: api}\n"
            R"(    patch: '[{"op":"test","path":"/spec/template/spec/containers/1/name",)"
            R"("value":"app"},{"op":"add","path":"/spec/template/spec/containers/1/startupProbe/)"
            R"(failureThreshold","value":16}]')"
            "\n");
}

}  // namespace
}  // namespace kexit::diagnose
