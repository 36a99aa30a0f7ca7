#include "diagnose/pod_failure_policy_fix.h"

#include <gtest/gtest.h>

#include "base/structured_text.h"
#include "testing/shell_argv.h"

namespace kexit::diagnose {
namespace {

kube::PodFacts pod_owned_by(const std::string& kind, const std::string& restart_policy) {
  kube::PodFacts pod;
  pod.namespace_name = "batch";
  pod.name = "spark-pi-28500000-abcde";
  kube::WorkloadOwner owner;
  owner.kind = kind;
  owner.name = "spark-pi";
  owner.namespace_name = "batch";
  owner.restart_policy = restart_policy;
  owner.containers = {{"driver", 0, std::nullopt, std::nullopt, "", ""}};
  pod.workload = owner;
  return pod;
}

kube::ContainerFacts exited_with(int code) {
  kube::ContainerFacts container;
  container.name = "driver";
  container.termination.exit_code = code;
  return container;
}

TEST(PodFailurePolicyFix, PatchesACronJobsJobTemplate) {
  auto fix = fail_fast_on_exit_code(pod_owned_by("CronJob", "Never"), exited_with(101));
  ASSERT_TRUE(fix);
  EXPECT_EQ(fix->kind, "fail-fast-on-exit-code");
  EXPECT_EQ(fix->target, "cronjob/spark-pi");
  EXPECT_EQ(fix->command,
            "kubectl patch cronjob/spark-pi -n batch --type=json -p "
            R"('[{"op":"add","path":"/spec/jobTemplate/spec/podFailurePolicy","value":)"
            R"({"rules":[{"action":"FailJob","onExitCodes":{"containerName":"driver",)"
            R"("operator":"In","values":[101]}}]}}]')");
  EXPECT_EQ(fix->dry_run_command, fix->command + " --dry-run=server");
  EXPECT_EQ(fix->manifest, "");
  EXPECT_EQ(fix->changes,
            "adds a podFailurePolicy rule to spec.jobTemplate.spec of cronjob/spark-pi (FailJob "
            "on exit code 101 of container driver): the next pod that exits so fails its Job at "
            "once, instead of being retried up to backoffLimit times with the same image and "
            "arguments");
  EXPECT_EQ(fix->risk,
            "every exit with 101 from driver fails the Job, including one a retry would have "
            "passed (a transient error that the program reports with the same code); the "
            "CronJob's next Jobs get it, a running Job keeps its policy");
}

// A container name no API server admits (propose_fix offers no fix for it), as a hand-made file
// could hold one: the rule still names it as JSON and the command stays the argv it means.
TEST(PodFailurePolicyFix, AContainerNameWithQuotesSpacesAndDollarsStaysInsideThePatch) {
  const std::string name = R"(it's "a" $name \ `x`)";
  kube::PodFacts pod = pod_owned_by("CronJob", "Never");
  pod.workload->containers[0].name = name;
  kube::ContainerFacts container = exited_with(101);
  container.name = name;
  auto fix = fail_fast_on_exit_code(pod, container);
  ASSERT_TRUE(fix);
  std::vector<std::string> argv = testing_support::argv_bash_reads(fix->dry_run_command);
  ASSERT_EQ(argv.size(), 9u) << fix->dry_run_command;
  EXPECT_EQ(argv[2], "cronjob/spark-pi");
  EXPECT_EQ(argv[8], "--dry-run=server");
  auto patch = parse_json(argv[7], "patch");
  ASSERT_TRUE(patch.ok()) << patch.error().to_string();
  EXPECT_EQ((*patch)[0]["path"], "/spec/jobTemplate/spec/podFailurePolicy");
  EXPECT_EQ((*patch)[0]["value"]["rules"][0]["onExitCodes"]["containerName"], name);
}

TEST(PodFailurePolicyFix, PutsTheRuleFirstInAnExistingPolicy) {
  kube::PodFacts pod = pod_owned_by("CronJob", "Never");
  pod.workload->has_pod_failure_policy = true;
  auto fix = fail_fast_on_exit_code(pod, exited_with(101));
  ASSERT_TRUE(fix);
  EXPECT_EQ(fix->command,
            "kubectl patch cronjob/spark-pi -n batch --type=json -p "
            R"('[{"op":"add","path":"/spec/jobTemplate/spec/podFailurePolicy/rules/0","value":)"
            R"({"action":"FailJob","onExitCodes":{"containerName":"driver","operator":"In",)"
            R"("values":[101]}}}]')");
}

TEST(PodFailurePolicyFix, AJobGetsTheManifestChangeForTheNextJobNeverAPatch) {
  auto fix = fail_fast_on_exit_code(pod_owned_by("Job", "Never"), exited_with(1));
  ASSERT_TRUE(fix);
  EXPECT_EQ(fix->command, "");
  EXPECT_EQ(fix->dry_run_command, "");
  EXPECT_EQ(fix->manifest,
            "# job/spark-pi: add the rule first in podFailurePolicy.rules\n"
            "spec:\n"
            "  podFailurePolicy:\n"
            "    rules:\n"
            "      - action: FailJob\n"
            "        onExitCodes:\n"
            "          containerName: driver\n"
            "          operator: In\n"
            "          values: [1]\n");
  EXPECT_EQ(fix->changes,
            "adds a podFailurePolicy rule to spec of job/spark-pi (FailJob on exit code 1 of "
            "container driver): the next pod that exits so fails its Job at once, instead of "
            "being retried up to backoffLimit times with the same image and arguments; a Job's "
            "template and podFailurePolicy are immutable, so this goes into the manifest the "
            "next Job is created from");
  EXPECT_EQ(fix->risk,
            "every exit with 1 from driver fails the Job, including one a retry would have "
            "passed (a transient error that the program reports with the same code); exit code "
            "1 is what most programs return for any unhandled error, not only this one; the Job "
            "that failed keeps its policy");
}

TEST(PodFailurePolicyFix, AFluxManagedCronJobGetsTheManifestUnderItsJobTemplate) {
  kube::PodFacts pod = pod_owned_by("CronJob", "Never");
  pod.workload->manager = {kube::GitOpsTool::kFluxKustomization, "apps", "flux-system"};
  auto fix = fail_fast_on_exit_code(pod, exited_with(101));
  ASSERT_TRUE(fix);
  EXPECT_EQ(fix->command, "");
  EXPECT_EQ(fix->manifest,
            "# cronjob/spark-pi's jobTemplate: add the rule first in podFailurePolicy.rules\n"
            "spec:\n"
            "  jobTemplate:\n"
            "    spec:\n"
            "      podFailurePolicy:\n"
            "        rules:\n"
            "          - action: FailJob\n"
            "            onExitCodes:\n"
            "              containerName: driver\n"
            "              operator: In\n"
            "              values: [101]\n");
}

TEST(PodFailurePolicyFix, OnlyWhenTheTemplatesRestartPolicyIsNever) {
  EXPECT_FALSE(fail_fast_on_exit_code(pod_owned_by("CronJob", "OnFailure"), exited_with(101)));
  EXPECT_FALSE(fail_fast_on_exit_code(pod_owned_by("CronJob", ""), exited_with(101)));
}

TEST(PodFailurePolicyFix, OnlyForJobsAndCronJobs) {
  EXPECT_FALSE(fail_fast_on_exit_code(pod_owned_by("Deployment", "Never"), exited_with(101)));
}

TEST(PodFailurePolicyFix, NotForExitZeroOrAContainerTheTemplateDoesNotHave) {
  EXPECT_FALSE(fail_fast_on_exit_code(pod_owned_by("CronJob", "Never"), exited_with(0)));
  kube::ContainerFacts other = exited_with(101);
  other.name = "sidecar";
  EXPECT_FALSE(fail_fast_on_exit_code(pod_owned_by("CronJob", "Never"), other));
}

}  // namespace
}  // namespace kexit::diagnose
