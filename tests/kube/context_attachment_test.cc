#include "kube/context_attachment.h"

#include <gtest/gtest.h>

#include "kube/describe_parser.h"
#include "kube/event_attachment.h"

namespace kexit::kube {
namespace {

// What `kubectl get pod,node,job -o yaml` writes for a Job's pod killed at its deadline and an
// evicted pod, with the node under memory pressure.
constexpr const char* kPodsNodeAndJob = R"(apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata:
    name: reindex-7kq2m
    namespace: batch
    ownerReferences: [{kind: Job, name: reindex, controller: true}]
  spec: {nodeName: node-1, restartPolicy: Never, containers: [{name: reindex, image: r:1}]}
  status:
    phase: Failed
    containerStatuses:
    - {name: reindex, state: {terminated: {exitCode: 143, reason: Error}}}
- apiVersion: v1
  kind: Pod
  metadata: {name: web-1, namespace: shop}
  spec: {nodeName: node-1, containers: [{name: web, image: w:1}]}
  status:
    phase: Failed
    reason: Evicted
    message: 'The node was low on resource: memory.'
    containerStatuses:
    - {name: web, state: {terminated: {exitCode: 137, reason: Error}}}
- apiVersion: v1
  kind: Node
  metadata: {name: node-1}
  status:
    conditions:
    - {type: MemoryPressure, status: 'True', reason: KubeletHasInsufficientMemory, message: kubelet has insufficient memory available}
    - {type: Ready, status: 'True', reason: KubeletReady}
- apiVersion: batch/v1
  kind: Job
  metadata: {name: reindex, namespace: batch}
  status:
    conditions:
    - {type: Failed, status: 'True', reason: DeadlineExceeded, message: Job was active longer than specified deadline}
)";

TEST(ContextAttachment, ANodeAndAJobInTheFileGiveTheContextClusterModeReads) {
  auto objects = parse_pod_objects(kPodsNodeAndJob, "all.yaml");
  ASSERT_TRUE(objects.ok()) << objects.error().to_string();
  attach_events(objects->pods, objects->events);
  attach_node_and_job_context(*objects);
  ASSERT_EQ(objects->pods.size(), 2u);
  const PodFacts& job_pod = objects->pods[0];
  EXPECT_EQ(
      job_pod.conditions,
      (std::vector<std::string>{
          "Job Failed=True: DeadlineExceeded: Job was active longer than specified deadline"}));
  // Exit 143 is no node-level termination: the node is not its context.
  EXPECT_TRUE(job_pod.node_conditions.empty());
  const PodFacts& evicted = objects->pods[1];
  EXPECT_EQ(evicted.node_conditions,
            (std::vector<std::string>{"MemoryPressure=True: KubeletHasInsufficientMemory: kubelet "
                                      "has insufficient memory available"}));
  EXPECT_TRUE(evicted.conditions.empty());
}

TEST(ContextAttachment, ANodeOrJobAloneIsNoPodFileError) {
  auto objects = parse_pod_objects(
      "{\"apiVersion\": \"v1\", \"kind\": \"Node\", \"metadata\": {\"name\": \"node-1\"}}",
      "node.json");
  ASSERT_TRUE(objects.ok()) << objects.error().to_string();
  EXPECT_TRUE(objects->pods.empty());
  EXPECT_EQ(objects->node_conditions.at("node-1"), std::vector<std::string>{});
}

// The describe text of a Job's pod lacks the Job's conditions and says so; the Job given next
// to it answers that note.
TEST(ContextAttachment, AJobGivenWithDescribeTextReplacesTheMissingJobNote) {
  auto pods = parse_describe(R"(Name:           reindex-7kq2m
Namespace:      batch
Controlled By:  Job/reindex
Containers:
  reindex:
    State:          Terminated
      Reason:       Error
      Exit Code:    143
    Restart Count:  0
Events:         <none>
)",
                             "pod.txt");
  ASSERT_TRUE(pods.ok()) << pods.error().to_string();
  PodObjects objects;
  objects.pods = std::move(pods).value();
  const std::string missing =
      "the conditions of Job reindex are not in the pod's describe text; kubectl describe job "
      "reindex shows why it failed";
  EXPECT_EQ(std::count(objects.pods[0].evidence_notes.begin(), objects.pods[0].evidence_notes.end(),
                       missing),
            1);
  objects.workloads.push_back(nlohmann::json::parse(R"({"kind": "Job",
      "metadata": {"name": "reindex", "namespace": "batch"},
      "status": {"conditions": [{"type": "Failed", "status": "True",
          "reason": "DeadlineExceeded", "message": "Job was active longer than specified deadline"}]}})"));
  attach_node_and_job_context(objects);
  EXPECT_EQ(std::count(objects.pods[0].evidence_notes.begin(), objects.pods[0].evidence_notes.end(),
                       missing),
            0);
  EXPECT_EQ(
      objects.pods[0].conditions,
      std::vector<std::string>{
          "Job Failed=True: DeadlineExceeded: Job was active longer than specified deadline"});
}

// A Job made again under the same name (kubectl replace, a CI job re-run) is another object:
// the pod's owner reference names its uid, and only that Job's conditions are the pod's.
TEST(ContextAttachment, AJobIsMatchedByTheUidTheOwnerReferenceNames) {
  std::string text = kPodsNodeAndJob;
  text.replace(text.find("{kind: Job, name: reindex, controller: true}"),
               std::string("{kind: Job, name: reindex, controller: true}").size(),
               "{kind: Job, name: reindex, uid: job-uid-1, controller: true}");
  const std::string job_metadata = "metadata: {name: reindex, namespace: batch}";
  text.replace(text.find(job_metadata), job_metadata.size(),
               "metadata: {name: reindex, namespace: batch, uid: job-uid-2}");
  auto objects = parse_pod_objects(text, "all.yaml");
  ASSERT_TRUE(objects.ok()) << objects.error().to_string();
  attach_events(objects->pods, objects->events);
  attach_node_and_job_context(*objects);
  const PodFacts& job_pod = objects->pods[0];
  EXPECT_EQ(job_pod.owner_uid, "job-uid-1");
  EXPECT_TRUE(job_pod.conditions.empty());
  EXPECT_FALSE(job_pod.workload);
  EXPECT_EQ(job_pod.workload_unresolved,
            "Job reindex is gone: the one of that name now has uid job-uid-2, the pod's reference "
            "names job-uid-1");
  // The same uid on both sides: the Job's conditions and the owner, as in cluster mode.
  text.replace(text.find("uid: job-uid-2"), 14, "uid: job-uid-1");
  objects = parse_pod_objects(text, "all.yaml");
  ASSERT_TRUE(objects.ok()) << objects.error().to_string();
  attach_node_and_job_context(*objects);
  EXPECT_EQ(
      objects->pods[0].conditions,
      (std::vector<std::string>{
          "Job Failed=True: DeadlineExceeded: Job was active longer than specified deadline"}));
  ASSERT_TRUE(objects->pods[0].workload);
  EXPECT_EQ(objects->pods[0].workload->reference(), "job/reindex");
}

// What `kubectl get pod,rs,deploy -o yaml` writes: the pod's owner is found through the
// ReplicaSet's controller reference, as cluster mode finds it, so the fixes are the same.
TEST(ContextAttachment, AReplicaSetAndDeploymentInTheFileResolveThePodsOwner) {
  auto objects = parse_pod_objects(R"(apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata:
    name: api-7c9f8d6b5-x2x7q
    namespace: shop
    ownerReferences: [{kind: ReplicaSet, name: api-7c9f8d6b5, uid: rs-1, controller: true}]
  spec: {containers: [{name: api, image: a:1}]}
  status:
    phase: Running
    containerStatuses:
    - {name: api, restartCount: 3, lastState: {terminated: {exitCode: 137, reason: OOMKilled}}}
- apiVersion: apps/v1
  kind: ReplicaSet
  metadata:
    name: api-7c9f8d6b5
    namespace: shop
    uid: rs-1
    ownerReferences: [{kind: Deployment, name: api, uid: deploy-1, controller: true}]
  spec: {template: {spec: {containers: [{name: api, image: a:1}]}}}
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: api
    namespace: shop
    uid: deploy-1
    labels: {app.kubernetes.io/managed-by: Helm}
    annotations: {meta.helm.sh/release-name: shop}
  spec: {template: {spec: {restartPolicy: Always, containers: [{name: api, image: a:1}]}}}
)",
                                   "all.yaml");
  ASSERT_TRUE(objects.ok()) << objects.error().to_string();
  EXPECT_EQ(objects->workloads.size(), 2u);
  attach_node_and_job_context(*objects);
  const PodFacts& pod = objects->pods[0];
  ASSERT_TRUE(pod.workload);
  EXPECT_EQ(pod.workload->reference(), "deployment/api");
  EXPECT_EQ(pod.workload->namespace_name, "shop");
  EXPECT_EQ(pod.workload->restart_policy, "Always");
  EXPECT_EQ(pod.workload->manager, (GitOpsManager{GitOpsTool::kHelm, "shop", ""}));
  EXPECT_EQ(pod.workload_unresolved, "");
}

// A file without the pod's owner says what to save for the fix, instead of a permission.
TEST(ContextAttachment, AnOwnerMissingFromTheFilesSaysWhatToSave) {
  auto objects = parse_pod_objects(kPodsNodeAndJob, "all.yaml");
  ASSERT_TRUE(objects.ok()) << objects.error().to_string();
  objects->workloads.clear();
  attach_node_and_job_context(*objects);
  EXPECT_EQ(objects->pods[0].workload_unresolved,
            "Job reindex could not be read (not in the files; to get its fix, save it with the "
            "pod: kubectl get pod,job -n batch -o yaml)");
  EXPECT_TRUE(objects->pods[0].evidence_notes.empty());
}

}  // namespace
}  // namespace kexit::kube
