#include "kubesim/scenario_player.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "base/file_reading.h"
#include "kubesim/kube_time.h"
#include "kubesim/pod_log_reader.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

const TimePoint kStart = *parse_time("2024-05-01T12:00:00Z");

json pod_of(Cluster& cluster, const std::string& namespace_name, const std::string& name) {
  ObjectPtr stored = cluster.store().get("pods", namespace_name, name);
  return stored ? json::parse(stored->json) : json();
}

std::string log_of(Cluster& cluster, const json& pod, const std::string& container, bool previous) {
  PodLogOptions options;
  options.container = container;
  options.previous = previous;
  auto text = read_pod_log(pod, cluster.logs(), options, kStart);
  return text ? *text : "error: " + text.error().message;
}

// The Events about one object with this reason, as stored.
std::vector<json> events_about(Cluster& cluster, const std::string& namespace_name,
                               const std::string& name, const std::string& reason) {
  ListQuery query;
  query.storage = "events";
  query.namespace_name = namespace_name;
  std::vector<json> found;
  for (const auto& item : cluster.store().list(query).items) {
    json event = json::parse(item->json);
    if (event["involvedObject"].value("name", "") == name && event["reason"] == reason) {
      found.push_back(event);
    }
  }
  return found;
}

json condition_of(const json& object, const std::string& type) {
  for (const auto& condition : object["status"].value("conditions", json::array())) {
    if (condition["type"] == type) {
      return condition;
    }
  }
  return json();
}

Scenario load(const std::string& relative) {
  auto scenario = load_scenario(std::string(KEXIT_SOURCE_DIR) + "/" + relative);
  EXPECT_TRUE(scenario.ok()) << (scenario.ok() ? "" : scenario.error().to_string());
  return scenario.ok() ? std::move(scenario).value() : Scenario{};
}

TEST(ScenarioPlayer, SparkDriverFailsWithExitCode101AndItsLog) {
  ManualClock clock(kStart);
  Cluster cluster(clock);
  ScenarioPlayer player(cluster, load("examples/scenarios/spark-driver.yaml"), kStart);
  ASSERT_TRUE(player.advance_to(0ms).ok());
  json pod = pod_of(cluster, "default", "spark-pi-driver");
  ASSERT_TRUE(pod.is_object());
  EXPECT_EQ(pod["status"]["phase"], "Pending");
  EXPECT_EQ(pod["metadata"]["labels"]["spark-role"], "driver");
  EXPECT_EQ(pod["metadata"]["creationTimestamp"], "2024-05-01T12:00:00Z");

  ASSERT_TRUE(player.advance_to(2s).ok());
  pod = pod_of(cluster, "default", "spark-pi-driver");
  EXPECT_EQ(pod["status"]["phase"], "Running");

  ASSERT_TRUE(player.advance_to(10s).ok());
  EXPECT_TRUE(player.finished());
  pod = pod_of(cluster, "default", "spark-pi-driver");
  EXPECT_EQ(pod["status"]["phase"], "Failed");
  const json& status = pod["status"]["containerStatuses"][0];
  EXPECT_EQ(status["name"], "spark-kubernetes-driver");
  EXPECT_EQ(status["image"], "newfrontdocker/spark:v3.0.1-j14");
  EXPECT_EQ(status["state"]["terminated"]["exitCode"], 101);
  EXPECT_EQ(status["state"]["terminated"]["reason"], "Error");
  EXPECT_EQ(status["state"]["terminated"]["finishedAt"], "2024-05-01T12:00:05Z");
  std::string log = log_of(cluster, pod, "spark-kubernetes-driver", false);
  EXPECT_NE(log.find("WARN DependencyUtils: Local jar "
                     "/opt/spark/examples/jars/spark-examples_2.12-3.0.1.jar does not exist, "
                     "skipping."),
            std::string::npos);
  EXPECT_NE(log.find("Error: Failed to load class org.apache.spark.examples.SparkPi."),
            std::string::npos);
  EXPECT_EQ(log_of(cluster, pod, "spark-kubernetes-driver", true),
            "error: previous terminated container \"spark-kubernetes-driver\" in pod "
            "\"spark-pi-driver\" not found");
}

TEST(ScenarioPlayer, CrashLoopKeepsTheDeadInstanceAsLastState) {
  const char* text = R"(
pods:
  - metadata: {name: api, namespace: shop}
    spec:
      containers:
        - {name: app, image: shop/api:1.2}
    timeline:
      - {at: 0s, create: {}}
      - {at: 1s, start: {log: "starting\n"}}
      - at: 3s
        terminate: {exitCode: 137, reason: OOMKilled, log: "allocating\n"}
      - {at: 3s, backoff: {}}
      - {at: 13s, restart: {log: "starting again\n"}}
      - {at: 20s, terminate: {exitCode: 137, reason: OOMKilled}}
      - {at: 20s, backoff: {restartCount: 4}}
)";
  auto scenario = parse_scenario(text, "inline.yaml");
  ASSERT_TRUE(scenario.ok()) << scenario.error().to_string();
  ManualClock clock(kStart);
  Cluster cluster(clock);
  ScenarioPlayer player(cluster, std::move(scenario).value(), kStart);

  ASSERT_TRUE(player.advance_to(3s).ok());
  json pod = pod_of(cluster, "shop", "api");
  const json* status = &pod["status"]["containerStatuses"][0];
  EXPECT_EQ((*status)["state"]["waiting"]["reason"], "CrashLoopBackOff");
  EXPECT_EQ((*status)["lastState"]["terminated"]["reason"], "OOMKilled");
  EXPECT_EQ(pod["status"]["phase"], "Running");
  EXPECT_EQ(log_of(cluster, pod, "app", true), "starting\nallocating\n");

  ASSERT_TRUE(player.advance_by(10s).ok());
  pod = pod_of(cluster, "shop", "api");
  status = &pod["status"]["containerStatuses"][0];
  EXPECT_EQ((*status)["restartCount"], 1);
  EXPECT_TRUE((*status)["state"].contains("running"));
  EXPECT_EQ(log_of(cluster, pod, "app", false), "starting again\n");
  EXPECT_EQ(log_of(cluster, pod, "app", true), "starting\nallocating\n");

  ASSERT_TRUE(player.finish().ok());
  pod = pod_of(cluster, "shop", "api");
  status = &pod["status"]["containerStatuses"][0];
  EXPECT_EQ((*status)["restartCount"], 4);
  EXPECT_EQ((*status)["state"]["waiting"]["message"],
            "back-off 2m40s restarting failed container=app pod=api_shop(" +
                pod["metadata"]["uid"].get<std::string>() + ")");
  EXPECT_EQ(log_of(cluster, pod, "app", true), "starting again\n");

  ListQuery events;
  events.storage = "events";
  events.namespace_name = "shop";
  // The kubelet's recorder counts the repeated BackOff on the first Event.
  std::vector<json> backoffs;
  for (const auto& event : cluster.store().list(events).items) {
    json parsed = json::parse(event->json);
    if (parsed["reason"] == "BackOff") {
      backoffs.push_back(parsed);
    }
  }
  ASSERT_EQ(backoffs.size(), 1u);
  EXPECT_EQ(backoffs[0]["count"], 2);
  EXPECT_EQ(backoffs[0]["firstTimestamp"], "2024-05-01T12:00:03Z");
  EXPECT_EQ(backoffs[0]["lastTimestamp"], "2024-05-01T12:00:20Z");
}

TEST(ScenarioPlayer, MixedScenarioEndsWithEveryPodFailingItsOwnWay) {
  ManualClock clock(kStart);
  Cluster cluster(clock);
  ScenarioPlayer player(cluster, load("examples/scenarios/mixed.yaml"), kStart);
  ASSERT_TRUE(player.finish().ok());
  struct Expected {
    const char* namespace_name;
    const char* name;
    int exit_code;  // of the last termination (state or lastState); -1 for none
    const char* reason;
  };
  const Expected expected[] = {
      {"shop", "payments-api-7d9c8b6f5-x2x4q", 137, "OOMKilled"},
      {"shop", "checkout-web-5f4d7c9b8-qv7tn", 137, "Error"},
      {"shop", "ledger-sync-6c8f9d7b5-2hjwr", 101, "Error"},
      {"batch", "nightly-report-8tq2d", 1, "Error"},
      {"data", "db-migrate-5b7d8f9c6-kq4vx", 127, "Error"},
      {"shop", "inventory-svc-84f6d7c9b-tw5rm", 2, "Error"},
      {"shop", "image-resizer-7f5c6d8b9-zl9fs", 139, "Error"},
      {"shop", "notifications-6d9f8c7b4-p4ltd", 143, "Error"},
      {"data", "postgres-0", 1, "Error"},
      {"infra", "log-shipper-9xv2c", 1, "Error"},
      {"shop", "cache-warmer-58c7d9f6b-8gq2n", 137, "ContainerStatusUnknown"},
      {"shop", "search-canary-64b9c7d5f-7wz4k", -1, ""},
  };
  for (const auto& want : expected) {
    json pod = pod_of(cluster, want.namespace_name, want.name);
    ASSERT_TRUE(pod.is_object()) << want.name;
    const json& status = pod["status"]["containerStatuses"][0];
    json terminated = status["state"].contains("terminated")
                          ? status["state"]["terminated"]
                          : status["lastState"].value("terminated", json());
    if (want.exit_code < 0) {
      EXPECT_EQ(status["state"]["waiting"]["reason"], "ImagePullBackOff");
      continue;
    }
    ASSERT_TRUE(terminated.is_object()) << want.name;
    EXPECT_EQ(terminated["exitCode"], want.exit_code) << want.name;
    EXPECT_EQ(terminated["reason"], want.reason) << want.name;
  }
  json oom = pod_of(cluster, "shop", "payments-api-7d9c8b6f5-x2x4q");
  EXPECT_EQ(oom["status"]["containerStatuses"][0]["restartCount"], 3);
  EXPECT_EQ(oom["status"]["containerStatuses"][0]["state"]["waiting"]["reason"],
            "CrashLoopBackOff");
  ObjectPtr replica_set = cluster.store().get("replicasets.apps", "shop", "payments-api-7d9c8b6f5");
  ObjectPtr deployment = cluster.store().get("deployments.apps", "shop", "payments-api");
  ASSERT_TRUE(replica_set && deployment);
  EXPECT_EQ(oom["metadata"]["ownerReferences"][0]["uid"], replica_set->uid);
  EXPECT_EQ(json::parse(replica_set->json)["metadata"]["ownerReferences"][0]["uid"],
            deployment->uid);
  json job_pod = pod_of(cluster, "batch", "nightly-report-8tq2d");
  EXPECT_EQ(job_pod["status"]["phase"], "Failed");
  EXPECT_NE(log_of(cluster, job_pod, "report", false)
                .find("ModuleNotFoundError: No module named 'pandas'"),
            std::string::npos);
  json evicted = pod_of(cluster, "shop", "cache-warmer-58c7d9f6b-8gq2n");
  EXPECT_EQ(evicted["status"]["reason"], "Evicted");
}

class MixedScenario : public ::testing::Test {
 protected:
  void SetUp() override {
    player_ =
        std::make_unique<ScenarioPlayer>(cluster_, load("examples/scenarios/mixed.yaml"), kStart);
    ASSERT_TRUE(player_->finish().ok());
  }
  json object(const std::string& storage, const std::string& namespace_name,
              const std::string& name) {
    ObjectPtr stored = cluster_.store().get(storage, namespace_name, name);
    return stored ? json::parse(stored->json) : json();
  }
  // The single Event about `name` with `reason`, as "xCOUNT TYPE: MESSAGE".
  std::string event(const std::string& namespace_name, const std::string& name,
                    const std::string& reason) {
    std::vector<json> found = events_about(cluster_, namespace_name, name, reason);
    if (found.size() != 1) {
      return std::to_string(found.size()) + " events";
    }
    return "x" + std::to_string(found[0]["count"].get<int>()) + " " +
           found[0]["type"].get<std::string>() + ": " + found[0]["message"].get<std::string>();
  }

  ManualClock clock_{kStart};
  Cluster cluster_{clock_};
  std::unique_ptr<ScenarioPlayer> player_;
};

TEST_F(MixedScenario, MemoryPressureEvictionWithTheNodesEvents) {
  json pod = pod_of(cluster_, "shop", "recommendations-5c9f7b8d6-jx7wq");
  EXPECT_EQ(pod["status"]["phase"], "Failed");
  EXPECT_EQ(pod["status"]["reason"], "Evicted");
  const std::string message =
      "The node was low on resource: memory. Threshold quantity: 100Mi, available: 51200Ki. "
      "Container app was using 1071408Ki, request is 256Mi, has larger consumption of memory. ";
  EXPECT_EQ(pod["status"]["message"], message);
  const json& terminated = pod["status"]["containerStatuses"][0]["state"]["terminated"];
  EXPECT_EQ(terminated["exitCode"], 137);
  EXPECT_EQ(terminated["reason"], "ContainerStatusUnknown");
  EXPECT_EQ(event("shop", "recommendations-5c9f7b8d6-jx7wq", "Evicted"), "x1 Warning: " + message);
  EXPECT_EQ(event("default", "kubesim-node-1", "EvictionThresholdMet"),
            "x1 Warning: Attempting to reclaim memory");
  EXPECT_EQ(event("default", "kubesim-node-1", "NodeHasInsufficientMemory"),
            "x1 Normal: Node kubesim-node-1 status is now: NodeHasInsufficientMemory");
  json pressure = condition_of(object("nodes", "", "kubesim-node-1"), "MemoryPressure");
  EXPECT_EQ(pressure["status"], "True");
  EXPECT_EQ(pressure["lastTransitionTime"], "2024-05-01T12:00:27Z");
}

TEST_F(MixedScenario, EphemeralStorageEvictionLeavesTheContainerAsItWas) {
  json pod = pod_of(cluster_, "shop", "thumbnailer-6f8b7d5c9-q2wzx");
  EXPECT_EQ(pod["status"]["phase"], "Failed");
  EXPECT_EQ(pod["status"]["reason"], "Evicted");
  EXPECT_EQ(pod["status"]["message"],
            "Pod ephemeral local storage usage exceeds the total limit of containers 1Gi. ");
  const json& status = pod["status"]["containerStatuses"][0];
  EXPECT_FALSE(status["state"].contains("terminated"));
  EXPECT_FALSE(status["lastState"].contains("terminated"));
  EXPECT_EQ(pod["spec"]["containers"][0]["resources"]["limits"]["ephemeral-storage"], "1Gi");
}

TEST_F(MixedScenario, LivenessKillsOfAProcessThatExitsZero) {
  json pod = pod_of(cluster_, "shop", "session-gateway-7d4b9c6f8-m3xkp");
  const json& status = pod["status"]["containerStatuses"][0];
  EXPECT_EQ(status["restartCount"], 2);
  EXPECT_EQ(status["state"]["waiting"]["reason"], "CrashLoopBackOff");
  EXPECT_EQ(status["lastState"]["terminated"]["exitCode"], 0);
  EXPECT_EQ(status["lastState"]["terminated"]["reason"], "Completed");
  EXPECT_EQ(event("shop", "session-gateway-7d4b9c6f8-m3xkp", "Unhealthy"),
            "x6 Warning: Liveness probe failed: HTTP probe failed with statuscode: 503");
  EXPECT_EQ(event("shop", "session-gateway-7d4b9c6f8-m3xkp", "Killing"),
            "x2 Normal: Container gateway failed liveness probe, will be restarted");
  const json& probe = pod["spec"]["containers"][0]["livenessProbe"];
  EXPECT_EQ(probe["timeoutSeconds"], 1);
  EXPECT_EQ(probe["httpGet"]["scheme"], "HTTP");
  EXPECT_NE(log_of(cluster_, pod, "gateway", true).find("SIGTERM received, closing HTTP server"),
            std::string::npos);
}

TEST_F(MixedScenario, LivenessKillAfterThreeFailedProbes) {
  json pod = pod_of(cluster_, "shop", "checkout-web-5f4d7c9b8-qv7tn");
  const json& status = pod["status"]["containerStatuses"][0];
  EXPECT_EQ(status["lastState"]["terminated"]["exitCode"], 137);
  EXPECT_EQ(status["lastState"]["terminated"]["finishedAt"], "2024-05-01T12:00:42Z");
  EXPECT_EQ(pod["status"]["podIP"], "10.244.0.7");  // the address the probe message names
  EXPECT_EQ(event("shop", "checkout-web-5f4d7c9b8-qv7tn", "Unhealthy"),
            "x3 Warning: Liveness probe failed: Get \"http://10.244.0.7:8080/healthz\": context "
            "deadline exceeded (Client.Timeout exceeded while awaiting headers)");
  EXPECT_EQ(event("shop", "checkout-web-5f4d7c9b8-qv7tn", "Killing"),
            "x1 Normal: Container web failed liveness probe, will be restarted");
}

TEST_F(MixedScenario, StartupProbeKill) {
  json pod = pod_of(cluster_, "shop", "search-indexer-84c6b7d9f-t5vnr");
  const json& status = pod["status"]["containerStatuses"][0];
  EXPECT_EQ(status["lastState"]["terminated"]["exitCode"], 143);
  EXPECT_EQ(status["state"]["waiting"]["reason"], "CrashLoopBackOff");
  EXPECT_EQ(event("shop", "search-indexer-84c6b7d9f-t5vnr", "Unhealthy"),
            "x3 Warning: Startup probe failed: cat: /tmp/ready: No such file or directory");
  EXPECT_EQ(event("shop", "search-indexer-84c6b7d9f-t5vnr", "Killing"),
            "x1 Normal: Container indexer failed startup probe, will be restarted");
}

TEST_F(MixedScenario, JobsCarryTheirControllersConditions) {
  json job = object("jobs.batch", "batch", "reindex-catalog");
  EXPECT_EQ(job["spec"]["activeDeadlineSeconds"], 30);
  json failed = condition_of(job, "Failed");
  EXPECT_EQ(failed["reason"], "DeadlineExceeded");
  EXPECT_EQ(failed["message"], "Job was active longer than specified deadline");
  EXPECT_EQ(failed["lastTransitionTime"], "2024-05-01T12:00:32Z");
  EXPECT_EQ(job["status"]["failed"], 1);
  EXPECT_EQ(event("batch", "reindex-catalog", "DeadlineExceeded"),
            "x1 Warning: Job was active longer than specified deadline");
  json pod = pod_of(cluster_, "batch", "reindex-catalog-7kq2m");
  EXPECT_EQ(pod["status"]["phase"], "Failed");
  EXPECT_FALSE(pod["status"].contains("reason"));
  EXPECT_EQ(pod["status"]["containerStatuses"][0]["state"]["terminated"]["exitCode"], 143);
  EXPECT_EQ(pod["metadata"]["ownerReferences"][0]["uid"],
            cluster_.store().get("jobs.batch", "batch", "reindex-catalog")->uid);

  json nightly = object("jobs.batch", "batch", "nightly-report");
  EXPECT_EQ(condition_of(nightly, "Failed")["reason"], "BackoffLimitExceeded");
  EXPECT_EQ(nightly["spec"]["template"]["spec"]["containers"][0]["command"],
            json({"python", "-m", "report.main"}));
}

TEST_F(MixedScenario, PodPastItsOwnActiveDeadline) {
  json pod = pod_of(cluster_, "data", "data-export-7c5d9f8b4-h6tnw");
  EXPECT_EQ(pod["status"]["phase"], "Failed");
  EXPECT_EQ(pod["status"]["reason"], "DeadlineExceeded");
  EXPECT_EQ(pod["status"]["message"],
            "Pod was active on the node longer than the specified deadline");
  EXPECT_EQ(pod["status"]["containerStatuses"][0]["state"]["terminated"]["exitCode"], 143);
  EXPECT_TRUE(condition_of(pod, "DisruptionTarget").is_null());
  EXPECT_EQ(event("data", "data-export-7c5d9f8b4-h6tnw", "DeadlineExceeded"),
            "x1 Normal: Pod was active on the node longer than the specified deadline");
  EXPECT_EQ(event("data", "data-export-7c5d9f8b4-h6tnw", "Killing"),
            "x1 Normal: Stopping container export");
}

TEST_F(MixedScenario, WorkloadTemplatesCarryThePodsProbesAndLimits) {
  for (const char* storage : {"deployments.apps", "replicasets.apps"}) {
    json checkout = object(
        storage, "shop",
        std::string(storage) == "deployments.apps" ? "checkout-web" : "checkout-web-5f4d7c9b8");
    EXPECT_EQ(checkout["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]["httpGet"],
              json({{"path", "/healthz"}, {"port", 8080}}))
        << storage;
  }
  json replica_set = object("replicasets.apps", "shop", "payments-api-7d9c8b6f5");
  EXPECT_EQ(replica_set["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"],
            json({{"memory", "256Mi"}}));
}

TEST_F(MixedScenario, ContainersThatNeverStarted) {
  json proxy = pod_of(cluster_, "infra", "metrics-proxy-6b8d9f7c5-wq4zn");
  EXPECT_EQ(proxy["status"]["containerStatuses"][0]["state"]["waiting"]["reason"],
            "ImagePullBackOff");
  std::vector<json> failed =
      events_about(cluster_, "infra", "metrics-proxy-6b8d9f7c5-wq4zn", "Failed");
  ASSERT_EQ(failed.size(), 3u);
  EXPECT_EQ(failed[0]["message"].get<std::string>().rfind(
                "Failed to pull image \"registry.example.com/infra/metrics-proxy:1.4.0\": rpc "
                "error: code = Unknown desc = failed to pull and unpack image",
                0),
            0u);
  EXPECT_EQ(failed[0]["count"], 2);
  EXPECT_EQ(event("infra", "metrics-proxy-6b8d9f7c5-wq4zn", "BackOff"),
            "x2 Normal: Back-off pulling image \"registry.example.com/infra/metrics-proxy:1.4.0\"");

  json worker = pod_of(cluster_, "shop", "orders-worker-5f7c8d9b6-zr6hn");
  EXPECT_EQ(worker["status"]["phase"], "Pending");
  EXPECT_EQ(worker["status"]["containerStatuses"][0]["state"]["waiting"],
            json({{"reason", "CreateContainerConfigError"},
                  {"message", "couldn't find key password in Secret shop/db-credentials"}}));
  EXPECT_EQ(event("shop", "orders-worker-5f7c8d9b6-zr6hn", "Failed"),
            "x3 Warning: Error: couldn't find key password in Secret shop/db-credentials");
}

TEST_F(MixedScenario, PreemptedByTheScheduler) {
  json pod = pod_of(cluster_, "shop", "report-renderer-6c9d8b7f5-l2kfx");
  EXPECT_EQ(pod["status"]["phase"], "Failed");
  json disruption = condition_of(pod, "DisruptionTarget");
  EXPECT_EQ(disruption["reason"], "PreemptionByScheduler");
  EXPECT_EQ(disruption["message"],
            "default-scheduler: preempting to accommodate a higher priority pod");
  EXPECT_EQ(pod["status"]["containerStatuses"][0]["state"]["terminated"]["exitCode"], 143);
  EXPECT_EQ(event("shop", "report-renderer-6c9d8b7f5-l2kfx", "Preempted"),
            "x1 Normal: Preempted by pod 5f0c3a2e-8d41-4b7a-9c6e-2a1f7d3b9e04 on node "
            "kubesim-node-1");
  EXPECT_EQ(event("shop", "report-renderer-6c9d8b7f5-l2kfx", "Killing"),
            "x1 Normal: Stopping container renderer");
}

TEST(ScenarioPlayer, ResolvesOwnerReferencesToScenarioObjects) {
  const char* text = R"(
objects:
  - apiVersion: batch/v1
    kind: Job
    metadata: {name: nightly, namespace: batch}
    spec: {template: {spec: {containers: [{name: c, image: i}], restartPolicy: Never}}}
pods:
  - metadata:
      name: nightly-abcde
      namespace: batch
      ownerReferences: [{apiVersion: batch/v1, kind: Job, name: nightly}]
    spec: {restartPolicy: Never, containers: [{name: c, image: i}]}
    timeline: [{at: 0s, create: {}}]
)";
  auto scenario = parse_scenario(text, "inline.yaml");
  ASSERT_TRUE(scenario.ok()) << scenario.error().to_string();
  ManualClock clock(kStart);
  Cluster cluster(clock);
  ScenarioPlayer player(cluster, std::move(scenario).value(), kStart);
  ASSERT_TRUE(player.finish().ok());
  ObjectPtr job = cluster.store().get("jobs.batch", "batch", "nightly");
  ASSERT_TRUE(job);
  json pod = pod_of(cluster, "batch", "nightly-abcde");
  EXPECT_EQ(pod["metadata"]["ownerReferences"][0]["uid"], job->uid);
  EXPECT_EQ(pod["metadata"]["ownerReferences"][0]["controller"], true);
}

TEST(ScenarioPlayer, TopLevelStepsPatchAnyObjectAsItsControllerWould) {
  const char* text = R"(
objects:
  - apiVersion: batch/v1
    kind: Job
    metadata: {name: reindex, namespace: batch}
    spec: {activeDeadlineSeconds: 30, template: {spec: {containers: [{name: c, image: i}]}}}
    status: {active: 1}
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: settings, namespace: batch}
    data: {mode: fast, level: info}
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web, namespace: batch, generation: 1}
    spec: {replicas: 1, template: {spec: {containers: [{name: web, image: "web:1"}]}}}
pods:
  - metadata: {name: reindex-x1, namespace: batch}
    spec: {restartPolicy: Never, containers: [{name: c, image: i}]}
    timeline: [{at: 0s, create: {}}]
steps:
  - at: 31s
    object: {apiVersion: batch/v1, kind: Job, namespace: batch, name: reindex}
    manager: kube-controller-manager
    patch:
      status:
        active: 0
        failed: 1
        conditions:
          - {type: Failed, status: "True", reason: DeadlineExceeded, message: Job was active longer than specified deadline, lastTransitionTime: $at}
  - at: 40s
    object: {apiVersion: v1, kind: ConfigMap, namespace: batch, name: settings}
    patch: {data: {level: debug, mode: null}}
  - at: 50s
    object: {apiVersion: apps/v1, kind: Deployment, namespace: batch, name: web}
    manager: kubectl-edit
    patch: {spec: {replicas: 3}}
)";
  auto scenario = parse_scenario(text, "inline.yaml");
  ASSERT_TRUE(scenario.ok()) << scenario.error().to_string();
  ManualClock clock(kStart);
  Cluster cluster(clock);
  ScenarioPlayer player(cluster, std::move(scenario).value(), kStart);
  ASSERT_TRUE(player.advance_to(30s).ok());
  std::uint64_t before = cluster.store().resource_version();
  ASSERT_TRUE(player.finish().ok());

  json job = json::parse(cluster.store().get("jobs.batch", "batch", "reindex")->json);
  EXPECT_EQ(job["status"]["failed"], 1);
  EXPECT_EQ(job["status"]["conditions"][0]["reason"], "DeadlineExceeded");
  EXPECT_EQ(job["status"]["conditions"][0]["lastTransitionTime"], "2024-05-01T12:00:31Z");
  EXPECT_EQ(job["spec"]["activeDeadlineSeconds"], 30);
  EXPECT_EQ(job["metadata"]["managedFields"], json::parse(R"([{
    "manager": "kube-controller-manager", "operation": "Update", "apiVersion": "batch/v1",
    "time": "2024-05-01T12:00:31Z", "fieldsType": "FieldsV1", "subresource": "status",
    "fieldsV1": {"f:status": {"f:active": {}, "f:failed": {}, "f:conditions": {}}}}])"));

  json config = json::parse(cluster.store().get("configmaps", "batch", "settings")->json);
  EXPECT_EQ(config["data"], json({{"level", "debug"}}));
  EXPECT_EQ(config["metadata"]["managedFields"][0]["manager"], "kubesim");
  EXPECT_EQ(config["metadata"]["managedFields"][0]["fieldsV1"],
            json::parse(R"({"f:data": {"f:level": {}}})"));

  json deployment = json::parse(cluster.store().get("deployments.apps", "batch", "web")->json);
  EXPECT_EQ(deployment["spec"]["replicas"], 3);
  EXPECT_EQ(deployment["metadata"]["generation"], 2);
  EXPECT_EQ(deployment["metadata"]["managedFields"][0]["time"], "2024-05-01T12:00:50Z");

  // Each step is one write a watcher sees, with its own resourceVersion.
  ChangeRead jobs = cluster.store().read_changes("jobs.batch", before, 10);
  ASSERT_EQ(jobs.changes.size(), 1u);
  EXPECT_EQ(jobs.changes[0].type, ChangeType::Modified);
  EXPECT_EQ(job["metadata"]["resourceVersion"], std::to_string(jobs.changes[0].resource_version));
}

TEST(ScenarioPlayer, TopLevelEventsLandOnNodesAndWorkloads) {
  const char* text = R"(
objects:
  - {apiVersion: batch/v1, kind: Job, metadata: {name: reindex, namespace: batch}, spec: {}}
pods:
  - metadata: {name: p}
    spec: {containers: [{name: c, image: i}]}
    timeline: [{at: 0s, create: {}}]
steps:
  - at: 5s
    object: {apiVersion: v1, kind: Node, name: kubesim-node-1}
    event: {type: Warning, reason: EvictionThresholdMet, message: Attempting to reclaim memory}
  - at: 15s
    object: {apiVersion: v1, kind: Node, name: kubesim-node-1}
    event: {type: Warning, reason: EvictionThresholdMet, message: Attempting to reclaim memory}
  - at: 6s
    object: {apiVersion: batch/v1, kind: Job, namespace: batch, name: reindex}
    event: {type: Warning, reason: DeadlineExceeded, message: Job was active longer than specified deadline, component: job-controller}
)";
  auto scenario = parse_scenario(text, "inline.yaml");
  ASSERT_TRUE(scenario.ok()) << scenario.error().to_string();
  ManualClock clock(kStart);
  Cluster cluster(clock);
  ScenarioPlayer player(cluster, std::move(scenario).value(), kStart);
  ASSERT_TRUE(player.finish().ok());

  ListQuery query;
  query.storage = "events";
  query.namespace_name = "default";
  json node_event;
  for (const auto& item : cluster.store().list(query).items) {
    json event = json::parse(item->json);
    if (event["involvedObject"]["kind"] == "Node") {
      node_event = event;
    }
  }
  ASSERT_TRUE(node_event.is_object());
  EXPECT_EQ(node_event["involvedObject"],
            json({{"kind", "Node"}, {"name", "kubesim-node-1"}, {"uid", "kubesim-node-1"}}));
  EXPECT_EQ(node_event["source"], json({{"component", "kubelet"}, {"host", "kubesim-node-1"}}));
  EXPECT_EQ(node_event["count"], 2);
  EXPECT_EQ(node_event["lastTimestamp"], "2024-05-01T12:00:15Z");

  query.namespace_name = "batch";
  auto job_events = cluster.store().list(query).items;
  ASSERT_EQ(job_events.size(), 1u);
  json job_event = json::parse(job_events[0]->json);
  EXPECT_EQ(job_event["involvedObject"]["uid"],
            cluster.store().get("jobs.batch", "batch", "reindex")->uid);
  EXPECT_EQ(job_event["involvedObject"]["apiVersion"], "batch/v1");
  EXPECT_EQ(job_event["source"], json({{"component", "job-controller"}}));
  EXPECT_EQ(job_event["reportingComponent"], "job-controller");
}

TEST(ScenarioPlayer, FailStepFailsThePodAsTheKubeletReportsIt) {
  const char* text = R"(
pods:
  - metadata: {name: evicted-new, namespace: shop}
    spec: {containers: [{name: app, image: i}]}
    timeline:
      - {at: 0s, create: {}}
      - {at: 1s, start: {}}
      - at: 9s
        fail: {reason: Evicted, message: "Pod ephemeral local storage usage exceeds the total limit of containers 1Gi. "}
  - metadata: {name: evicted-old, namespace: shop}
    spec: {containers: [{name: app, image: i}]}
    timeline:
      - {at: 0s, create: {}}
      - {at: 1s, start: {}}
      - at: 9s
        fail: {reason: Evicted, message: "The node was low on resource: memory. ", containers: unchanged}
  - metadata: {name: preempted, namespace: shop}
    spec: {containers: [{name: app, image: i}]}
    timeline:
      - {at: 0s, create: {}}
      - {at: 1s, start: {}}
      - {at: 9s, fail: {containers: sigterm, disruption: PreemptionByScheduler}}
)";
  auto scenario = parse_scenario(text, "inline.yaml");
  ASSERT_TRUE(scenario.ok()) << scenario.error().to_string();
  ManualClock clock(kStart);
  Cluster cluster(clock);
  ScenarioPlayer player(cluster, std::move(scenario).value(), kStart);
  ASSERT_TRUE(player.finish().ok());

  json evicted = pod_of(cluster, "shop", "evicted-new");
  EXPECT_EQ(evicted["status"]["phase"], "Failed");
  EXPECT_EQ(evicted["status"]["reason"], "Evicted");
  EXPECT_EQ(evicted["status"]["message"],
            "Pod ephemeral local storage usage exceeds the total limit of containers 1Gi. ");
  const json& terminated = evicted["status"]["containerStatuses"][0]["state"]["terminated"];
  EXPECT_EQ(terminated["exitCode"], 137);
  EXPECT_EQ(terminated["reason"], "ContainerStatusUnknown");
  // The status manager's TerminatePod sets no times and no container ID.
  EXPECT_TRUE(terminated["finishedAt"].is_null());
  EXPECT_FALSE(terminated.contains("containerID"));

  json old = pod_of(cluster, "shop", "evicted-old");
  EXPECT_EQ(old["status"]["reason"], "Evicted");
  const json& kept = old["status"]["containerStatuses"][0];
  EXPECT_TRUE(kept["state"].contains("running"));
  EXPECT_FALSE(kept["state"].contains("terminated"));
  EXPECT_EQ(kept["ready"], false);

  json preempted = pod_of(cluster, "shop", "preempted");
  EXPECT_EQ(preempted["status"]["phase"], "Failed");
  EXPECT_FALSE(preempted["status"].contains("reason"));
  EXPECT_EQ(preempted["status"]["containerStatuses"][0]["state"]["terminated"]["exitCode"], 143);
  json disruption = condition_of(preempted, "DisruptionTarget");
  EXPECT_EQ(disruption["reason"], "PreemptionByScheduler");
  EXPECT_EQ(disruption["message"],
            "default-scheduler: preempting to accommodate a higher priority pod");

  ListQuery query;
  query.storage = "events";
  query.namespace_name = "shop";
  std::vector<std::string> seen;
  for (const auto& item : cluster.store().list(query).items) {
    json event = json::parse(item->json);
    if (event["reason"] == "Evicted" || event["reason"] == "Killing") {
      seen.push_back(event["involvedObject"]["name"].get<std::string>() + " " +
                     event["reason"].get<std::string>() + ": " +
                     event["message"].get<std::string>());
    }
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "evicted-new Evicted: Pod ephemeral local storage usage exceeds the total "
                      "limit of containers 1Gi. ",
                      "evicted-new Killing: Stopping container app",
                      "evicted-old Evicted: The node was low on resource: memory. ",
                      "preempted Killing: Stopping container app"}));
}

TEST(ScenarioPlayer, RejectStepIsTheKubeletsAdmissionRefusal) {
  const char* text = R"(
pods:
  - metadata: {name: refused, namespace: shop}
    spec: {containers: [{name: app, image: i, resources: {requests: {cpu: "3"}}}]}
    timeline:
      - {at: 0s, create: {}}
      - at: 1s
        reject: {reason: OutOfcpu, message: "Node didn't have enough resource: cpu, requested: 3000, used: 6200, capacity: 8000"}
)";
  auto scenario = parse_scenario(text, "inline.yaml");
  ASSERT_TRUE(scenario.ok()) << scenario.error().to_string();
  ManualClock clock(kStart);
  Cluster cluster(clock);
  ScenarioPlayer player(cluster, std::move(scenario).value(), kStart);
  ASSERT_TRUE(player.finish().ok());

  json refused = pod_of(cluster, "shop", "refused");
  EXPECT_EQ(refused["status"]["phase"], "Failed");
  EXPECT_EQ(refused["status"]["reason"], "OutOfcpu");
  EXPECT_EQ(refused["status"]["message"],
            "Pod was rejected: Node didn't have enough resource: cpu, requested: 3000, used: "
            "6200, capacity: 8000");
  EXPECT_FALSE(refused["status"].contains("containerStatuses"));

  ListQuery query;
  query.storage = "events";
  query.namespace_name = "shop";
  std::vector<std::string> seen;
  for (const auto& item : cluster.store().list(query).items) {
    json event = json::parse(item->json);
    if (event["reason"] == "OutOfcpu") {
      seen.push_back(event["type"].get<std::string>() + " " +
                     event["source"]["component"].get<std::string>() + ": " +
                     event["message"].get<std::string>());
    }
  }
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "Warning kubelet: Node didn't have enough resource: cpu, requested: 3000, "
                      "used: 6200, capacity: 8000"}));
}

TEST(ScenarioPlayer, WaitingContainersGetTheKubeletsEvents) {
  const char* text = R"(
pods:
  - metadata: {name: worker, namespace: shop}
    spec: {containers: [{name: app, image: "shop/worker:1.0"}]}
    timeline:
      - {at: 0s, create: {}}
      - {at: 2s, wait: {reason: CreateContainerConfigError, message: "couldn't find key password in Secret shop/db-credentials"}}
      - {at: 12s, wait: {reason: CreateContainerConfigError, message: "couldn't find key password in Secret shop/db-credentials"}}
  - metadata: {name: canary, namespace: shop}
    spec: {containers: [{name: app, image: "shop/search:rc1"}]}
    timeline:
      - {at: 0s, create: {}}
      - {at: 2s, wait: {reason: ErrImagePull, message: "rpc error: code = NotFound desc = x: not found"}}
      - {at: 3s, wait: {reason: ImagePullBackOff, message: "Back-off pulling image \"shop/search:rc1\""}}
)";
  auto scenario = parse_scenario(text, "inline.yaml");
  ASSERT_TRUE(scenario.ok()) << scenario.error().to_string();
  ManualClock clock(kStart);
  Cluster cluster(clock);
  ScenarioPlayer player(cluster, std::move(scenario).value(), kStart);
  ASSERT_TRUE(player.finish().ok());
  json worker = pod_of(cluster, "shop", "worker");
  EXPECT_EQ(worker["status"]["containerStatuses"][0]["state"]["waiting"],
            json({{"reason", "CreateContainerConfigError"},
                  {"message", "couldn't find key password in Secret shop/db-credentials"}}));

  ListQuery query;
  query.storage = "events";
  query.namespace_name = "shop";
  std::vector<std::string> seen;
  for (const auto& item : cluster.store().list(query).items) {
    json event = json::parse(item->json);
    if (event["reason"] != "Scheduled") {
      seen.push_back(event["involvedObject"]["name"].get<std::string>() + " " +
                     event["type"].get<std::string>() + " " + event["reason"].get<std::string>() +
                     " x" + std::to_string(event["count"].get<int>()) + ": " +
                     event["message"].get<std::string>());
    }
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "canary Normal BackOff x1: Back-off pulling image \"shop/search:rc1\"",
                      "canary Warning Failed x1: Error: ErrImagePull",
                      "canary Warning Failed x1: Error: ImagePullBackOff",
                      "canary Warning Failed x1: Failed to pull image \"shop/search:rc1\": rpc "
                      "error: code = NotFound desc = x: not found",
                      "worker Normal Pulled x2: Container image \"shop/worker:1.0\" already "
                      "present on machine",
                      "worker Warning Failed x2: Error: couldn't find key password in Secret "
                      "shop/db-credentials"}));
}

TEST(ScenarioPlayer, RejectsMistakesInTopLevelSteps) {
  const char* pods =
      "pods: [{metadata: {name: p}, spec: {containers: [{name: c, image: i}]}, "
      "timeline: [{at: 0s, create: {}}]}]\n";
  auto no_object =
      parse_scenario(std::string(pods) + "steps: [{at: 1s, patch: {data: {}}}]\n", "bad.yaml");
  ASSERT_FALSE(no_object.ok());
  EXPECT_EQ(no_object.error().to_string(),
            "bad.yaml: steps[0]: a top-level step needs `object: {apiVersion, kind, namespace, "
            "name}`");
  auto unknown = parse_scenario(
      std::string(pods) +
          "steps: [{at: 1s, object: {apiVersion: v1, kind: ConfigMap, name: c}, start: {}}]\n",
      "bad.yaml");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message, "unknown or second action \"start\"; one of patch, event");
  auto containers = parse_scenario(R"(
pods:
  - metadata: {name: p}
    spec: {containers: [{name: c, image: i}]}
    timeline: [{at: 0s, create: {}}, {at: 1s, fail: {reason: Evicted, containers: gone}}]
)",
                                   "bad.yaml");
  ASSERT_FALSE(containers.ok());
  EXPECT_EQ(containers.error().to_string(),
            "bad.yaml: pods[0].timeline[1]: containers must be unknown, sigterm, sigkill or "
            "unchanged");
  auto reasonless = parse_scenario(R"(
pods:
  - metadata: {name: p}
    spec: {containers: [{name: c, image: i}]}
    timeline: [{at: 0s, create: {}}, {at: 1s, reject: {message: full}}]
)",
                                   "bad.yaml");
  ASSERT_FALSE(reasonless.ok());
  EXPECT_EQ(reasonless.error().to_string(),
            "bad.yaml: pods[0].timeline[1]: reject needs the kubelet's reason (OutOfcpu, "
            "NodeAffinity, ...)");

  auto missing = parse_scenario(
      std::string(pods) +
          "steps: [{at: 1s, object: {apiVersion: v1, kind: ConfigMap, name: c}, patch: {}}]\n",
      "late.yaml");
  ASSERT_TRUE(missing.ok()) << missing.error().to_string();
  ManualClock clock(kStart);
  Cluster cluster(clock);
  ScenarioPlayer player(cluster, std::move(missing).value(), kStart);
  auto played = player.finish();
  ASSERT_FALSE(played.ok());
  EXPECT_EQ(played.error().to_string(), "late.yaml: steps[0]: configmaps \"c\" not found");
}

TEST(ScenarioPlayer, RejectsMistakesWithTheirPlace) {
  auto unknown = parse_scenario(R"(
pods:
  - metadata: {name: p}
    spec: {containers: [{name: c, image: i}]}
    timeline: [{at: 1s, explode: {}}]
)",
                                "bad.yaml");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().where, "bad.yaml: pods[0].timeline[0]");
  EXPECT_EQ(unknown.error().message,
            "unknown or second action \"explode\"; one of create, start, log, terminate, "
            "backoff, restart, wait, event, fail, reject, evict, delete");

  auto ambiguous = parse_scenario(R"(
pods:
  - metadata: {name: p}
    spec: {containers: [{name: a, image: i}, {name: b, image: i}]}
    timeline: [{at: 0s, create: {}}, {at: 1s, terminate: {exitCode: 1}}]
)",
                                  "bad.yaml");
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_EQ(ambiguous.error().to_string(),
            "bad.yaml: pods[0].timeline[1]: terminate needs `container:` when a pod has several");

  auto typo = parse_scenario(R"(
pods:
  - metadata: {name: p}
    spec: {containers: [{name: c, image: i}]}
    timeline: [{at: 0s, create: {}}, {at: 1s, terminate: {exitcode: 1}}]
)",
                             "typo.yaml");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.error().to_string(),
            "typo.yaml: pods[0].timeline[1]: unknown argument \"exitcode\" for terminate; it "
            "takes container, exitCode, log, message, reason, signal");
  auto text_code = parse_scenario(R"(
pods:
  - metadata: {name: p}
    spec: {containers: [{name: c, image: i}]}
    timeline: [{at: 0s, create: {}}, {at: 1s, backoff: {restartCount: "3"}}]
)",
                                  "typo.yaml");
  ASSERT_FALSE(text_code.ok());
  EXPECT_EQ(text_code.error().message, "restartCount must be an integer");

  auto early = parse_scenario(R"(
pods:
  - metadata: {name: p}
    spec: {containers: [{name: c, image: i}]}
    timeline: [{at: 1s, start: {}}]
)",
                              "early.yaml");
  ASSERT_TRUE(early.ok());
  ManualClock clock(kStart);
  Cluster cluster(clock);
  ScenarioPlayer player(cluster, std::move(early).value(), kStart);
  auto played = player.finish();
  ASSERT_FALSE(played.ok());
  EXPECT_EQ(played.error().to_string(),
            "early.yaml: pods[0].timeline[0]: pod default/p does not exist at this point; add a "
            "`create: {}` step before");
}

}  // namespace
}  // namespace kexit::kubesim
