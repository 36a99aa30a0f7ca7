// The fixes `kexit inspect` prints, run as printed with the real kubectl against kubesim: the
// --dry-run=server command is accepted and changes nothing, the command changes the owner's
// template as the fix's "changes" says (read back with kubectl get -o jsonpath), and a wrong
// variant (a limit below the request) is rejected by kubesim's validation with the apiserver's
// message. The owner is found through the ReplicaSet's ownerReferences, never from names.

#include <gtest/gtest.h>

#include <sstream>

#include "base/structured_text.h"
#include "kubectl_fixture.h"
#include "testing/process_runner.h"

namespace kexit::fidelity {
namespace {

using nlohmann::json;

class FixCommands : public KubectlAgainstKubesim {
 protected:
  void SetUp() override {
    KubectlAgainstKubesim::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    cluster_.ensure_namespace("shop");
  }

  static json app_container() {
    return {
        {"name", "app"},
        {"image", "registry.example.com/shop/api:2.1"},
        {"resources", {{"limits", {{"memory", "512Mi"}}}, {"requests", {{"memory", "256Mi"}}}}}};
  }

  // Deployment api -> ReplicaSet api-7c9f8d6b5 -> pod api-7c9f8d6b5-x2x7q, OOMKilled.
  void put_oom_killed_deployment(const json& deployment_labels) {
    json deployment = workload("Deployment", "shop", "api", {{"app", "api"}});
    deployment["metadata"]["labels"].update(deployment_labels);
    deployment["spec"]["template"] = {{"metadata", {{"labels", {{"app", "api"}}}}},
                                      {"spec", {{"containers", json::array({app_container()})}}}};
    put(deployment);
    json replica_set = workload("ReplicaSet", "shop", "api-7c9f8d6b5", {{"app", "api"}},
                                owner("Deployment", "shop", "api"));
    replica_set["spec"]["template"] = deployment["spec"]["template"];
    put(replica_set);
    json oom = pod("shop", "api-7c9f8d6b5-x2x7q", {{"app", "api"}},
                   owner("ReplicaSet", "shop", "api-7c9f8d6b5"), Slot::kLastWithoutLog, 137);
    oom["spec"]["containers"] = json::array({app_container()});
    json& status = oom["status"]["containerStatuses"][0];
    status["name"] = "app";
    status["lastState"]["terminated"]["reason"] = "OOMKilled";
    put(oom);
  }

  json inspect_fixes() { return inspect_container()["fixes"]; }

  // The report of the pod's container, from the cluster or, given `file`, from that file.
  json inspect_container(const std::string& file = "") {
    std::vector<std::string> argv = {std::string(KEXIT_BINARY_DIR) + "/kexit", "inspect"};
    if (file.empty()) {
      argv.insert(argv.end(),
                  {"pod/api-7c9f8d6b5-x2x7q", "-n", "shop", "--kubeconfig", kubeconfig_});
    } else {
      argv.insert(argv.end(), {"--file", file});
    }
    argv.insert(argv.end(), {"-o", "json"});
    Process process(argv, environment());
    ProcessResult result = process.finish(std::chrono::seconds(90));
    auto report = parse_json(result.out, "report");
    if (!report.ok()) {
      ADD_FAILURE() << result.out << result.err;
      return json::object();
    }
    return (*report)["containers"][0];
  }

  // A printed command, run with this test's kubectl: the words as a shell would split them
  // (kexit's commands quote nothing).
  ProcessResult run_printed(const std::string& command) {
    std::istringstream words(command);
    std::vector<std::string> args;
    std::string word;
    words >> word;
    EXPECT_EQ(word, "kubectl") << command;
    while (words >> word) {
      args.push_back(word);
    }
    return kubectl(args);
  }

  std::string memory_limit() {
    ProcessResult read = kubectl({"get", "deployment/api", "-n", "shop", "-o",
                                  "jsonpath={.spec.template.spec.containers[0].resources.limits."
                                  "memory}"});
    EXPECT_EQ(read.exit_code, 0) << read.err;
    return read.out;
  }
};

TEST_P(FixCommands, RaisingTheMemoryLimitDryRunsAppliesAndChangesTheDeployment) {
  put_oom_killed_deployment(json::object());
  json fixes = inspect_fixes();
  ASSERT_EQ(fixes.size(), 1u) << fixes.dump(2);
  EXPECT_EQ(fixes[0]["kind"], "raise-memory-limit");
  EXPECT_EQ(fixes[0]["target"], "deployment/api");
  EXPECT_EQ(fixes[0]["dryRunCommand"],
            "kubectl set resources deployment/api -n shop -c app --limits=memory=768Mi "
            "--dry-run=server");
  EXPECT_EQ(fixes[0]["command"],
            "kubectl set resources deployment/api -n shop -c app --limits=memory=768Mi");
  EXPECT_EQ(fixes[0]["manifest"], nullptr);
  EXPECT_EQ(fixes[0]["changes"],
            "sets spec.template.spec.containers[app].resources.limits.memory of deployment/api "
            "from 512Mi to 768Mi (a heuristic: the current limit x 1.5, since no measured peak "
            "usage was available)");

  ProcessResult dry_run = run_printed(fixes[0]["dryRunCommand"]);
  EXPECT_EQ(dry_run.exit_code, 0) << dry_run.err;
  EXPECT_EQ(dry_run.out, "deployment.apps/api resource requirements updated (server dry run)\n");
  EXPECT_EQ(memory_limit(), "512Mi");

  ProcessResult applied = run_printed(fixes[0]["command"]);
  EXPECT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_EQ(memory_limit(), "768Mi");
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
  json fixes = inspect_fixes();
  ASSERT_EQ(fixes.size(), 1u) << fixes.dump(2);
  EXPECT_EQ(fixes[0]["command"], nullptr);
  EXPECT_EQ(fixes[0]["dryRunCommand"], nullptr);
  EXPECT_EQ(fixes[0]["manifest"],
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\n"
            "spec:\n  template:\n    spec:\n      containers:\n        - name: app\n"
            "          resources:\n            limits:\n              memory: 768Mi\n");
  EXPECT_EQ(fixes[0]["changes"],
            "sets spec.template.spec.containers[app].resources.limits.memory of deployment/api "
            "from 512Mi to 768Mi (a heuristic: the current limit x 1.5, since no measured peak "
            "usage was available); deployment/api is managed by Argo CD shop-api, which would "
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
  json live = inspect_fixes();
  ASSERT_EQ(live.size(), 1u) << live.dump(2);
  ProcessResult saved = kubectl({"get", "pod,rs,deploy", "-n", "shop", "-o", "yaml"});
  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  json offline = inspect_container(write("post-mortem.yaml", saved.out))["fixes"];
  EXPECT_EQ(offline, live);
  // The pod alone: no fix, and the note says what to save for one.
  ProcessResult pod_only = kubectl({"get", "pod", "-n", "shop", "-o", "yaml"});
  ASSERT_EQ(pod_only.exit_code, 0) << pod_only.err;
  json alone = inspect_container(write("pod.yaml", pod_only.out));
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
  json container = inspect_container();
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
