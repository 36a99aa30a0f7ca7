// The relax-liveness-probe and fail-fast-on-exit-code fixes `kexit inspect` prints, pasted into
// a shell whose `kubectl` is the real kubectl of the test parameter, against kubesim: the
// --dry-run=server command is accepted and changes nothing, the command changes the owner's
// template as "changes" says (read back with kubectl get -o jsonpath), and a deliberately wrong
// variant is rejected by kubesim's validation with kube-apiserver's message.

#include <gtest/gtest.h>

#include "fix_fixture.h"

namespace kexit::fidelity {
namespace {

using nlohmann::json;

class ProbeAndJobFixes : public FixesAgainstKubesim {
 protected:
  static json liveness_probe() {
    return {{"httpGet", {{"path", "/healthz"}, {"port", 8080}}},
            {"initialDelaySeconds", 5},
            {"periodSeconds", 10},
            {"failureThreshold", 3}};
  }

  static json app_container() {
    return {{"name", "app"},
            {"image", "registry.example.com/shop/api:2.1"},
            {"livenessProbe", liveness_probe()}};
  }

  // Deployment api (template: proxy, then app) -> ReplicaSet -> pod whose app container was
  // killed 42 s after its start. The pod lists app first: the patch's index must come from the
  // Deployment's template.
  void put_slow_starting_deployment() {
    json deployment = workload("Deployment", "shop", "api", {{"app", "api"}});
    json proxy = {{"name", "proxy"}, {"image", "envoyproxy/envoy:v1.30"}};
    deployment["spec"]["template"] = {
        {"metadata", {{"labels", {{"app", "api"}}}}},
        {"spec", {{"containers", json::array({proxy, app_container()})}}}};
    put(deployment);
    json replica_set = workload("ReplicaSet", "shop", "api-7c9f8d6b5", {{"app", "api"}},
                                owner("Deployment", "shop", "api"));
    replica_set["spec"]["template"] = deployment["spec"]["template"];
    put(replica_set);
    json killed = pod("shop", "api-7c9f8d6b5-x2x7q", {{"app", "api"}},
                      owner("ReplicaSet", "shop", "api-7c9f8d6b5"), Slot::kLastWithoutLog, 137, "",
                      "2023-11-14T22:00:42Z");
    killed["spec"]["containers"] = json::array({app_container(), proxy});
    killed["status"]["containerStatuses"][0]["name"] = "app";
    put(killed);
  }

  // CronJob spark-pi -> Job -> driver pod that exited 101 (Spark's class not found).
  void put_failed_spark_cron_job(const std::string& restart_policy) {
    json driver = {{"name", "driver"}, {"image", "apache/spark:3.5.1"}};
    json template_spec = {{"restartPolicy", restart_policy}, {"containers", json::array({driver})}};
    json cron_job = workload("CronJob", "shop", "spark-pi", {{"app", "spark-pi"}});
    cron_job["spec"] = {{"schedule", "0 * * * *"},
                        {"jobTemplate", {{"spec", {{"template", {{"spec", template_spec}}}}}}}};
    put(cron_job);
    json job = workload("Job", "shop", "spark-pi-28500000", {{"app", "spark-pi"}},
                        owner("CronJob", "shop", "spark-pi"));
    job["spec"] = {{"template", {{"spec", template_spec}}}};
    put(job);
    json failed = pod("shop", "spark-pi-28500000-abcde", {{"app", "spark-pi"}},
                      owner("Job", "shop", "spark-pi-28500000"), Slot::kCurrent, 101);
    failed["spec"]["containers"] = json::array({driver});
    failed["status"]["containerStatuses"][0]["name"] = "driver";
    put(failed);
    Status logged = cluster_.set_log("shop", "spark-pi-28500000-abcde", "driver",
                                     "Error: Failed to load class org.apache.spark.examples."
                                     "SparkPi.\n",
                                     kubesim::LogInstance::Current);
    ASSERT_TRUE(logged) << logged.error().to_string();
  }
};

TEST_P(ProbeAndJobFixes, AStartupProbeForASlowStartDryRunsAppliesAndChangesTheDeployment) {
  put_slow_starting_deployment();
  json fixes = inspect_fixes("api-7c9f8d6b5-x2x7q");
  ASSERT_EQ(fixes.size(), 1u) << fixes.dump(2);
  EXPECT_EQ(fixes[0]["kind"], "relax-liveness-probe");
  EXPECT_EQ(fixes[0]["target"], "deployment/api");
  const std::string command =
      "kubectl patch deployment/api -n shop --type=json -p "
      R"('[{"op":"test","path":"/spec/template/spec/containers/1/name","value":"app"},)"
      R"({"op":"copy","from":"/spec/template/spec/containers/1/livenessProbe",)"
      R"("path":"/spec/template/spec/containers/1/startupProbe"},)"
      R"({"op":"add","path":"/spec/template/spec/containers/1/startupProbe/failureThreshold",)"
      R"("value":8}]')";
  EXPECT_EQ(fixes[0]["command"], command);
  EXPECT_EQ(fixes[0]["dryRunCommand"], command + " --dry-run=server");
  EXPECT_EQ(fixes[0]["changes"],
            "adds a startupProbe (a copy of the livenessProbe) to container app of deployment/api, "
            "with spec.template.spec.containers[1].startupProbe.failureThreshold 8: the start "
            "gets 85 s instead of the 35 s of its livenessProbe (initialDelaySeconds + "
            "periodSeconds x failureThreshold); a heuristic: 2 x the 42 s the container ran "
            "before the probe killed it, since no evidence shows how long its start takes");

  const std::string startup = ".spec.template.spec.containers[1].startupProbe";
  ProcessResult dry_run = paste(fixes[0]["dryRunCommand"]);
  EXPECT_EQ(dry_run.exit_code, 0) << dry_run.err;
  // kubectl patch does not say "(server dry run)" as kubectl set does: the read below shows it.
  EXPECT_EQ(dry_run.out, "deployment.apps/api patched\n");
  EXPECT_EQ(read("deployment/api", startup), "");

  ProcessResult applied = paste(fixes[0]["command"]);
  EXPECT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_EQ(applied.out, "deployment.apps/api patched\n");
  EXPECT_EQ(read("deployment/api", startup + ".failureThreshold"), "8");
  EXPECT_EQ(read("deployment/api", startup + ".httpGet.path"), "/healthz");
  EXPECT_EQ(read("deployment/api", startup + ".periodSeconds"), "10");
  EXPECT_EQ(read("deployment/api",
                 ".spec.template.spec.containers[1].livenessProbe"
                 ".failureThreshold"),
            "3");
}

// Offline, `kubectl get pod,rs,deploy -o yaml` carries the template's containers and probes the
// fix is computed from: the same fix as cluster mode.
TEST_P(ProbeAndJobFixes, APodFileWithItsOwnersGivesTheSameProbeFixOffline) {
  put_slow_starting_deployment();
  json live = inspect_fixes("api-7c9f8d6b5-x2x7q");
  ASSERT_EQ(live.size(), 1u) << live.dump(2);
  ProcessResult saved = kubectl({"get", "pod,rs,deploy", "-n", "shop", "-o", "yaml"});
  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  EXPECT_EQ(inspect_fixes("", write("post-mortem.yaml", saved.out)), live);
}

TEST_P(ProbeAndJobFixes, AProbeThresholdOutOfRangeIsRejectedByKubesim) {
  put_slow_starting_deployment();
  ProcessResult wrong = paste(
      "kubectl patch deployment/api -n shop --type=json --dry-run=server -p "
      R"('[{"op":"add","path":"/spec/template/spec/containers/1/livenessProbe/failureThreshold",)"
      R"("value":-1}]')");
  EXPECT_NE(wrong.exit_code, 0);
  EXPECT_EQ(wrong.err,
            "The Deployment \"api\" is invalid: spec.template.spec.containers[1].livenessProbe."
            "failureThreshold: Invalid value: -1: must be greater than or equal to 0\n");
  EXPECT_EQ(read("deployment/api",
                 ".spec.template.spec.containers[1].livenessProbe"
                 ".failureThreshold"),
            "3");
}

TEST_P(ProbeAndJobFixes, APodFailurePolicyDryRunsAppliesAndChangesTheCronJobsJobTemplate) {
  put_failed_spark_cron_job("Never");
  json fixes = inspect_fixes("spark-pi-28500000-abcde");
  ASSERT_EQ(fixes.size(), 1u) << fixes.dump(2);
  EXPECT_EQ(fixes[0]["kind"], "fail-fast-on-exit-code");
  EXPECT_EQ(fixes[0]["target"], "cronjob/spark-pi");
  const std::string command =
      "kubectl patch cronjob/spark-pi -n shop --type=json -p "
      R"('[{"op":"add","path":"/spec/jobTemplate/spec/podFailurePolicy","value":)"
      R"({"rules":[{"action":"FailJob","onExitCodes":{"containerName":"driver",)"
      R"("operator":"In","values":[101]}}]}}]')";
  EXPECT_EQ(fixes[0]["command"], command);
  EXPECT_EQ(fixes[0]["dryRunCommand"], command + " --dry-run=server");

  const std::string rule = ".spec.jobTemplate.spec.podFailurePolicy.rules[0]";
  ProcessResult dry_run = paste(fixes[0]["dryRunCommand"]);
  EXPECT_EQ(dry_run.exit_code, 0) << dry_run.err;
  EXPECT_EQ(dry_run.out, "cronjob.batch/spark-pi patched\n");
  EXPECT_EQ(read("cronjob/spark-pi", ".spec.jobTemplate.spec.podFailurePolicy"), "");

  ProcessResult applied = paste(fixes[0]["command"]);
  EXPECT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_EQ(read("cronjob/spark-pi", rule + ".action"), "FailJob");
  EXPECT_EQ(read("cronjob/spark-pi", rule + ".onExitCodes.containerName"), "driver");
  EXPECT_EQ(read("cronjob/spark-pi", rule + ".onExitCodes.values[0]"), "101");
}

// The wrong variants: the same rule where the restartPolicy is OnFailure, and on the Job itself.
TEST_P(ProbeAndJobFixes, APodFailurePolicyWithoutNeverOrOnAnExistingJobIsRejected) {
  put_failed_spark_cron_job("OnFailure");
  EXPECT_EQ(inspect_fixes("spark-pi-28500000-abcde"), json::array());
  const std::string rule =
      R"({"rules":[{"action":"FailJob","onExitCodes":{"containerName":"driver",)"
      R"("operator":"In","values":[101]}}]})";
  ProcessResult on_failure = paste(
      "kubectl patch cronjob/spark-pi -n shop --type=json --dry-run=server -p "
      R"('[{"op":"add","path":"/spec/jobTemplate/spec/podFailurePolicy","value":)" +
      rule + "}]'");
  EXPECT_NE(on_failure.exit_code, 0);
  EXPECT_EQ(on_failure.err,
            "The CronJob \"spark-pi\" is invalid: spec.jobTemplate.spec.template.spec."
            "restartPolicy: Invalid value: \"OnFailure\": only \"Never\" is supported when "
            "podFailurePolicy is specified\n");
  ProcessResult on_job = paste(
      "kubectl patch job/spark-pi-28500000 -n shop --type=json --dry-run=server -p "
      R"('[{"op":"add","path":"/spec/podFailurePolicy","value":)" +
      rule + "}]'");
  EXPECT_NE(on_job.exit_code, 0);
  // The Job's own template says OnFailure too, so both of its errors are listed.
  EXPECT_EQ(on_job.err,
            "The Job \"spark-pi-28500000\" is invalid: \n"
            "* spec.template.spec.restartPolicy: Invalid value: \"OnFailure\": only \"Never\" is "
            "supported when podFailurePolicy is specified\n"
            "* spec.podFailurePolicy: Invalid value: batch.PodFailurePolicy{...}: field is "
            "immutable\n");
}

INSTANTIATE_TEST_SUITE_P(Kubectl, ProbeAndJobFixes, ::testing::ValuesIn(kubectl_binaries()),
                         parameter_name);

}  // namespace
}  // namespace kexit::fidelity
