// The real kubectl against kubesim over TLS: what kubectl prints must be what it prints
// against a real API server. Runs with the oldest and newest versioned kubectl found next to
// /usr/bin/kubectl's target (kubectl.1.27 ... kubectl.1.33), else plain `kubectl`.

#include <gtest/gtest.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "kubectl_fixture.h"
#include "kubesim/api_server.h"
#include "kubesim/cluster.h"
#include "kubesim/scenario_player.h"
#include "testing/process_runner.h"

namespace kexit::fidelity {
namespace {

using kubesim::ApiServer;
using kubesim::Cluster;
using kubesim::ScenarioPlayer;
using nlohmann::json;
using namespace std::chrono_literals;

std::vector<std::string> words(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream stream(line);
  std::string word;
  while (stream >> word) {
    out.push_back(word);
  }
  return out;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream stream(text);
  std::string line;
  while (std::getline(stream, line)) {
    out.push_back(line);
  }
  return out;
}

const char* const kCrashLoop = R"(
pods:
  - metadata: {name: crashy, namespace: default, labels: {app: crashy}}
    spec:
      containers: [{name: main, image: "busybox:1.36", command: [sh, -c, "exit 1"]}]
    timeline:
      - {at: 0s, create: {}}
      - {at: 1s, start: {log: "starting\nconnecting to db\n"}}
      - {at: 3s, terminate: {exitCode: 1, log: "fatal: connection refused\n"}}
      - {at: 3s, backoff: {}}
      - {at: 13s, restart: {log: "starting\n"}}
)";

class KubectlFidelity : public KubectlAgainstKubesim {
 protected:
  void SetUp() override {
    KubectlAgainstKubesim::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    auto spark = kubesim::load_scenario(std::string(KEXIT_SOURCE_DIR) +
                                        "/examples/scenarios/spark-driver.yaml");
    ASSERT_TRUE(spark.ok());
    auto start = cluster_clock().now() - 1min;
    spark_ = std::make_unique<ScenarioPlayer>(cluster_, std::move(spark).value(), start);
    ASSERT_TRUE(spark_->finish().ok());
    auto crash = kubesim::parse_scenario(kCrashLoop, "crashloop.yaml");
    ASSERT_TRUE(crash.ok());
    crash_ = std::make_unique<ScenarioPlayer>(cluster_, std::move(crash).value(), start);
    ASSERT_TRUE(crash_->advance_to(3s).ok());
  }

  std::unique_ptr<ScenarioPlayer> spark_;
  std::unique_ptr<ScenarioPlayer> crash_;
};

TEST_P(KubectlFidelity, GetPodsAsJson) {
  ProcessResult result = kubectl({"get", "pods", "-o", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  json list = json::parse(result.out);
  EXPECT_EQ(list["kind"], "List");
  ASSERT_EQ(list["items"].size(), 2u);
  const json& crashy = list["items"][0];
  EXPECT_EQ(crashy["kind"], "Pod");
  EXPECT_EQ(crashy["metadata"]["name"], "crashy");
  const json& spark = list["items"][1];
  EXPECT_EQ(spark["metadata"]["labels"]["spark-role"], "driver");
  EXPECT_EQ(spark["status"]["containerStatuses"][0]["state"]["terminated"]["exitCode"], 101);
}

TEST_P(KubectlFidelity, GetPodAsYaml) {
  ProcessResult result = kubectl({"get", "pod", "spark-pi-driver", "-o", "yaml"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("kind: Pod\n"), std::string::npos);
  EXPECT_NE(result.out.find("  name: spark-pi-driver\n"), std::string::npos);
  EXPECT_NE(result.out.find("        exitCode: 101\n"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("        reason: Error\n"), std::string::npos);
  EXPECT_NE(result.out.find("  phase: Failed\n"), std::string::npos);
}

TEST_P(KubectlFidelity, GetPodsPrintsServerSideColumns) {
  ProcessResult result = kubectl({"get", "pods"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::vector<std::string> rows = lines(result.out);
  ASSERT_EQ(rows.size(), 3u) << result.out;
  EXPECT_EQ(words(rows[0]),
            (std::vector<std::string>{"NAME", "READY", "STATUS", "RESTARTS", "AGE"}));
  std::vector<std::string> crashy = words(rows[1]);
  ASSERT_GE(crashy.size(), 4u);
  EXPECT_EQ(crashy[0], "crashy");
  EXPECT_EQ(crashy[1], "0/1");
  EXPECT_EQ(crashy[2], "CrashLoopBackOff");
  EXPECT_EQ(crashy[3], "0");
  std::vector<std::string> spark = words(rows[2]);
  EXPECT_EQ(std::vector<std::string>(spark.begin(), spark.begin() + 4),
            (std::vector<std::string>{"spark-pi-driver", "0/1", "Error", "0"}));

  ProcessResult wide = kubectl({"get", "pods", "-o", "wide", "-l", "spark-role=driver"});
  ASSERT_EQ(wide.exit_code, 0) << wide.err;
  EXPECT_NE(wide.out.find("NOMINATED NODE"), std::string::npos);
  EXPECT_NE(wide.out.find("kubesim-node-1"), std::string::npos);
  EXPECT_EQ(wide.out.find("crashy"), std::string::npos);
}

TEST_P(KubectlFidelity, LogsCurrentAndPrevious) {
  ASSERT_TRUE(crash_->finish().ok());
  ProcessResult previous = kubectl({"logs", "crashy", "--previous"});
  ASSERT_EQ(previous.exit_code, 0) << previous.err;
  EXPECT_EQ(previous.out, "starting\nconnecting to db\nfatal: connection refused\n");
  ProcessResult tail = kubectl({"logs", "crashy", "-p", "--tail=1"});
  EXPECT_EQ(tail.out, "fatal: connection refused\n");
  ProcessResult current = kubectl({"logs", "crashy"});
  EXPECT_EQ(current.out, "starting\n");

  ProcessResult spark = kubectl({"logs", "spark-pi-driver"});
  ASSERT_EQ(spark.exit_code, 0) << spark.err;
  EXPECT_NE(spark.out.find("Error: Failed to load class org.apache.spark.examples.SparkPi."),
            std::string::npos);
  ProcessResult missing = kubectl({"logs", "spark-pi-driver", "--previous"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err,
            "Error from server (BadRequest): previous terminated container "
            "\"spark-kubernetes-driver\" in pod \"spark-pi-driver\" not found\n");
}

TEST_P(KubectlFidelity, LogsFollowUntilTheContainerEnds) {
  ASSERT_TRUE(crash_->advance_to(std::chrono::hours(1)).ok());  // crashy runs again
  auto follow = kubectl_in_background({"logs", "-f", "crashy"});
  ASSERT_TRUE(follow->wait_for_output("starting\n", 60s)) << follow->out();
  ASSERT_TRUE(
      cluster_
          .append_log("default", "crashy", "main", "still going\n", kubesim::LogInstance::Current)
          .ok());
  ASSERT_TRUE(follow->wait_for_output("still going\n", 30s)) << follow->out();
  kubesim::ObjectPtr stored = cluster_.store().get("pods", "default", "crashy");
  ASSERT_TRUE(stored);
  json pod = json::parse(stored->json);
  pod["apiVersion"] = "v1";
  pod["kind"] = "Pod";
  pod["status"]["containerStatuses"][0]["state"] = {
      {"terminated", {{"exitCode", 0}, {"reason", "Completed"}}}};
  ASSERT_TRUE(cluster_.put(pod).ok());
  ProcessResult result = follow->finish(30s);
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "starting\nstill going\n");
}

TEST_P(KubectlFidelity, GetEventsPrintsServerSideColumns) {
  ProcessResult result = kubectl({"get", "events"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::vector<std::string> rows = lines(result.out);
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(words(rows[0]),
            (std::vector<std::string>{"LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"}));
  bool backoff = false;
  for (const auto& row : rows) {
    std::vector<std::string> cells = words(row);
    if (cells.size() > 4 && cells[2] == "BackOff") {
      backoff = true;
      EXPECT_EQ(cells[1], "Warning");
      EXPECT_EQ(cells[3], "pod/crashy");
    }
  }
  EXPECT_TRUE(backoff) << result.out;
  ProcessResult v1 = kubectl({"get", "events.events.k8s.io", "-o", "json"});
  ASSERT_EQ(v1.exit_code, 0) << v1.err;
  EXPECT_EQ(json::parse(v1.out)["items"][0]["apiVersion"], "events.k8s.io/v1");
}

TEST_P(KubectlFidelity, CreateFromFileWithServerSideValidation) {
  std::string file = write("pod.yaml", R"(apiVersion: v1
kind: Pod
metadata:
  name: made
  labels: {app: made}
spec:
  containers:
    - name: web
      image: nginx:1.27
)");
  ProcessResult result = kubectl({"create", "-f", file});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "pod/made created\n");
  kubesim::ObjectPtr stored = cluster_.store().get("pods", "default", "made");
  ASSERT_TRUE(stored);
  json pod = json::parse(stored->json);
  EXPECT_EQ(pod["status"]["phase"], "Pending");
  EXPECT_EQ(pod["metadata"]["labels"]["app"], "made");

  ProcessResult again = kubectl({"create", "-f", file, "--validate=false"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(again.err, "Error from server (AlreadyExists): error when creating \"" + file +
                           "\": pods \"made\" already exists\n");
}

TEST_P(KubectlFidelity, PatchStatusSubresource) {
  ProcessResult result =
      kubectl({"patch", "pod", "spark-pi-driver", "--subresource=status", "--type=merge", "-p",
               R"({"status":{"message":"patched by kubectl"}})"});
  if (result.err.find("unknown flag: --subresource") != std::string::npos) {
    // Debian's kubernetes-client (1.20), the set-up script's fallback, predates the flag.
    GTEST_SKIP() << "this kubectl has no --subresource (added in kubectl 1.24)";
  }
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "pod/spark-pi-driver patched\n");
  json pod = json::parse(cluster_.store().get("pods", "default", "spark-pi-driver")->json);
  EXPECT_EQ(pod["status"]["message"], "patched by kubectl");

  ProcessResult labels = kubectl(
      {"patch", "pod", "spark-pi-driver", "-p", R"({"metadata":{"labels":{"triaged":"yes"}}})"});
  ASSERT_EQ(labels.exit_code, 0) << labels.err;
  pod = json::parse(cluster_.store().get("pods", "default", "spark-pi-driver")->json);
  EXPECT_EQ(pod["metadata"]["labels"]["triaged"], "yes");
}

TEST_P(KubectlFidelity, DeletePod) {
  ProcessResult result = kubectl({"delete", "pod", "crashy"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.rfind("pod \"crashy\" deleted", 0), 0u) << result.out;
  EXPECT_FALSE(cluster_.store().get("pods", "default", "crashy"));
  ProcessResult missing = kubectl({"delete", "pod", "crashy"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err, "Error from server (NotFound): pods \"crashy\" not found\n");
}

TEST_P(KubectlFidelity, WatchPrintsChangesAsTheyHappen) {
  auto watch = kubectl_in_background({"get", "pods", "--watch"});
  ASSERT_TRUE(watch->wait_for_output("spark-pi-driver", 60s)) << watch->out();
  ASSERT_TRUE(server_->watches().wait_for_open_watches(1, 30s));
  ASSERT_TRUE(crash_->finish().ok());  // crashy restarts: Running, 1 restart
  ASSERT_TRUE(watch->wait_for_line("Running", 30s)) << watch->out();
  ProcessResult result = watch->terminate();
  std::vector<std::string> rows = lines(result.out);
  ASSERT_GE(rows.size(), 4u) << result.out;
  EXPECT_EQ(words(rows[0])[0], "NAME");
  // kubectl may print the header again when a watch event carries column definitions, so
  // the last row of the pod is the one to check, not the last line.
  std::vector<std::string> last;
  for (const auto& row : rows) {
    std::vector<std::string> cells = words(row);
    if (!cells.empty() && cells[0] == "crashy") {
      last = cells;
    }
  }
  ASSERT_GE(last.size(), 4u) << result.out;
  EXPECT_EQ(last[0], "crashy");
  EXPECT_EQ(last[1], "1/1");
  EXPECT_EQ(last[2], "Running");
  EXPECT_EQ(last[3], "1");
}

TEST_P(KubectlFidelity, ForbiddenErrorsNameUserVerbAndResource) {
  std::string token = server_->add_token({"alice", {"system:authenticated"}});
  cluster_.access().allow("alice", {{"get"}, {""}, {"pods"}, {"default"}, {}});
  std::string alice = write("alice", server_->kubeconfig(token));
  ProcessResult list = kubectl({"get", "pods"}, alice);
  EXPECT_EQ(list.exit_code, 1);
  EXPECT_EQ(list.err,
            "Error from server (Forbidden): pods is forbidden: User \"alice\" cannot list "
            "resource \"pods\" in API group \"\" in the namespace \"default\"\n");
  ProcessResult logs = kubectl({"logs", "spark-pi-driver"}, alice);
  EXPECT_EQ(logs.exit_code, 1);
  EXPECT_EQ(logs.err,
            "Error from server (Forbidden): pods \"spark-pi-driver\" is forbidden: User "
            "\"alice\" cannot get resource \"pods/log\" in API group \"\" in the namespace "
            "\"default\"\n");
  ProcessResult leases = kubectl({"get", "leases", "-n", "kube-system"}, alice);
  EXPECT_EQ(leases.err,
            "Error from server (Forbidden): leases.coordination.k8s.io is forbidden: User "
            "\"alice\" cannot list resource \"leases\" in API group \"coordination.k8s.io\" in "
            "the namespace \"kube-system\"\n");

  auto bob = server_->client_certificate_kubeconfig({"bob", {"developers"}});
  ASSERT_TRUE(bob.ok());
  ProcessResult by_certificate = kubectl({"get", "pods", "-A"}, write("bob", *bob));
  EXPECT_EQ(by_certificate.err,
            "Error from server (Forbidden): pods is forbidden: User \"bob\" cannot list "
            "resource \"pods\" in API group \"\" at the cluster scope\n");
}

TEST_P(KubectlFidelity, ImpersonationNeedsTheImpersonateVerbThenActsAsTheUser) {
  std::string token = server_->add_token({"bob", {"system:authenticated"}});
  std::string bob = write("bob", server_->kubeconfig(token));
  // Discovery read once without --as and cached, as on a workstation that used the cluster
  // before: an impersonation denied on discovery itself gives kubectl nothing it prints.
  ASSERT_EQ(kubectl({"get", "pods", "-o", "name"}).exit_code, 0);
  ProcessResult refused = kubectl({"get", "pods", "-o", "name", "--as=alice"}, bob);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(refused.err,
            "Error from server (Forbidden): users \"alice\" is forbidden: User \"bob\" cannot "
            "impersonate resource \"users\" in API group \"\" at the cluster scope\n");

  cluster_.access().allow("bob", {{"impersonate"}, {""}, {"users"}, {}, {"alice"}});
  ProcessResult group = kubectl({"get", "pods", "--as=alice", "--as-group=devs"}, bob);
  EXPECT_EQ(group.err,
            "Error from server (Forbidden): groups \"devs\" is forbidden: User \"bob\" cannot "
            "impersonate resource \"groups\" in API group \"\" at the cluster scope\n");
  ProcessResult as_alice = kubectl({"get", "pods", "--as=alice"}, bob);
  EXPECT_EQ(as_alice.err,
            "Error from server (Forbidden): pods is forbidden: User \"alice\" cannot list "
            "resource \"pods\" in API group \"\" in the namespace \"default\"\n");
  cluster_.access().allow("alice", {{"list"}, {""}, {"pods"}, {"default"}, {}});
  ProcessResult listed = kubectl({"get", "pods", "-o", "name", "--as=alice"}, bob);
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(listed.out, "pod/crashy\npod/spark-pi-driver\n");
  ProcessResult uid = kubectl({"get", "pods", "-o", "name", "--as=alice", "--as-uid=1234"}, bob);
  EXPECT_EQ(uid.err,
            "Error from server (Forbidden): uids.authentication.k8s.io \"1234\" is forbidden: "
            "User \"bob\" cannot impersonate resource \"uids\" in API group "
            "\"authentication.k8s.io\" at the cluster scope\n");
}

TEST_P(KubectlFidelity, RevokedTokenMustLogIn) {
  std::string token = server_->add_token({"carol", {}});
  std::string carol = write("carol", server_->kubeconfig(token));
  cluster_.access().revoke_token(token);
  ProcessResult result = kubectl({"get", "pods"}, carol);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("error: You must be logged in to the server"), std::string::npos)
      << result.err;
}

TEST_P(KubectlFidelity, RetriesTooManyRequestsAfterRetryAfter) {
  cluster_.faults().add({"list", "pods", "", "", 429, 1, "", {}, 2});
  ProcessResult result = kubectl({"get", "pods", "-o", "name"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "pod/crashy\npod/spark-pi-driver\n");
}

INSTANTIATE_TEST_SUITE_P(Kubectl, KubectlFidelity, ::testing::ValuesIn(kubectl_binaries()),
                         parameter_name);

}  // namespace
}  // namespace kexit::fidelity
