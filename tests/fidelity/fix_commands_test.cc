// The fixes `kexit inspect` prints, run as printed with the real kubectl against kubesim: the
// --dry-run=server command is accepted and changes nothing, the command changes the owner's
// template as the fix's "changes" says (read back with kubectl get -o jsonpath), and a wrong
// variant (a limit below the request) is rejected by kubesim's validation with the apiserver's
// message. The owner is found through the ReplicaSet's ownerReferences, never from names.

#include <gtest/gtest.h>

#include "fix_fixture.h"

namespace kexit::fidelity {
namespace {

using nlohmann::json;

class FixCommands : public FixesAgainstKubesim {
 protected:
  static json app_container(const std::string& request = "256Mi") {
    return {
        {"name", "app"},
        {"image", "registry.example.com/shop/api:2.1"},
        {"resources", {{"limits", {{"memory", "512Mi"}}}, {"requests", {{"memory", request}}}}}};
  }

  // Deployment api -> ReplicaSet api-7c9f8d6b5 -> pod api-7c9f8d6b5-x2x7q, OOMKilled; the
  // container's memory request is `request`, its limit 512Mi.
  void put_oom_killed_deployment(const json& deployment_labels,
                                 const std::string& request = "256Mi") {
    json deployment = workload("Deployment", "shop", "api", {{"app", "api"}});
    deployment["metadata"]["labels"].update(deployment_labels);
    deployment["spec"]["template"] = {
        {"metadata", {{"labels", {{"app", "api"}}}}},
        {"spec", {{"containers", json::array({app_container(request)})}}}};
    put(deployment);
    json replica_set = workload("ReplicaSet", "shop", "api-7c9f8d6b5", {{"app", "api"}},
                                owner("Deployment", "shop", "api"));
    replica_set["spec"]["template"] = deployment["spec"]["template"];
    put(replica_set);
    json oom = pod("shop", kPod, {{"app", "api"}}, owner("ReplicaSet", "shop", "api-7c9f8d6b5"),
                   Slot::kLastWithoutLog, 137);
    oom["spec"]["containers"] = json::array({app_container(request)});
    json& status = oom["status"]["containerStatuses"][0];
    status["name"] = "app";
    status["lastState"]["terminated"]["reason"] = "OOMKilled";
    put(oom);
  }

  static constexpr const char* kPod = "api-7c9f8d6b5-x2x7q";
  static constexpr const char* kResources = ".spec.template.spec.containers[0].resources";

  std::string memory_limit() {
    return read("deployment/api", std::string(kResources) + ".limits.memory");
  }
  std::string memory_request() {
    return read("deployment/api", std::string(kResources) + ".requests.memory");
  }
};

TEST_P(FixCommands, RaisingTheMemoryLimitDryRunsAppliesAndChangesTheDeployment) {
  put_oom_killed_deployment(json::object());
  json fixes = inspect_fixes(kPod);
  ASSERT_EQ(fixes.size(), 1u) << fixes.dump(2);
  EXPECT_EQ(fixes[0]["kind"], "raise-memory-limit");
  EXPECT_EQ(fixes[0]["target"], "deployment/api");
  const std::string command =
      "kubectl set resources deployment/api -n shop -c app --limits=memory=768Mi "
      "--requests=memory=256Mi";
  EXPECT_EQ(fixes[0]["dryRunCommand"], command + " --dry-run=server");
  EXPECT_EQ(fixes[0]["command"], command);
  EXPECT_EQ(fixes[0]["manifest"], nullptr);
  EXPECT_EQ(fixes[0]["changes"],
            "sets spec.template.spec.containers[app].resources.limits.memory of deployment/api "
            "from 512Mi to 768Mi (a heuristic: the current limit x 1.5, since no measured peak "
            "usage was available) and spec.template.spec.containers[app].resources.requests."
            "memory to 256Mi (the request as it is, set with the limit so that the limit is never "
            "below it)");

  ProcessResult dry_run = paste(fixes[0]["dryRunCommand"]);
  EXPECT_EQ(dry_run.exit_code, 0) << dry_run.err;
  EXPECT_EQ(dry_run.out, "deployment.apps/api resource requirements updated (server dry run)\n");
  EXPECT_EQ(memory_limit(), "512Mi");

  ProcessResult applied = paste(fixes[0]["command"]);
  EXPECT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_EQ(memory_limit(), "768Mi");
  EXPECT_EQ(memory_request(), "256Mi");
}

// A request equal to the limit (QoS class Guaranteed) rises with it: both are set, the server
// accepts the pair, and both read back changed.
TEST_P(FixCommands, ARequestEqualToTheLimitIsRaisedWithIt) {
  put_oom_killed_deployment(json::object(), "512Mi");
  json fixes = inspect_fixes(kPod);
  ASSERT_EQ(fixes.size(), 1u) << fixes.dump(2);
  EXPECT_EQ(fixes[0]["command"],
            "kubectl set resources deployment/api -n shop -c app --limits=memory=768Mi "
            "--requests=memory=768Mi");
  ProcessResult dry_run = paste(fixes[0]["dryRunCommand"]);
  EXPECT_EQ(dry_run.exit_code, 0) << dry_run.err;
  EXPECT_EQ(memory_request(), "512Mi");
  ProcessResult applied = paste(fixes[0]["command"]);
  EXPECT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_EQ(memory_limit(), "768Mi");
  EXPECT_EQ(memory_request(), "768Mi");
}

TEST_P(FixCommands, ALimitBelowTheRequestIsRejectedByKubesim) {
  put_oom_killed_deployment(json::object());
  ProcessResult wrong = kubectl({"set", "resources", "deployment/api", "-n", "shop", "-c", "app",
                                 "--limits=memory=128Mi", "--dry-run=server"});
  EXPECT_NE(wrong.exit_code, 0);
  // kubectl set resources wraps the server's Invalid message in its own words.
  EXPECT_EQ(wrong.err,
            "error: failed to patch resources update to pod template Deployment \"api\" is "
            "invalid: spec.template.spec.containers[0].resources."
            "requests[memory]: Invalid value: \"256Mi\": must be less than or equal to memory "
            "limit of 128Mi\n");
  EXPECT_EQ(memory_limit(), "512Mi");
}

TEST_P(FixCommands, AnArgoCdOwnerGetsThePatchForItsRepositoryAndThePatchApplies) {
  put_oom_killed_deployment({{"argocd.argoproj.io/instance", "shop-api"}});
  json fixes = inspect_fixes(kPod);
  ASSERT_EQ(fixes.size(), 1u) << fixes.dump(2);
  EXPECT_EQ(fixes[0]["command"], nullptr);
  EXPECT_EQ(fixes[0]["dryRunCommand"], nullptr);
  EXPECT_EQ(fixes[0]["manifest"],
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\n"
            "spec:\n  template:\n    spec:\n      containers:\n        - name: app\n"
            "          resources:\n            limits:\n              memory: 768Mi\n"
            "            requests:\n              memory: 256Mi\n");
  EXPECT_EQ(fixes[0]["changes"],
            "sets spec.template.spec.containers[app].resources.limits.memory of deployment/api "
            "from 512Mi to 768Mi (a heuristic: the current limit x 1.5, since no measured peak "
            "usage was available) and spec.template.spec.containers[app].resources.requests."
            "memory to 256Mi (the request as it is, set with the limit so that the limit is never "
            "below it); deployment/api is managed by Argo CD shop-api, which would "
            "undo a kubectl change at its next sync: change the chart or repository instead");
  // The patch is what the repository's kustomization would apply: check it as the server would.
  std::string patch = write("patch.yaml", fixes[0]["manifest"].get<std::string>());
  ProcessResult dry_run =
      kubectl({"patch", "deployment/api", "-n", "shop", "--patch-file", patch, "--dry-run=server"});
  EXPECT_EQ(dry_run.exit_code, 0) << dry_run.err;
  EXPECT_EQ(memory_limit(), "512Mi");
}

// An offline post-mortem of what kubectl writes for the pod and its owners gives the fixes
// cluster mode gives: the owner is found through the file's ReplicaSet, as through the
// cluster's.
TEST_P(FixCommands, APodFileWithItsReplicaSetAndDeploymentGivesTheSameFixesOffline) {
  put_oom_killed_deployment({{"argocd.argoproj.io/instance", "shop-api"}});
  json live = inspect_fixes(kPod);
  ASSERT_EQ(live.size(), 1u) << live.dump(2);
  ProcessResult saved = kubectl({"get", "pod,rs,deploy", "-n", "shop", "-o", "yaml"});
  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  json offline = inspect_container(kPod, write("post-mortem.yaml", saved.out))["fixes"];
  EXPECT_EQ(offline, live);
  // The pod alone: no fix, and the note says what to save for one.
  ProcessResult pod_only = kubectl({"get", "pod", "-n", "shop", "-o", "yaml"});
  ASSERT_EQ(pod_only.exit_code, 0) << pod_only.err;
  json alone = inspect_container(kPod, write("pod.yaml", pod_only.out));
  EXPECT_EQ(alone["fixes"], json::array());
  EXPECT_EQ(alone["evidenceNotes"],
            json::array({"no fix: ReplicaSet api-7c9f8d6b5 could not be read (not in the files; "
                         "to get its fix, save it with the pod: kubectl get pod,replicaset -n "
                         "shop -o yaml)"}));
}

// A ReplicaSet past the Deployment's revisionHistoryLimit is garbage-collected: its pod is left
// without an owner to fix, which is no permission problem.
TEST_P(FixCommands, AnOwnerThatIsGoneSaysSoInsteadOfAPermission) {
  put_oom_killed_deployment(json::object());
  ProcessResult deleted =
      kubectl({"delete", "replicaset/api-7c9f8d6b5", "-n", "shop", "--cascade=orphan"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  json container = inspect_container(kPod);
  EXPECT_EQ(container["fixes"], json::array());
  // The notes before it say the pod's Events have expired, by the wall clock's age.
  ASSERT_FALSE(container["evidenceNotes"].empty()) << container.dump(2);
  EXPECT_EQ(container["evidenceNotes"].back(),
            "no fix: ReplicaSet api-7c9f8d6b5 is gone (HTTP 404: deleted or garbage-collected "
            "since the pod was made)");
}

INSTANTIATE_TEST_SUITE_P(Kubectl, FixCommands, ::testing::ValuesIn(kubectl_binaries()),
                         parameter_name);

}  // namespace
}  // namespace kexit::fidelity
