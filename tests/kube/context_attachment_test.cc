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
  objects.job_conditions["batch/reindex"] = {
      "Job Failed=True: DeadlineExceeded: Job was active longer than specified deadline"};
  attach_node_and_job_context(objects);
  EXPECT_EQ(std::count(objects.pods[0].evidence_notes.begin(), objects.pods[0].evidence_notes.end(),
                       missing),
            0);
  EXPECT_EQ(objects.pods[0].conditions, objects.job_conditions["batch/reindex"]);
}

}  // namespace
}  // namespace kexit::kube
