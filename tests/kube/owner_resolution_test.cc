#include "kube/owner_resolution.h"

#include <gtest/gtest.h>

#include <map>

namespace kexit::kube {
namespace {

using nlohmann::json;

// Answers workload reads from a map of "Kind/name" to object (404 for the rest), recording
// what was asked.
class WorkloadReader : public EvidenceReader {
 public:
  std::map<std::string, json> objects;
  int status_for_missing = 404;
  std::vector<std::string> asked;

  Expected<ApiResponse> read_workload(const std::string& namespace_name, const std::string& kind,
                                      const std::string& name) override {
    asked.push_back(namespace_name + ":" + kind + "/" + name);
    ApiResponse response;
    auto found = objects.find(kind + "/" + name);
    response.status = found == objects.end() ? status_for_missing : 200;
    response.body = found == objects.end() ? "{}" : found->second.dump();
    return response;
  }
  bool serves_workloads = true;
  bool reads_workloads() const override { return serves_workloads; }
  Expected<ApiResponse> read_node(const std::string&) override { return Error{"not used", ""}; }
  Expected<ApiResponse> read_events(const std::string&, const std::string&, int) override {
    return Error{"not used", ""};
  }
  Expected<ApiResponse> read_job(const std::string&, const std::string&) override {
    return Error{"not used", ""};
  }
  Expected<PodLog> read_log(const std::string&, const std::string&, const LogOptions&) override {
    return Error{"not used", ""};
  }
};

json object(const std::string& kind, const std::string& name, const json& controller = nullptr,
            const json& labels = json::object()) {
  json metadata = {{"name", name}, {"namespace", "shop"}, {"labels", labels}};
  if (!controller.is_null()) {
    metadata["ownerReferences"] =
        json::array({{{"kind", "Other"}, {"name", "not-the-controller"}},
                     {{"kind", controller[0]}, {"name", controller[1]}, {"controller", true}}});
  }
  return {{"kind", kind}, {"metadata", metadata}};
}

PodFacts pod_owned_by(const std::string& kind, const std::string& name) {
  PodFacts pod;
  pod.namespace_name = "shop";
  pod.name = "api-7c9f8d6b5-x2x7q";
  pod.owner_kind = kind;
  pod.owner_name = name;
  pod.to_diagnose.emplace_back();
  return pod;
}

TEST(OwnerResolution, AReplicaSetLeadsToTheDeploymentItsControllerReferenceNames) {
  WorkloadReader reader;
  reader.objects["ReplicaSet/api-7c9f8d6b5"] =
      object("ReplicaSet", "api-7c9f8d6b5", json::array({"Deployment", "api-v2"}));
  reader.objects["Deployment/api-v2"] = object("Deployment", "api-v2");
  PodFacts pod = pod_owned_by("ReplicaSet", "api-7c9f8d6b5");
  resolve_workload_owner(reader, pod);
  ASSERT_TRUE(pod.workload);
  EXPECT_EQ(pod.workload->reference(), "deployment/api-v2");
  EXPECT_EQ(pod.workload->namespace_name, "shop");
  EXPECT_EQ(reader.asked,
            (std::vector<std::string>{"shop:ReplicaSet/api-7c9f8d6b5", "shop:Deployment/api-v2"}));
}

TEST(OwnerResolution, AReplicaSetThatNoDeploymentControlsIsNoOwnerToFix) {
  WorkloadReader reader;
  // An ownerReference without controller: true does not make the Deployment its controller.
  json replica_set = object("ReplicaSet", "api-7c9f8d6b5");
  replica_set["metadata"]["ownerReferences"] =
      json::array({{{"kind", "Deployment"}, {"name", "api"}}});
  reader.objects["ReplicaSet/api-7c9f8d6b5"] = replica_set;
  PodFacts pod = pod_owned_by("ReplicaSet", "api-7c9f8d6b5");
  resolve_workload_owner(reader, pod);
  EXPECT_FALSE(pod.workload);
  EXPECT_EQ(pod.workload_unresolved, "");
  EXPECT_EQ(reader.asked, (std::vector<std::string>{"shop:ReplicaSet/api-7c9f8d6b5"}));
}

TEST(OwnerResolution, AJobLeadsToItsCronJobWithTheJobTemplatesRestartPolicy) {
  WorkloadReader reader;
  reader.objects["Job/nightly-28455120"] =
      object("Job", "nightly-28455120", json::array({"CronJob", "nightly"}));
  json cron_job = object("CronJob", "nightly");
  cron_job["spec"]["jobTemplate"]["spec"]["template"]["spec"]["restartPolicy"] = "Never";
  reader.objects["CronJob/nightly"] = cron_job;
  PodFacts pod = pod_owned_by("Job", "nightly-28455120");
  resolve_workload_owner(reader, pod);
  ASSERT_TRUE(pod.workload);
  EXPECT_EQ(pod.workload->reference(), "cronjob/nightly");
  EXPECT_EQ(pod.workload->restart_policy, "Never");
}

TEST(OwnerResolution, TheJobTemplatesContainersAndPodFailurePolicyAreRead) {
  WorkloadReader reader;
  reader.objects["Job/nightly-28455120"] =
      object("Job", "nightly-28455120", json::array({"CronJob", "nightly"}));
  json cron_job = object("CronJob", "nightly");
  json& job_spec = cron_job["spec"]["jobTemplate"]["spec"];
  job_spec["podFailurePolicy"] = {{"rules", json::array()}};
  job_spec["template"]["spec"]["containers"] =
      json::array({{{"name", "proxy"}},
                   {{"name", "driver"},
                    {"livenessProbe", {{"periodSeconds", 20}, {"initialDelaySeconds", 5}}}}});
  reader.objects["CronJob/nightly"] = cron_job;
  PodFacts pod = pod_owned_by("Job", "nightly-28455120");
  resolve_workload_owner(reader, pod);
  ASSERT_TRUE(pod.workload);
  EXPECT_TRUE(pod.workload->has_pod_failure_policy);
  std::vector<TemplateContainer> expected = {
      {"proxy", 0, std::nullopt, std::nullopt, "", ""},
      {"driver", 1, TemplateProbe{5, 20, 3}, std::nullopt, "", ""}};
  EXPECT_EQ(pod.workload->containers, expected);
}

TEST(OwnerResolution, AnOwnerThatCannotBeReadIsANoteAndNoOwner) {
  WorkloadReader reader;
  reader.status_for_missing = 403;
  PodFacts pod = pod_owned_by("ReplicaSet", "api-7c9f8d6b5");
  resolve_workload_owner(reader, pod);
  EXPECT_FALSE(pod.workload);
  EXPECT_EQ(pod.workload_unresolved,
            "ReplicaSet api-7c9f8d6b5 could not be read (HTTP 403; needs get replicasets.apps)");
  EXPECT_TRUE(pod.evidence_notes.empty());
}

TEST(OwnerResolution, AnOwnerThatIsGoneSaysSoAndNamesNoPermission) {
  WorkloadReader reader;
  PodFacts pod = pod_owned_by("ReplicaSet", "api-7c9f8d6b5");
  resolve_workload_owner(reader, pod);
  EXPECT_FALSE(pod.workload);
  EXPECT_EQ(pod.workload_unresolved,
            "ReplicaSet api-7c9f8d6b5 is gone (HTTP 404: deleted or garbage-collected since the "
            "pod was made)");
  reader.status_for_missing = 500;
  PodFacts job_pod = pod_owned_by("Job", "nightly-28455120");
  resolve_workload_owner(reader, job_pod);
  EXPECT_EQ(job_pod.workload_unresolved, "Job nightly-28455120 could not be read (HTTP 500)");
}

TEST(OwnerResolution, AnObjectOfTheOwnersNameWithAnotherUidIsNotTheOwner) {
  WorkloadReader reader;
  json job = object("Job", "reindex");
  job["metadata"]["uid"] = "uid-of-the-new-job";
  reader.objects["Job/reindex"] = job;
  PodFacts pod = pod_owned_by("Job", "reindex");
  pod.owner_uid = "uid-of-the-old-job";
  resolve_workload_owner(reader, pod);
  EXPECT_FALSE(pod.workload);
  EXPECT_EQ(pod.workload_unresolved,
            "Job reindex is gone: the one of that name now has uid uid-of-the-new-job, the "
            "pod's reference names uid-of-the-old-job");
  EXPECT_FALSE(owned_by(pod, job));
  pod.owner_uid = "uid-of-the-new-job";
  EXPECT_TRUE(owned_by(pod, job));
  // Without a uid on either side the name is all there is.
  pod.owner_uid = "";
  EXPECT_TRUE(owned_by(pod, job));
}

TEST(OwnerResolution, AnAnswerAlreadyHadForTheControllerIsNotAskedAgain) {
  WorkloadReader reader;
  ApiResponse job;
  job.status = 200;
  job.body = object("Job", "reindex").dump();
  Expected<ApiResponse> had = job;
  PodFacts pod = pod_owned_by("Job", "reindex");
  resolve_workload_owner(reader, pod, &had);
  ASSERT_TRUE(pod.workload);
  EXPECT_EQ(pod.workload->reference(), "job/reindex");
  EXPECT_TRUE(reader.asked.empty());
}

TEST(OwnerResolution, AReaderThatDoesNotReadWorkloadsIsNotAsked) {
  WorkloadReader reader;
  reader.serves_workloads = false;
  PodFacts pod = pod_owned_by("ReplicaSet", "api-7c9f8d6b5");
  resolve_workload_owner(reader, pod);
  EXPECT_FALSE(pod.workload);
  EXPECT_EQ(pod.workload_unresolved, "");
  EXPECT_TRUE(reader.asked.empty());
}

TEST(OwnerResolution, APodWithoutAWorkloadControllerIsLeftAlone) {
  WorkloadReader reader;
  PodFacts pod = pod_owned_by("Node", "node-1");
  resolve_workload_owner(reader, pod);
  EXPECT_FALSE(pod.workload);
  EXPECT_TRUE(reader.asked.empty());
}

TEST(OwnerResolution, TheOwnersGitOpsLabelsAreRead) {
  WorkloadReader reader;
  reader.objects["StatefulSet/db"] =
      object("StatefulSet", "db", nullptr,
             {{"kustomize.toolkit.fluxcd.io/name", "apps"},
              {"kustomize.toolkit.fluxcd.io/namespace", "flux-system"}});
  PodFacts pod = pod_owned_by("StatefulSet", "db");
  resolve_workload_owner(reader, pod);
  ASSERT_TRUE(pod.workload);
  EXPECT_EQ(pod.workload->manager,
            (GitOpsManager{GitOpsTool::kFluxKustomization, "apps", "flux-system"}));
}

}  // namespace
}  // namespace kexit::kube
