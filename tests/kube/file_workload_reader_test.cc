#include "kube/file_workload_reader.h"

#include <gtest/gtest.h>

namespace kexit::kube {
namespace {

using nlohmann::json;

TEST(FileWorkloadReader, KeepsWhatAnOwnerIsResolvedByAndNotItsTemplate) {
  json replica_set = json::parse(R"({"apiVersion": "apps/v1", "kind": "ReplicaSet",
      "metadata": {"name": "api-7c9f8d6b5", "namespace": "shop", "uid": "rs-1",
                   "labels": {"app": "api"}, "resourceVersion": "42",
                   "ownerReferences": [{"kind": "Deployment", "name": "api", "controller": true}]},
      "spec": {"replicas": 3, "template": {"spec": {"restartPolicy": "Always",
               "containers": [{"name": "api", "image": "a:1",
                               "livenessProbe": {"periodSeconds": 5}}]}}},
      "status": {"replicas": 3}})");
  EXPECT_EQ(owner_summary(replica_set), json::parse(R"({"kind": "ReplicaSet",
      "metadata": {"name": "api-7c9f8d6b5", "namespace": "shop", "uid": "rs-1",
                   "labels": {"app": "api"},
                   "ownerReferences": [{"kind": "Deployment", "name": "api", "controller": true}]},
      "spec": {"template": {"spec": {"restartPolicy": "Always",
               "containers": [{"name": "api", "livenessProbe": {"periodSeconds": 5}}]}}}})"));
}

TEST(FileWorkloadReader, ServesTheFilesWorkloadsAsTheApiServerWould) {
  std::vector<json> workloads = {
      json::parse(R"({"kind": "Job", "metadata": {"name": "reindex", "namespace": "batch"}})"),
      json::parse(R"({"kind": "Deployment", "metadata": {"name": "api"}})")};
  FileWorkloadReader reader(workloads);
  auto job = reader.read_job("batch", "reindex");
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->status, 200);
  EXPECT_EQ(json::parse(job->body), workloads[0]);
  // A Job the files lack is as a Job deleted after it finished: no news.
  auto missing_job = reader.read_job("shop", "reindex");
  ASSERT_TRUE(missing_job.ok());
  EXPECT_EQ(missing_job->status, 404);
  // An object without a namespace is in "default", as kubectl applies it.
  auto deployment = reader.read_workload("default", "Deployment", "api");
  ASSERT_TRUE(deployment.ok());
  EXPECT_EQ(deployment->status, 200);
  auto missing = reader.read_workload("shop", "StatefulSet", "db");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message,
            "not in the files; to get its fix, save it with the pod: kubectl get "
            "pod,statefulset -n shop -o yaml");
  EXPECT_TRUE(reader.reads_workloads());
}

TEST(FileWorkloadReader, KnowsTheKindsThatOwnPods) {
  for (const char* kind :
       {"Job", "CronJob", "ReplicaSet", "Deployment", "StatefulSet", "DaemonSet"}) {
    EXPECT_TRUE(is_owner_kind(kind)) << kind;
  }
  EXPECT_FALSE(is_owner_kind("Node"));
  EXPECT_FALSE(is_owner_kind("Service"));
}

}  // namespace
}  // namespace kexit::kube
