#include "kube/cluster_collection.h"

#include <gtest/gtest.h>

#include "kubesim/scenario.h"
#include "kubesim/scenario_player.h"
#include "testing/kubesim_fixture.h"

namespace kexit::kube {
namespace {

class ClusterCollection : public KubesimFixture {
 protected:
  Expected<std::vector<CollectedPod>> collect(ApiClient& client, ClusterTarget target) {
    CollectionOptions options;
    options.warn = [this](const std::string& warning) { warnings_.push_back(warning); };
    options.progress = [this](std::size_t done, std::size_t total) {
      progress_.emplace_back(done, total);
    };
    return collect_from_cluster(client, target, options);
  }

  static std::vector<std::string> names_of(const std::vector<CollectedPod>& pods) {
    std::vector<std::string> names;
    for (const CollectedPod& pod : pods) {
      names.push_back(pod.facts.namespace_name + "/" + pod.facts.name);
    }
    return names;
  }

  static ClusterTarget target(const std::string& resource, const std::string& name) {
    ClusterTarget target;
    target.resource = resource;
    target.name = name;
    return target;
  }

  std::vector<std::string> warnings_;
  std::vector<std::pair<std::size_t, std::size_t>> progress_;
};

TEST_F(ClusterCollection, FetchesThePreviousLogOfARestartedContainer) {
  put_pod_with_log(pod("default", "crashy", {{"app", "crashy"}}, nullptr, Slot::kLast),
                   "starting\npanic: boom\n");
  auto client = admin_client();
  auto pods = collect(*client, target("pod", "crashy"));
  ASSERT_TRUE(pods) << pods.error().to_string();
  ASSERT_EQ(pods->size(), 1u);
  const CollectedPod& crashy = pods->front();
  ASSERT_EQ(crashy.facts.to_diagnose.size(), 1u);
  EXPECT_EQ(crashy.facts.to_diagnose[0].slot, TerminationSlot::kLast);
  const ContainerLog& log = crashy.logs.at("main");
  EXPECT_EQ(log.origin, LogOrigin::kPreviousLog);
  EXPECT_EQ(log.text, "starting\npanic: boom\n");
  EXPECT_EQ(progress_, (std::vector<std::pair<std::size_t, std::size_t>>{{0, 1}, {1, 1}}));
}

// Events live an hour after their last write (kube-apiserver --event-ttl, which kubesim plays):
// an inspection two hours after the crash finds none and says why, instead of saying nothing.
TEST_F(ClusterCollection, SaysThePodsEventsProbablyExpiredAfterKubesimExpiredThem) {
  put_pod_with_log(pod("default", "crashy", {{"app", "crashy"}}, nullptr, Slot::kLast),
                   "panic: boom\n");
  auto client = admin_client();
  auto first = collect(*client, target("pod", "crashy"));
  ASSERT_TRUE(first) << first.error().to_string();
  put({{"apiVersion", "v1"},
       {"kind", "Event"},
       {"metadata", {{"name", "crashy.1"}, {"namespace", "default"}}},
       {"involvedObject",
        {{"kind", "Pod"},
         {"name", "crashy"},
         {"namespace", "default"},
         {"uid", first->front().facts.uid}}},
       {"reason", "BackOff"},
       {"message", "Back-off restarting failed container main"},
       {"type", "Warning"}});
  auto fresh = collect(*client, target("pod", "crashy"));
  ASSERT_TRUE(fresh) << fresh.error().to_string();
  EXPECT_EQ(fresh->front().facts.events.size(), 1u);
  EXPECT_TRUE(fresh->front().facts.evidence_notes.empty());

  sim_clock_.advance(std::chrono::hours(2));
  clock_.advance(std::chrono::hours(2));
  auto later = collect(*client, target("pod", "crashy"));
  ASSERT_TRUE(later) << later.error().to_string();
  EXPECT_TRUE(later->front().facts.events.empty());
  EXPECT_EQ(later->front().facts.evidence_notes,
            std::vector<std::string>{
                "no Events found for the pod: they have probably expired (the API server keeps "
                "Events 1h by default, --event-ttl) and the termination finished 2h ago"});
}

TEST_F(ClusterCollection, FetchesTheCurrentLogOfAContainerThatStaysTerminated) {
  // A Spark driver: restartPolicy Never, state.terminated is the instance that failed.
  put_pod_with_log(
      pod("default", "spark-pi-driver", {{"spark-role", "driver"}}, nullptr, Slot::kCurrent, 101),
      "Error: Failed to load class org.apache.spark.examples.SparkPi.\n");
  auto client = admin_client();
  auto pods = collect(*client, target("pod", "spark-pi-driver"));
  ASSERT_TRUE(pods) << pods.error().to_string();
  ASSERT_EQ(pods->size(), 1u);
  const ContainerLog& log = pods->front().logs.at("main");
  EXPECT_EQ(log.origin, LogOrigin::kCurrentLog);
  EXPECT_EQ(log.text, "Error: Failed to load class org.apache.spark.examples.SparkPi.\n");
}

TEST_F(ClusterCollection, FallsBackToTheTerminationMessageWhenThePreviousLogIsGone) {
  put(pod("default", "gone", {}, nullptr, Slot::kLastWithoutLog, 137, "OOM while loading"));
  put(pod("default", "silent", {}, nullptr, Slot::kLastWithoutLog, 1));
  auto client = admin_client();
  auto pods = collect(*client, ClusterTarget{});
  ASSERT_TRUE(pods) << pods.error().to_string();
  ASSERT_EQ(names_of(*pods), (std::vector<std::string>{"default/gone", "default/silent"}));
  const ContainerLog& gone = (*pods)[0].logs.at("main");
  EXPECT_EQ(gone.origin, LogOrigin::kTerminationMessage);
  EXPECT_EQ(gone.text, "OOM while loading");
  EXPECT_EQ(gone.note,
            "the previous log is gone (HTTP 400: the kubelet keeps only the last terminated "
            "instance, and none once the pod is deleted or moved); used the termination message "
            "instead");
  const ContainerLog& silent = (*pods)[1].logs.at("main");
  EXPECT_EQ(silent.origin, LogOrigin::kNone);
  EXPECT_EQ(silent.note,
            "the previous log is gone (HTTP 400: the kubelet keeps only the last terminated "
            "instance, and none once the pod is deleted or moved), and the container left no "
            "termination message");
}

TEST_F(ClusterCollection, FollowsADeploymentThroughItsReplicaSets) {
  json labels = {{"app", "web"}};
  put(workload("Deployment", "shop", "web", labels));
  put(workload("ReplicaSet", "shop", "web-1", labels, owner("Deployment", "shop", "web")));
  put(workload("ReplicaSet", "shop", "web-2", labels, owner("Deployment", "shop", "web")));
  // Same labels, another owner: not part of the deployment.
  put(workload("ReplicaSet", "shop", "impostor", labels));
  put_pod_with_log(
      pod("shop", "web-1-a", labels, owner("ReplicaSet", "shop", "web-1"), Slot::kLast), "a\n");
  put_pod_with_log(
      pod("shop", "web-2-b", labels, owner("ReplicaSet", "shop", "web-2"), Slot::kLast), "b\n");
  put(pod("shop", "web-2-ok", labels, owner("ReplicaSet", "shop", "web-2"), Slot::kRunning));
  put_pod_with_log(
      pod("shop", "impostor-c", labels, owner("ReplicaSet", "shop", "impostor"), Slot::kLast),
      "c\n");
  auto client = admin_client("shop");
  auto pods = collect(*client, target("deployment", "web"));
  ASSERT_TRUE(pods) << pods.error().to_string();
  EXPECT_EQ(names_of(*pods), (std::vector<std::string>{"shop/web-1-a", "shop/web-2-b"}));
  EXPECT_EQ((*pods)[1].logs.at("main").text, "b\n");
}

TEST_F(ClusterCollection, FollowsEachWorkloadKindToItsPods) {
  for (const std::string kind : {"StatefulSet", "DaemonSet", "ReplicaSet", "Job"}) {
    json labels = {{"kind", kind}};
    put(workload(kind, "ops", "w", labels));
    put_pod_with_log(pod("ops", kind + "-pod", labels, owner(kind, "ops", "w"), Slot::kLast),
                     kind + "\n");
  }
  auto client = admin_client("ops");
  for (const auto& [resource, kind] :
       std::vector<std::pair<std::string, std::string>>{{"statefulset", "StatefulSet"},
                                                        {"sts", "StatefulSet"},
                                                        {"daemonset", "DaemonSet"},
                                                        {"replicaset", "ReplicaSet"},
                                                        {"job", "Job"}}) {
    auto pods = collect(*client, target(resource, "w"));
    ASSERT_TRUE(pods) << resource << ": " << pods.error().to_string();
    EXPECT_EQ(names_of(*pods), std::vector<std::string>{"ops/" + kind + "-pod"}) << resource;
  }
}

TEST_F(ClusterCollection, FollowsACronJobThroughItsJobs) {
  put(workload("CronJob", "batch", "nightly", {{"app", "nightly"}}));
  put(workload("Job", "batch", "nightly-1", {{"job", "1"}}, owner("CronJob", "batch", "nightly")));
  put(workload("Job", "batch", "nightly-2", {{"job", "2"}}, owner("CronJob", "batch", "nightly")));
  put(workload("Job", "batch", "manual", {{"job", "3"}}));
  put_pod_with_log(pod("batch", "nightly-1-x", {{"job", "1"}}, owner("Job", "batch", "nightly-1"),
                       Slot::kCurrent),
                   "one\n");
  put_pod_with_log(pod("batch", "nightly-2-y", {{"job", "2"}}, owner("Job", "batch", "nightly-2"),
                       Slot::kCurrent),
                   "two\n");
  put_pod_with_log(
      pod("batch", "manual-z", {{"job", "3"}}, owner("Job", "batch", "manual"), Slot::kCurrent),
      "three\n");
  auto client = admin_client("batch");
  auto pods = collect(*client, target("cronjob", "nightly"));
  ASSERT_TRUE(pods) << pods.error().to_string();
  EXPECT_EQ(names_of(*pods), (std::vector<std::string>{"batch/nightly-1-x", "batch/nightly-2-y"}));
}

TEST_F(ClusterCollection, FindsEveryTerminatedContainerInAllNamespacesAndNoOthers) {
  for (int n = 0; n < 3; ++n) {
    std::string ns = "ns" + std::to_string(n);
    for (int i = 0; i < 15; ++i) {
      std::string name = "p" + std::to_string(i);
      Slot slot = i % 3 == 0 ? Slot::kRunning : (i % 3 == 1 ? Slot::kLast : Slot::kCurrent);
      json object = pod(ns, name, {{"i", std::to_string(i)}}, nullptr, slot);
      if (slot == Slot::kRunning) {
        put(object);
      } else {
        put_pod_with_log(object, ns + "/" + name + "\n");
      }
    }
  }
  auto client = admin_client();
  ClusterTarget all;
  all.all_namespaces = true;
  all.concurrency = 4;
  auto pods = collect(*client, all);
  ASSERT_TRUE(pods) << pods.error().to_string();
  ASSERT_EQ(pods->size(), 30u);
  for (const CollectedPod& collected : *pods) {
    EXPECT_NE(std::stoi(collected.facts.name.substr(1)) % 3, 0) << collected.facts.name;
    EXPECT_EQ(collected.logs.at("main").text,
              collected.facts.namespace_name + "/" + collected.facts.name + "\n");
  }
  EXPECT_EQ(progress_.front(), (std::pair<std::size_t, std::size_t>{0, 30}));
  EXPECT_EQ(progress_.back(), (std::pair<std::size_t, std::size_t>{30, 30}));
  EXPECT_EQ(progress_.size(), 31u);
}

TEST_F(ClusterCollection, AppliesLabelSelectorsAndSince) {
  put_pod_with_log(
      pod("default", "old", {{"team", "a"}}, nullptr, Slot::kLast, 1, "", "2023-11-14T20:00:00Z"),
      "old\n");
  put_pod_with_log(
      pod("default", "new", {{"team", "a"}}, nullptr, Slot::kLast, 1, "", "2023-11-14T22:10:00Z"),
      "new\n");
  put_pod_with_log(pod("default", "other", {{"team", "b"}}, nullptr, Slot::kLast), "other\n");
  auto client = admin_client();
  ClusterTarget selected;
  selected.label_selector = "team=a";
  auto pods = collect(*client, selected);
  ASSERT_TRUE(pods) << pods.error().to_string();
  EXPECT_EQ(names_of(*pods), (std::vector<std::string>{"default/new", "default/old"}));
  selected.since = std::chrono::hours(1);  // the fake clock says 22:13:20
  auto recent = collect(*client, selected);
  ASSERT_TRUE(recent) << recent.error().to_string();
  EXPECT_EQ(names_of(*recent), (std::vector<std::string>{"default/new"}));
}

TEST_F(ClusterCollection, NamesTheMissingPermission) {
  put(pod("default", "p", {}, nullptr, Slot::kLast));
  std::string token = server_->add_token({"dev", {}});
  auto client = client_from(server_->kubeconfig(token));
  auto pods = collect(*client, ClusterTarget{});
  ASSERT_FALSE(pods);
  EXPECT_EQ(pods.error().message,
            "forbidden: cannot list pods in namespace \"default\"; the RBAC role needs verb "
            "\"list\" on resource \"pods\"; the request was made as User \"dev\"");
}

TEST_F(ClusterCollection, KeepsGoingWhenLogsAreForbidden) {
  put(pod("default", "p", {}, nullptr, Slot::kLast, 2, "exit 2"));
  std::string token = server_->add_token({"viewer", {}});
  cluster_.access().allow("viewer", {{"get", "list"}, {""}, {"pods"}, {}, {}});
  auto client = client_from(server_->kubeconfig(token));
  auto pods = collect(*client, ClusterTarget{});
  ASSERT_TRUE(pods) << pods.error().to_string();
  ASSERT_EQ(pods->size(), 1u);
  const ContainerLog& log = pods->front().logs.at("main");
  EXPECT_EQ(log.origin, LogOrigin::kTerminationMessage);
  EXPECT_EQ(log.note,
            "could not fetch the previous log (forbidden: cannot get pods/log \"p\" in namespace "
            "\"default\"; the RBAC role needs verb \"get\" on resource \"pods/log\"; the request "
            "was made as User \"viewer\"); used the termination message instead");
}

TEST_F(ClusterCollection, ReportsAMissingPod) {
  auto client = admin_client();
  auto pods = collect(*client, target("pod", "nope"));
  ASSERT_FALSE(pods);
  EXPECT_EQ(pods.error().message,
            "pods \"nope\" not found in namespace \"default\"; check the name and the namespace "
            "(-n)");
  auto unknown = collect(*client, target("service", "x"));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message,
            "cannot inspect \"service\"; use pod/NAME, deployment/NAME, statefulset/NAME, "
            "daemonset/NAME, replicaset/NAME, job/NAME or cronjob/NAME");
}

// Each way to authenticate, over TLS verified against kubesim's CA.
TEST_F(ClusterCollection, AuthenticatesWithAClientCertificate) {
  put_pod_with_log(pod("default", "p", {}, nullptr, Slot::kLast), "cert\n");
  cluster_.access().allow("alice", {{"get", "list"}, {""}, {"pods", "pods/log"}, {}, {}});
  auto kubeconfig = server_->client_certificate_kubeconfig({"alice", {"dev"}});
  ASSERT_TRUE(kubeconfig) << kubeconfig.error().to_string();
  auto client = client_from(*kubeconfig);
  auto pods = collect(*client, target("pod", "p"));
  ASSERT_TRUE(pods) << pods.error().to_string();
  EXPECT_EQ(pods->front().logs.at("main").text, "cert\n");
}

TEST_F(ClusterCollection, AuthenticatesWithAnExecPlugin) {
  put_pod_with_log(pod("default", "p", {}, nullptr, Slot::kLast), "exec\n");
  std::string token = server_->add_token({"bob", {}});
  cluster_.access().allow("bob", {{"get", "list"}, {""}, {"pods", "pods/log"}, {}, {}});
  directory_.write("plugins/get-token",
                   "#!/bin/sh\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1\","
                   "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"" +
                       token + "\"}}'\n",
                   true);
  auto kubeconfig = server_->kubeconfig("unused");
  // Swap the static token for an exec plugin, found relative to the kubeconfig's directory.
  auto at = kubeconfig.find("token: ");
  ASSERT_NE(at, std::string::npos);
  auto end = kubeconfig.find('\n', at);
  std::string indent =
      kubeconfig.substr(kubeconfig.rfind('\n', at) + 1, at - kubeconfig.rfind('\n', at) - 1);
  kubeconfig.replace(at, end - at,
                     "exec:\n" + indent + "  apiVersion: client.authentication.k8s.io/v1\n" +
                         indent + "  command: ./plugins/get-token\n" + indent +
                         "  interactiveMode: Never");
  auto client = client_from(kubeconfig);
  ASSERT_TRUE(client);
  auto pods = collect(*client, target("pod", "p"));
  ASSERT_TRUE(pods) << pods.error().to_string() << "\n" << kubeconfig;
  EXPECT_EQ(pods->front().logs.at("main").text, "exec\n");
}

// End to end: a kubesim scenario played to its end, inspected with -A and by workload; the
// collection must hold every terminated container of the scenario and no others, each with
// the log of the instance that terminated.

const char* kScenario = R"(apiVersion: kubesim.kexit.io/v1
kind: Scenario
metadata: {name: collection, description: terminations of every shape}
namespaces: [shop, batch, quiet]
objects:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web, namespace: shop, labels: {app: web}}
    spec:
      selector: {matchLabels: {app: web}}
      template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: web:1}]}}
  - apiVersion: apps/v1
    kind: ReplicaSet
    metadata:
      name: web-1
      namespace: shop
      labels: {app: web}
      ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web}]
    spec:
      selector: {matchLabels: {app: web}}
      template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: web:1}]}}
  - apiVersion: batch/v1
    kind: Job
    metadata: {name: report, namespace: batch}
    spec:
      selector: {matchLabels: {job-name: report}}
      template:
        metadata: {labels: {job-name: report}}
        spec: {restartPolicy: Never, containers: [{name: report, image: report:1}]}
pods:
  # Crash-looping: the log to read is the previous instance's.
  - metadata:
      name: web-1-a
      namespace: shop
      labels: {app: web}
      ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-1}]
    spec: {containers: [{name: web, image: web:1}]}
    timeline:
      - {at: 0s, create: {}}
      - {at: 1s, start: {log: "web starting\n"}}
      - {at: 2s, terminate: {exitCode: 1, reason: Error, log: "fatal: no config\n"}}
      - {at: 2s, backoff: {restartCount: 4}}
  # Restarted and running again: still a termination, in lastState.
  - metadata:
      name: web-1-b
      namespace: shop
      labels: {app: web}
      ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-1}]
    spec: {containers: [{name: web, image: web:1}]}
    timeline:
      - {at: 0s, create: {}}
      - {at: 1s, start: {log: "first run\n"}}
      - {at: 3s, terminate: {exitCode: 137, reason: OOMKilled}}
      - {at: 4s, restart: {log: "second run\n"}}
  # Healthy: nothing to report.
  - metadata:
      name: web-1-c
      namespace: shop
      labels: {app: web}
      ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-1}]
    spec: {containers: [{name: web, image: web:1}]}
    timeline:
      - {at: 0s, create: {}}
      - {at: 1s, start: {log: "fine\n"}}
  # restartPolicy Never: the current log is the one that failed.
  - metadata:
      name: report-x
      namespace: batch
      labels: {job-name: report}
      ownerReferences: [{apiVersion: batch/v1, kind: Job, name: report}]
    spec:
      restartPolicy: Never
      containers: [{name: report, image: report:1}]
    timeline:
      - {at: 0s, create: {}}
      - {at: 1s, start: {log: "reading input\n"}}
      - {at: 5s, terminate: {exitCode: 2, reason: Error, log: "input missing\n"}}
  # Two containers, one dead: only that one.
  - metadata: {name: sidecars, namespace: quiet}
    spec:
      containers: [{name: app, image: app:1}, {name: proxy, image: proxy:1}]
    timeline:
      - {at: 0s, create: {}}
      - {at: 1s, start: {}}
      - {at: 2s, log: {container: app, text: "app up\n"}}
      - {at: 6s, terminate: {container: proxy, exitCode: 143, reason: Error}}
  # Deleted after failing: gone from the cluster, so not reported.
  - metadata: {name: deleted, namespace: quiet}
    spec: {restartPolicy: Never, containers: [{name: main, image: app:1}]}
    timeline:
      - {at: 0s, create: {}}
      - {at: 1s, start: {}}
      - {at: 2s, terminate: {exitCode: 1, reason: Error}}
      - {at: 3s, delete: {}}
)";

class ClusterScenario : public KubesimFixture {
 protected:
  void SetUp() override {
    KubesimFixture::SetUp();
    auto scenario = kubesim::parse_scenario(kScenario, "collection.yaml");
    ASSERT_TRUE(scenario) << scenario.error().to_string();
    kubesim::ScenarioPlayer player(cluster_, *scenario, start_time());
    Status played = player.finish();
    ASSERT_TRUE(played) << played.error().to_string();
  }

  // "ns/pod/container slot origin: log" for every collected container.
  static std::vector<std::string> describe(const std::vector<CollectedPod>& pods) {
    std::vector<std::string> lines;
    for (const CollectedPod& pod : pods) {
      for (const ContainerFacts& container : pod.facts.to_diagnose) {
        const ContainerLog& log = pod.logs.at(container.name);
        const char* origin = log.origin == LogOrigin::kPreviousLog  ? "previous"
                             : log.origin == LogOrigin::kCurrentLog ? "current"
                                                                    : "other";
        lines.push_back(pod.facts.namespace_name + "/" + pod.facts.name + "/" + container.name +
                        " exit " + std::to_string(container.termination.exit_code.value_or(-1)) +
                        " " + origin + ": " + std::string(log.text.view()));
      }
    }
    return lines;
  }
};

TEST_F(ClusterScenario, AllNamespacesFindsEveryTerminatedContainerAndNoOthers) {
  auto client = admin_client();
  ClusterTarget target;
  target.all_namespaces = true;
  auto pods = collect_from_cluster(*client, target, {});
  ASSERT_TRUE(pods) << pods.error().to_string();
  EXPECT_EQ(describe(*pods),
            (std::vector<std::string>{
                "batch/report-x/report exit 2 current: reading input\ninput missing\n",
                "quiet/sidecars/proxy exit 143 current: ",
                "shop/web-1-a/web exit 1 previous: web starting\nfatal: no config\n",
                "shop/web-1-b/web exit 137 previous: first run\n",
            }));
}

TEST_F(ClusterScenario, WorkloadsFindTheirOwnTerminations) {
  auto shop = admin_client("shop");
  ClusterTarget deployment;
  deployment.resource = "deployment";
  deployment.name = "web";
  auto web = collect_from_cluster(*shop, deployment, {});
  ASSERT_TRUE(web) << web.error().to_string();
  EXPECT_EQ(describe(*web).size(), 2u);

  auto batch = admin_client("batch");
  ClusterTarget job;
  job.resource = "job";
  job.name = "report";
  auto report = collect_from_cluster(*batch, job, {});
  ASSERT_TRUE(report) << report.error().to_string();
  EXPECT_EQ(describe(*report),
            (std::vector<std::string>{
                "batch/report-x/report exit 2 current: reading input\ninput missing\n"}));
}

}  // namespace
}  // namespace kexit::kube
