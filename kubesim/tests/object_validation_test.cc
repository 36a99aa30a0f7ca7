#include "kubesim/object_validation.h"

#include <gtest/gtest.h>

#include "kubesim/cluster.h"
#include "kubesim/kube_time.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

json pod_template(const json& container, const std::string& restart_policy) {
  json spec = {{"containers", json::array({container})}};
  if (!restart_policy.empty()) {
    spec["restartPolicy"] = restart_policy;
  }
  return {{"metadata", {{"labels", {{"app", "api"}}}}}, {"spec", spec}};
}

json deployment(const json& container) {
  return {{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata", {{"name", "api"}, {"namespace", "shop"}}},
          {"spec",
           {{"selector", {{"matchLabels", {{"app", "api"}}}}},
            {"template", pod_template(container, "")}}}};
}

json job(const std::string& restart_policy) {
  return {{"apiVersion", "batch/v1"},
          {"kind", "Job"},
          {"metadata", {{"name", "etl"}, {"namespace", "shop"}}},
          {"spec",
           {{"template", pod_template({{"name", "etl"}, {"image", "etl:1"}}, restart_policy)}}}};
}

json cron_job(const std::string& restart_policy) {
  json job_spec = job(restart_policy)["spec"];
  return {{"apiVersion", "batch/v1"},
          {"kind", "CronJob"},
          {"metadata", {{"name", "nightly"}, {"namespace", "shop"}}},
          {"spec", {{"schedule", "0 3 * * *"}, {"jobTemplate", {{"spec", job_spec}}}}}};
}

const json kFailOn42 = json::parse(
    R"({"rules":[{"action":"FailJob","onExitCodes":{"operator":"In","values":[42]}}]})");

class ObjectValidationTest : public ::testing::Test {
 protected:
  ObjectValidationTest() : clock_(*parse_time("2024-05-01T12:00:00Z")), cluster_(clock_) {
    cluster_.ensure_namespace("shop");
  }

  // The 422 message of a strategic merge patch, or "" when it is accepted.
  std::string patch_error(const std::string& resource, const std::string& name, const json& patch) {
    const ResourceType* type =
        find_resource(resource == "deployments" ? "apps" : "batch", "v1", resource);
    auto patched = cluster_.patch(*type, "shop", name, PatchType::StrategicMerge, patch,
                                  ObjectPart::Main, WriteMode::DryRun);
    if (patched.ok()) {
      return "";
    }
    EXPECT_EQ(patched.error().code, 422);
    return patched.error().message;
  }

  static json container_patch(const json& fields) {
    json container = fields;
    container["name"] = "app";
    return {{"spec", {{"template", {{"spec", {{"containers", json::array({container})}}}}}}}};
  }

  ManualClock clock_;
  Cluster cluster_;
};

TEST_F(ObjectValidationTest, ARequestAboveItsLimitIsRejected) {
  ASSERT_TRUE(cluster_.put(deployment({{"name", "app"}, {"image", "api:1"}})).ok());
  json resources = {
      {"resources", {{"limits", {{"memory", "1Gi"}}}, {"requests", {{"memory", "2Gi"}}}}}};
  EXPECT_EQ(patch_error("deployments", "api", container_patch(resources)),
            "Deployment \"api\" is invalid: spec.template.spec.containers[0].resources."
            "requests[memory]: Invalid value: \"2Gi\": must be less than or equal to memory "
            "limit of 1Gi");
}

TEST_F(ObjectValidationTest, ARequestEqualToItsLimitInAnotherUnitIsAccepted) {
  ASSERT_TRUE(cluster_.put(deployment({{"name", "app"}, {"image", "api:1"}})).ok());
  json resources = {{"resources",
                     {{"limits", {{"memory", "1Gi"}, {"cpu", "1"}}},
                      {"requests", {{"memory", "1024Mi"}, {"cpu", "500m"}}}}}};
  EXPECT_EQ(patch_error("deployments", "api", container_patch(resources)), "");
}

TEST_F(ObjectValidationTest, ANegativeQuantityIsRejected) {
  ASSERT_TRUE(cluster_.put(deployment({{"name", "app"}, {"image", "api:1"}})).ok());
  json resources = {{"resources", {{"limits", {{"cpu", "-1"}}}}}};
  EXPECT_EQ(patch_error("deployments", "api", container_patch(resources)),
            "Deployment \"api\" is invalid: spec.template.spec.containers[0].resources."
            "limits[cpu]: Invalid value: \"-1\": must be greater than or equal to 0");
}

TEST_F(ObjectValidationTest, ANegativeProbeFieldIsRejected) {
  ASSERT_TRUE(cluster_.put(deployment({{"name", "app"}, {"image", "api:1"}})).ok());
  json probe = {{"livenessProbe", {{"initialDelaySeconds", -5}, {"failureThreshold", 3}}}};
  EXPECT_EQ(patch_error("deployments", "api", container_patch(probe)),
            "Deployment \"api\" is invalid: spec.template.spec.containers[0].livenessProbe."
            "initialDelaySeconds: Invalid value: -5: must be greater than or equal to 0");
}

TEST_F(ObjectValidationTest, ALivenessProbeSucceedsAfterOneSuccess) {
  ASSERT_TRUE(cluster_.put(deployment({{"name", "app"}, {"image", "api:1"}})).ok());
  json probe = {{"livenessProbe", {{"successThreshold", 2}}}};
  EXPECT_EQ(patch_error("deployments", "api", container_patch(probe)),
            "Deployment \"api\" is invalid: spec.template.spec.containers[0].livenessProbe."
            "successThreshold: Invalid value: 2: must be 1");
}

TEST_F(ObjectValidationTest, SeveralErrorsAreAggregatedInBrackets) {
  ASSERT_TRUE(cluster_.put(deployment({{"name", "app"}, {"image", "api:1"}})).ok());
  json fields = {{"startupProbe", {{"periodSeconds", -1}, {"failureThreshold", -2}}}};
  EXPECT_EQ(patch_error("deployments", "api", container_patch(fields)),
            "Deployment \"api\" is invalid: [spec.template.spec.containers[0].startupProbe."
            "periodSeconds: Invalid value: -1: must be greater than or equal to 0, "
            "spec.template.spec.containers[0].startupProbe.failureThreshold: Invalid value: -2: "
            "must be greater than or equal to 0]");
}

TEST_F(ObjectValidationTest, APodFailurePolicyNeedsRestartPolicyNeverInACronJob) {
  ASSERT_TRUE(cluster_.put(cron_job("OnFailure")).ok());
  json patch = {{"spec", {{"jobTemplate", {{"spec", {{"podFailurePolicy", kFailOn42}}}}}}}};
  EXPECT_EQ(patch_error("cronjobs", "nightly", patch),
            "CronJob \"nightly\" is invalid: spec.jobTemplate.spec.template.spec.restartPolicy: "
            "Invalid value: \"OnFailure\": only \"Never\" is supported when podFailurePolicy is "
            "specified");
}

TEST_F(ObjectValidationTest, APodFailurePolicyWithRestartPolicyNeverIsAccepted) {
  ASSERT_TRUE(cluster_.put(cron_job("Never")).ok());
  json patch = {{"spec", {{"jobTemplate", {{"spec", {{"podFailurePolicy", kFailOn42}}}}}}}};
  EXPECT_EQ(patch_error("cronjobs", "nightly", patch), "");
}

TEST_F(ObjectValidationTest, ACreatedJobWithAPodFailurePolicyNeedsRestartPolicyNever) {
  json object = job("OnFailure");
  object["spec"]["podFailurePolicy"] = kFailOn42;
  auto created = cluster_.create(*find_resource("batch", "v1", "jobs"), "shop", object);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().message,
            "Job \"etl\" is invalid: spec.template.spec.restartPolicy: Invalid value: "
            "\"OnFailure\": only \"Never\" is supported when podFailurePolicy is specified");
}

TEST_F(ObjectValidationTest, AJobsPodFailurePolicyIsImmutable) {
  ASSERT_TRUE(cluster_.put(job("Never")).ok());
  json patch = {{"spec", {{"podFailurePolicy", kFailOn42}}}};
  EXPECT_EQ(patch_error("jobs", "etl", patch),
            "Job \"etl\" is invalid: spec.podFailurePolicy: Invalid value: "
            "batch.PodFailurePolicy{...}: field is immutable");
}

TEST_F(ObjectValidationTest, AJobsTemplateIsImmutable) {
  ASSERT_TRUE(cluster_.put(job("Never")).ok());
  json patch = {{"spec", {{"template", {{"spec", {{"activeDeadlineSeconds", 60}}}}}}}};
  EXPECT_EQ(patch_error("jobs", "etl", patch),
            "Job \"etl\" is invalid: spec.template: Invalid value: core.PodTemplateSpec{...}: "
            "field is immutable");
}

TEST_F(ObjectValidationTest, AJobsMetadataStillChanges) {
  ASSERT_TRUE(cluster_.put(job("Never")).ok());
  json patch = {{"metadata", {{"labels", {{"team", "data"}}}}}};
  EXPECT_EQ(patch_error("jobs", "etl", patch), "");
}

}  // namespace
}  // namespace kexit::kubesim
