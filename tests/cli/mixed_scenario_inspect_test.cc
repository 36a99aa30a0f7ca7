// `kexit inspect -A` against kubesim's mixed scenario: every pod, those that never ran and
// those that failed as a whole included, gets the cause its scenario plays, with the kubelet's
// Events as evidence where they decide it. Without the probe Events, a liveness kill inferred
// from the probe spec alone stays at medium confidence and says what was not found.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "kubesim/api_resource.h"
#include "kubesim/api_server.h"
#include "kubesim/cluster.h"
#include "testing/kubesim_fixture.h"
#include "testing/paths.h"
#include "testing/process_runner.h"

namespace kexit {
namespace {

using nlohmann::json;
using testing_support::kexit_binary;
using testing_support::run_command;

const kubesim::PolicyRule kReadAll{{"get", "list"}, {"", "apps", "batch"}, {"*"}, {}, {}};

class MixedScenarioInspect : public testing_support::KubesimFixture {
 protected:
  MixedScenarioInspect()
      : KubesimFixture(kubesim::TimePoint(std::chrono::seconds(1'790'000'000))) {}

  void SetUp() override {
    // Started a minute ago and played to its end, so its Events are fresh.
    play_scenario("examples/scenarios/mixed.yaml", std::chrono::minutes(1));
    KubesimFixture::SetUp();
    kubeconfig_ = kubeconfig_for("sre", kReadAll);
  }

  json inspect_file(const std::string& directory) {
    auto run = run_command(kexit_binary() + " inspect --file " + directory + " -o json");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run.exit_code == 0 ? json::parse(run.out) : json();
  }

  json inspect(const std::string& target) {
    auto run = run_command(kexit_binary() + " inspect " + target + " --kubeconfig " + kubeconfig_ +
                           " -o json");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run.exit_code == 0 ? json::parse(run.out) : json();
  }

  std::string inspect_text(const std::string& target) {
    auto run = run_command(kexit_binary() + " inspect " + target + " --kubeconfig " + kubeconfig_);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run.out;
  }

  // The texts of a diagnosis's fact evidence, in order.
  static std::vector<std::string> facts(const json& diagnosis) {
    std::vector<std::string> texts;
    for (const auto& evidence : diagnosis["evidence"]) {
      if (evidence["kind"] == "fact") {
        texts.push_back(evidence["text"].get<std::string>());
      }
    }
    return texts;
  }

  static bool has_line(const std::string& text, const std::string& line) {
    return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
  }

  static const json* find_pod(const json& report, const std::string& pod) {
    for (const auto& container : report["containers"]) {
      if (container["pod"] == pod) {
        return &container;
      }
    }
    return nullptr;
  }

  std::string kubeconfig_;
};

TEST_F(MixedScenarioInspect, EveryKindOfFailureGetsItsCause) {
  const std::map<std::string, std::pair<std::string, std::string>> expected = {
      // pod -> (state, top cause)
      {"checkout-web-5f4d7c9b8-qv7tn", {"restarted", "liveness-probe-kill"}},
      {"session-gateway-7d4b9c6f8-m3xkp", {"restarted", "liveness-probe-kill"}},
      {"search-indexer-84c6b7d9f-t5vnr", {"restarted", "startup-probe-kill"}},
      {"recommendations-5c9f7b8d6-jx7wq", {"terminated", "evicted"}},
      {"thumbnailer-6f8b7d5c9-q2wzx", {"pod-failed", "evicted"}},
      // Refused by the node's kubelet at admission: no container ever ran.
      {"stock-sync-5d9c7b8f6-g7xkq", {"pod-failed", "node-admission-rejected"}},
      {"data-export-7c5d9f8b4-h6tnw", {"terminated", "deadline-exceeded"}},
      // Only its Job's Failed condition says the deadline killed it.
      {"reindex-catalog-7kq2m", {"terminated", "deadline-exceeded"}},
      {"metrics-proxy-6b8d9f7c5-wq4zn", {"never-started", "image-pull-failure"}},
      {"search-canary-64b9c7d5f-7wz4k", {"never-started", "image-pull-failure"}},
      {"orders-worker-5f7c8d9b6-zr6hn", {"never-started", "container-config-error"}},
      {"report-renderer-6c9d8b7f5-l2kfx", {"terminated", "sigkill-external"}},
      {"payments-api-7d9c8b6f5-m8kzp", {"restarted", "oom-killed"}},
      {"ledger-sync-6c8f9d7b5-2hjwr", {"restarted", "rust-panic"}},
      // Its init container crash-loops; the app container never started.
      {"billing-api-6d8c7b9f4-r7mkx", {"restarted", "connection-refused"}},
      // Its native sidecar, OOM-killed beside a healthy app container.
      {"orders-api-5b8c9d7f6-k3vnp", {"restarted", "oom-killed"}},
  };
  json report = inspect("-A");
  for (const auto& [pod, want] : expected) {
    SCOPED_TRACE(pod);
    const json* container = find_pod(report, pod);
    ASSERT_NE(container, nullptr) << report.dump(1);
    EXPECT_EQ((*container)["state"], want.first);
    EXPECT_EQ((*container)["diagnoses"][0]["cause"], want.second);
  }
}

// Containers that never ran are found however the pods are named: by a label selector, and
// through the workload that owns them, not only by name and with -A.
TEST_F(MixedScenarioInspect, NeverRanContainersAreFoundByLabelSelector) {
  for (const auto& [selector, cause] : std::vector<std::pair<std::string, std::string>>{
           {"-l app=metrics-proxy -n infra", "image-pull-failure"},
           {"-l app=orders-worker -n shop", "container-config-error"}}) {
    SCOPED_TRACE(selector);
    json report = inspect(selector);
    ASSERT_EQ(report["containers"].size(), 1u) << report.dump(1);
    EXPECT_EQ(report["containers"][0]["state"], "never-started");
    EXPECT_EQ(report["containers"][0]["diagnoses"][0]["cause"], cause);
  }
}

TEST_F(MixedScenarioInspect, NeverRanContainersAreFoundThroughTheirDeployment) {
  // The scenario's never-ran pods have no owner: give each a Deployment and its ReplicaSet, as a
  // Deployment's pods are.
  const auto* pods = kubesim::find_resource("", "v1", "pods");
  for (const auto& [name, pod_name, namespace_name] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"metrics-proxy", "metrics-proxy-6b8d9f7c5-wq4zn", "infra"},
           {"orders-worker", "orders-worker-5f7c8d9b6-zr6hn", "shop"}}) {
    const json labels = {{"app", name}};
    const std::string replica_set = pod_name.substr(0, pod_name.rfind('-'));
    put(workload("Deployment", namespace_name, name, labels));
    put(workload("ReplicaSet", namespace_name, replica_set, labels,
                 owner("Deployment", namespace_name, name)));
    auto stored = cluster_.get(*pods, namespace_name, pod_name);
    ASSERT_TRUE(stored.ok()) << pod_name;
    // The store keeps an object without its kind, which put() needs.
    json pod = json::parse((*stored)->json);
    pod["apiVersion"] = "v1";
    pod["kind"] = "Pod";
    pod["metadata"]["ownerReferences"] =
        json::array({owner("ReplicaSet", namespace_name, replica_set)});
    put(pod);
  }
  for (const auto& [target, cause] : std::vector<std::pair<std::string, std::string>>{
           {"deployment/metrics-proxy -n infra", "image-pull-failure"},
           {"deployment/orders-worker -n shop", "container-config-error"}}) {
    SCOPED_TRACE(target);
    json report = inspect(target);
    ASSERT_EQ(report["containers"].size(), 1u) << report.dump(1);
    EXPECT_EQ(report["containers"][0]["state"], "never-started");
    EXPECT_EQ(report["containers"][0]["diagnoses"][0]["cause"], cause);
  }
}

TEST_F(MixedScenarioInspect, TheLivenessKillIsHighWithTheKubeletsEvents) {
  json report = inspect("pod/checkout-web-5f4d7c9b8-qv7tn -n shop");
  const json& top = report["containers"][0]["diagnoses"][0];
  EXPECT_EQ(top["cause"], "liveness-probe-kill");
  EXPECT_EQ(top["level"], "high");
  std::set<std::string> reasons;
  for (const auto& evidence : top["evidence"]) {
    if (evidence["kind"] == "event") {
      reasons.insert(evidence["event"]["reason"].get<std::string>());
      EXPECT_FALSE(evidence["event"]["lastTime"].is_null());
    }
  }
  EXPECT_EQ(reasons, (std::set<std::string>{"Killing", "Unhealthy"}));
}

TEST_F(MixedScenarioInspect, WithoutProbeEventsTheLivenessKillStaysMediumAndSaysSo) {
  kubesim::ListQuery query;
  query.storage = "events";
  query.namespace_name = "shop";
  auto events = cluster_.store().list(query);
  for (const auto& item : events.items) {
    json event = json::parse(item->json);
    if (event["involvedObject"]["name"] == "checkout-web-5f4d7c9b8-qv7tn") {
      ASSERT_TRUE(cluster_.erase(*kubesim::find_resource("", "v1", "events"), "shop",
                                 event["metadata"]["name"].get<std::string>()));
    }
  }
  json report = inspect("pod/checkout-web-5f4d7c9b8-qv7tn -n shop");
  const json& top = report["containers"][0]["diagnoses"][0];
  EXPECT_EQ(top["cause"], "liveness-probe-kill");
  EXPECT_EQ(top["level"], "medium");
  ASSERT_EQ(top["absent"].size(), 1u);
  EXPECT_EQ(top["absent"][0].get<std::string>().rfind("no Killing Event saying a probe failed", 0),
            0u);
}

TEST_F(MixedScenarioInspect, AFailingInitContainerIsReportedAsOneWithTheAppContainerItHoldsBack) {
  json report = inspect("pod/billing-api-6d8c7b9f4-r7mkx -n shop");
  ASSERT_EQ(report["containers"].size(), 1u) << report.dump(1);
  const json& container = report["containers"][0];
  EXPECT_EQ(container["container"], "migrate");
  EXPECT_EQ(container["containerType"], "init");
  EXPECT_EQ(container["waitingReason"], "CrashLoopBackOff");
  auto texts = facts(container["diagnoses"][0]);
  EXPECT_NE(std::find(texts.begin(), texts.end(),
                      "app container api never started: it waits (PodInitializing) until init "
                      "container migrate exits 0"),
            texts.end())
      << container["diagnoses"][0].dump(1);

  std::string text = inspect_text("pod/billing-api-6d8c7b9f4-r7mkx -n shop");
  EXPECT_TRUE(has_line(text,
                       "shop/billing-api-6d8c7b9f4-r7mkx  container migrate (init container)  exit "
                       "1  reason Error  restarts 2  now CrashLoopBackOff"))
      << text;
}

TEST_F(MixedScenarioInspect, ACrashingNativeSidecarIsReportedAsASidecar) {
  json report = inspect("pod/orders-api-5b8c9d7f6-k3vnp -n shop");
  ASSERT_EQ(report["containers"].size(), 1u) << report.dump(1);
  EXPECT_EQ(report["containers"][0]["container"], "log-forwarder");
  EXPECT_EQ(report["containers"][0]["containerType"], "sidecar");
  std::string text = inspect_text("pod/orders-api-5b8c9d7f6-k3vnp -n shop");
  EXPECT_TRUE(has_line(text,
                       "shop/orders-api-5b8c9d7f6-k3vnp  container log-forwarder (sidecar)  exit "
                       "137 (SIGKILL)  reason OOMKilled  restarts 3  now CrashLoopBackOff"))
      << text;
}

TEST_F(MixedScenarioInspect, AnEvictionShowsTheNodesPressureAndNamesTheNode) {
  json report = inspect("pod/recommendations-5c9f7b8d6-jx7wq -n shop");
  ASSERT_EQ(report["containers"].size(), 1u) << report.dump(1);
  const json& top = report["containers"][0]["diagnoses"][0];
  EXPECT_EQ(top["cause"], "evicted");
  auto texts = facts(top);
  EXPECT_NE(std::find(texts.begin(), texts.end(),
                      "node kubesim-node-1 now: MemoryPressure=True: KubeletHasInsufficientMemory: "
                      "kubelet has insufficient memory available"),
            texts.end())
      << top.dump(1);
  EXPECT_EQ(report["containers"][0]["evidenceNotes"], json::array());
  bool names_the_node = false;
  for (const auto& suggestion : top["suggestions"]) {
    const std::string text = suggestion.get<std::string>();
    EXPECT_EQ(text.find(" NODE"), std::string::npos) << text;
    names_the_node = names_the_node || text.find("node kubesim-node-1") != std::string::npos;
  }
  EXPECT_TRUE(names_the_node) << top["suggestions"].dump(1);
}

TEST_F(MixedScenarioInspect, AnAdmissionRejectionQuotesTheKubeletsStatusAndEvent) {
  json report = inspect("pod/stock-sync-5d9c7b8f6-g7xkq -n shop");
  ASSERT_EQ(report["containers"].size(), 1u) << report.dump(1);
  const json& container = report["containers"][0];
  EXPECT_EQ(container["state"], "pod-failed");
  EXPECT_EQ(container["podReason"], "OutOfcpu");
  const json& top = container["diagnoses"][0];
  EXPECT_EQ(top["cause"], "node-admission-rejected");
  EXPECT_EQ(top["rule"], "pod-start.admission-out-of-resource");
  EXPECT_EQ(top["level"], "high");
  auto texts = facts(top);
  EXPECT_NE(std::find(texts.begin(), texts.end(),
                      "pod status message: Pod was rejected: Node didn't have enough resource: "
                      "cpu, requested: 3000, used: 6200, capacity: 8000"),
            texts.end())
      << top.dump(1);
  ASSERT_EQ(container["warningEvents"].size(), 1u) << container.dump(1);
  EXPECT_EQ(container["warningEvents"][0]["reason"], "OutOfcpu");
}

// The eviction's message names the resource, the container's usage and its request or limit:
// it is printed with the diagnosis, in text and JSON, whether the container was left with a
// terminated state (current kubelets) or not (older ones).
TEST_F(MixedScenarioInspect, AnEvictionsMessageIsPrintedWithItsResourceUsageAndLimit) {
  const std::vector<std::pair<std::string, std::string>> evictions = {
      {"recommendations-5c9f7b8d6-jx7wq",
       "The node was low on resource: memory. Threshold quantity: 100Mi, available: 51200Ki. "
       "Container app was using 1071408Ki, request is 256Mi, has larger consumption of memory."},
      {"thumbnailer-6f8b7d5c9-q2wzx",
       "Pod ephemeral local storage usage exceeds the total limit of containers 1Gi."}};
  for (const auto& [pod, message] : evictions) {
    SCOPED_TRACE(pod);
    json report = inspect("pod/" + pod + " -n shop");
    ASSERT_EQ(report["containers"].size(), 1u) << report.dump(1);
    const json& container = report["containers"][0];
    EXPECT_EQ(container["podMessage"], message + " ");
    const json& top = container["diagnoses"][0];
    EXPECT_EQ(top["cause"], "evicted");
    auto texts = facts(top);
    EXPECT_NE(std::find(texts.begin(), texts.end(), "pod status message: " + message), texts.end())
        << top.dump(1);
    std::string text = inspect_text("pod/" + pod + " -n shop");
    EXPECT_NE(text.find("pod status message: " + message + "\n"), std::string::npos) << text;
  }
}

TEST_F(MixedScenarioInspect, WithoutGetNodesTheDiagnosisStandsAndSaysTheNodeContextIsMissing) {
  cluster_.access().clear_rules("sre");
  cluster_.access().allow("sre", {{"get", "list"},
                                  {"", "apps", "batch"},
                                  {"pods", "pods/log", "events", "jobs", "replicasets"},
                                  {},
                                  {}});
  json report = inspect("pod/recommendations-5c9f7b8d6-jx7wq -n shop");
  ASSERT_EQ(report["containers"].size(), 1u) << report.dump(1);
  const json& container = report["containers"][0];
  EXPECT_EQ(container["diagnoses"][0]["cause"], "evicted");
  EXPECT_EQ(container["evidenceNotes"],
            json::array({"node context missing: node kubesim-node-1 could not be read (HTTP 403: "
                         "nodes \"kubesim-node-1\" is forbidden: User \"sre\" cannot get "
                         "resource \"nodes\" in API group \"\" at the cluster scope; needs get "
                         "nodes)"}));
  for (const auto& text : facts(container["diagnoses"][0])) {
    EXPECT_EQ(text.find("MemoryPressure=True"), std::string::npos) << text;
  }
}

TEST_F(MixedScenarioInspect, AFailedJobWithNoPodLeftIsReportedFromItsConditions) {
  json report = inspect("cronjob/orphan-sweeper -n batch");
  EXPECT_EQ(report["containers"], json::array());
  ASSERT_EQ(report["failedJobs"].size(), 1u) << report.dump(1);
  const json& job = report["failedJobs"][0];
  EXPECT_EQ(job["namespace"], "batch");
  EXPECT_EQ(job["name"], "orphan-sweeper-29001600");
  EXPECT_EQ(job["failedPods"], 3);
  EXPECT_EQ(job["conditions"],
            json::array({"FailureTarget=True: BackoffLimitExceeded: Job has reached the specified "
                         "backoff limit",
                         "Failed=True: BackoffLimitExceeded: Job has reached the specified backoff "
                         "limit"}));

  std::string text = inspect_text("job/orphan-sweeper-29001600 -n batch");
  EXPECT_EQ(text.find("no terminated container found"), std::string::npos) << text;
  EXPECT_TRUE(has_line(text, "job batch/orphan-sweeper-29001600  failed")) << text;
  EXPECT_TRUE(has_line(
      text, "    - Failed=True: BackoffLimitExceeded: Job has reached the specified backoff limit"))
      << text;
}

TEST_F(MixedScenarioInspect, AFailedJobsRemainingPodIsDiagnosedWithTheJobsConditionAsEvidence) {
  json report = inspect("job/nightly-report -n batch");
  EXPECT_EQ(report["failedJobs"], json::array());
  ASSERT_EQ(report["containers"].size(), 1u) << report.dump(1);
  auto texts = facts(report["containers"][0]["diagnoses"][0]);
  EXPECT_NE(std::find(texts.begin(), texts.end(),
                      "Job nightly-report: Failed=True: BackoffLimitExceeded: Job has reached the "
                      "specified backoff limit"),
            texts.end())
      << report.dump(1);
}

// A post-mortem a week later reads the save, not the cluster: every pod gets the same report,
// cause, confidence, evidence, notes and log tail included.
TEST_F(MixedScenarioInspect, ASavedInspectionReadsBackToTheSameAnswer) {
  const std::string directory = kubeconfig_ + "-save";
  std::filesystem::remove_all(directory);
  json live = inspect("-A --save " + directory);
  ASSERT_TRUE(std::filesystem::exists(directory + "/manifest.json"));
  // Nothing of the cluster is needed any more.
  server_->stop();
  json saved = inspect_file(directory);
  ASSERT_EQ(saved["containers"].size(), live["containers"].size());
  ASSERT_GE(live["containers"].size(), 13u);
  for (std::size_t i = 0; i < live["containers"].size(); ++i) {
    const json& want = live["containers"][i];
    SCOPED_TRACE(want["pod"].get<std::string>());
    EXPECT_EQ(saved["containers"][i], want);
  }
  std::filesystem::remove_all(directory);
}

}  // namespace
}  // namespace kexit
