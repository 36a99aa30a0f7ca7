// `kexit inspect pod/NAME` against kubesim over TLS, with each way of authenticating, must give
// the same diagnosis as offline inspection of the same pod and log.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "testing/kubesim_fixture.h"
#include "testing/paths.h"
#include "testing/process_runner.h"

namespace kexit {
namespace {

using nlohmann::json;
using testing_support::kexit_binary;
using testing_support::run_command;

class ClusterInspect : public testing_support::KubesimFixture {
 protected:
  void SetUp() override {
    play_scenario("examples/scenarios/spark-driver.yaml");
    KubesimFixture::SetUp();
  }

  std::string write(const std::string& name, const std::string& text, bool executable = false) {
    return directory_.write(name, text, executable);
  }

  json inspect_cluster(const std::string& kubeconfig_text) {
    std::string kubeconfig = write("kubeconfig", kubeconfig_text);
    auto run = run_command(kexit_binary() + " inspect pod/spark-pi-driver --kubeconfig " +
                           kubeconfig + " -o json");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run.exit_code == 0 ? json::parse(run.out) : json();
  }

  // The same pod and log, saved as a user would with kubectl, inspected offline.
  json inspect_offline() {
    auto stored = cluster_.store().get("pods", "default", "spark-pi-driver");
    EXPECT_TRUE(stored);
    json pod = json::parse(stored->json);
    std::string container_id =
        pod["status"]["containerStatuses"][0]["state"]["terminated"]["containerID"];
    std::string pod_file = write("pod.json", pod.dump());
    std::string log_file = write("driver.log", cluster_.logs().text(container_id));
    auto run = run_command(kexit_binary() + " inspect --file " + pod_file +
                           " --logs spark-kubernetes-driver=" + log_file + " -o json");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return json::parse(run.out);
  }

  void expect_same_diagnosis(const json& cluster) {
    json offline = inspect_offline();
    ASSERT_EQ(cluster["containers"].size(), 1u) << cluster.dump(2);
    const json& live = cluster["containers"][0];
    const json& saved = offline["containers"][0];
    EXPECT_EQ(live["diagnoses"][0]["cause"], "spark-class-not-found");
    EXPECT_EQ(live["diagnoses"], saved["diagnoses"]);
    EXPECT_EQ(live["exitCode"], saved["exitCode"]);
    EXPECT_EQ(live["log"]["source"], saved["log"]["source"]);
    EXPECT_EQ(live["log"]["lines"], saved["log"]["lines"]);
  }
};

const kubesim::PolicyRule kReadPods{{"get", "list"}, {""}, {"pods", "pods/log"}, {}, {}};

TEST_F(ClusterInspect, BearerTokenGivesTheOfflineDiagnosis) {
  std::string token = server_->add_token({"carol", {}});
  cluster_.access().allow("carol", kReadPods);
  expect_same_diagnosis(inspect_cluster(server_->kubeconfig(token)));
}

TEST_F(ClusterInspect, ClientCertificateGivesTheOfflineDiagnosis) {
  cluster_.access().allow("alice", kReadPods);
  auto kubeconfig = server_->client_certificate_kubeconfig({"alice", {"dev"}});
  ASSERT_TRUE(kubeconfig) << kubeconfig.error().to_string();
  expect_same_diagnosis(inspect_cluster(*kubeconfig));
}

TEST_F(ClusterInspect, ExecPluginGivesTheOfflineDiagnosis) {
  std::string token = server_->add_token({"bob", {}});
  cluster_.access().allow("bob", kReadPods);
  std::string plugin = write("get-token",
                             "#!/bin/sh\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1\","
                             "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"" +
                                 token + "\"}}'\n",
                             true);
  std::string kubeconfig = server_->kubeconfig("replaced-by-the-plugin");
  std::size_t at = kubeconfig.find("token: ");
  ASSERT_NE(at, std::string::npos);
  std::size_t line_start = kubeconfig.rfind('\n', at) + 1;
  std::size_t line_end = kubeconfig.find('\n', at);
  std::string indent = kubeconfig.substr(line_start, at - line_start);
  std::string exec = indent + "exec:\n" + indent +
                     "  apiVersion: client.authentication.k8s.io/v1\n" + indent +
                     "  command: " + plugin + "\n" + indent + "  interactiveMode: Never\n";
  kubeconfig = kubeconfig.substr(0, line_start) + exec + kubeconfig.substr(line_end + 1);
  expect_same_diagnosis(inspect_cluster(kubeconfig));
}

TEST_F(ClusterInspect, MissingPermissionIsAClusterErrorThatNamesIt) {
  std::string token = server_->add_token({"dave", {}});
  std::string kubeconfig = write("kubeconfig", server_->kubeconfig(token));
  auto run =
      run_command(kexit_binary() + " inspect pod/spark-pi-driver --kubeconfig " + kubeconfig);
  EXPECT_EQ(run.exit_code, 6);
  EXPECT_NE(run.err.find("\"get\""), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("pods"), std::string::npos) << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
}

// What does not exist is the user's to fix, not the cluster's: its own status, 7.
TEST_F(ClusterInspect, APodOrWorkloadThatDoesNotExistHasItsOwnStatus) {
  std::string token = server_->add_token({"frank", {}});
  cluster_.access().allow("frank",
                          {{"get", "list"}, {"", "apps"}, {"pods", "deployments"}, {}, {}});
  std::string kubeconfig = write("kubeconfig", server_->kubeconfig(token));
  auto pod = run_command(kexit_binary() + " inspect pod/nope --kubeconfig " + kubeconfig);
  EXPECT_EQ(pod.exit_code, 7);
  EXPECT_EQ(pod.err,
            "kexit: pods \"nope\" not found in namespace \"default\"; check the name and the "
            "namespace (-n)\n");
  auto deployment =
      run_command(kexit_binary() + " inspect deployment/nope --kubeconfig " + kubeconfig);
  EXPECT_EQ(deployment.exit_code, 7);
  EXPECT_EQ(deployment.err,
            "kexit: deployments.apps \"nope\" not found in namespace \"default\"; check the name "
            "and the namespace (-n)\n");
}

TEST_F(ClusterInspect, ASelectorTheServerCannotParseIsAUsageError) {
  std::string token = server_->add_token({"grace", {}});
  cluster_.access().allow("grace", kReadPods);
  std::string kubeconfig = write("kubeconfig", server_->kubeconfig(token));
  auto run = run_command(kexit_binary() + " inspect -l 'app in (a' --kubeconfig " + kubeconfig);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err,
            "kexit: bad request: unable to parse requirement: found '', expected: ',' or ')' in "
            "label selector \"app in (a\"\n"
            "kexit: the label selector \"app in (a\" was rejected; write it as kubectl's -l takes "
            "it (app=web,tier in (a,b))\n");
}

// Without pods/log the report rests on the termination message and Events: stderr says so
// and why, where a script's log keeps it; the diagnosis still comes out.
TEST_F(ClusterInspect, AForbiddenLogSaysOnStderrThatTheDiagnosisIsDegraded) {
  std::string token = server_->add_token({"heidi", {}});
  cluster_.access().allow("heidi", {{"get", "list"}, {""}, {"pods"}, {}, {}});
  std::string kubeconfig = write("kubeconfig", server_->kubeconfig(token));
  auto run = run_command(kexit_binary() + " inspect pod/spark-pi-driver -o json --kubeconfig " +
                         kubeconfig);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err,
            "kexit: warning: the diagnosis of pod default/spark-pi-driver container "
            "spark-kubernetes-driver is degraded, its log was not read: could not fetch the "
            "current log (forbidden: cannot get pods/log \"spark-pi-driver\" in namespace "
            "\"default\"; the RBAC role needs verb \"get\" on resource \"pods/log\"; the request "
            "was made as User \"heidi\"), and the container left no termination message\n");
  auto report = json::parse(run.out);
  ASSERT_EQ(report["containers"].size(), 1u);
  EXPECT_EQ(report["containers"][0]["log"]["source"], "none");
}

}  // namespace
}  // namespace kexit
