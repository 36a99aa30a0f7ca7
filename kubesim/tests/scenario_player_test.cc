#include "kubesim/scenario_player.h"

#include <gtest/gtest.h>

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
  std::size_t backoffs = 0;
  for (const auto& event : cluster.store().list(events).items) {
    if (json::parse(event->json)["reason"] == "BackOff") {
      ++backoffs;
    }
  }
  EXPECT_EQ(backoffs, 2u);
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
            "backoff, restart, wait, event, evict, delete");

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
