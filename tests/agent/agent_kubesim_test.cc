// kexit agent end to end: the real client against kubesim (an in-memory API server on a free
// loopback port). Waits are bounded polls on cluster state, never fixed sleeps. The agent runs
// on the wall clock here (its Lease timings, kubesim's slow-list fault), so these tests carry
// the ctest label `realtime` (tests/agent/tests.cmake).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "agent/agent.h"
#include "agent/kube_agent_api.h"
#include "agent_replica.h"
#include "kube/api_client.h"
#include "kube/config_loader.h"
#include "kubesim/api_server.h"
#include "kubesim/cluster.h"
#include "kubesim/kube_time.h"
#include "kubesim/scenario.h"
#include "kubesim/scenario_player.h"
#include "pod_json.h"
#include "scaled_agent_options.h"
#include "testing/eventually.h"
#include "testing/kubesim_fixture.h"

namespace kexit::agent {
namespace {

using testing::AgentReplica;
using testing_support::eventually;

class AgentKubesimTest : public testing_support::KubesimFixture {
 protected:
  // The agent runs on the wall clock, so the cluster keeps real time too.
  AgentKubesimTest() : KubesimFixture(ClusterTime::kWall) {}

  void SetUp() override {
    start_server(false);
    cluster_.ensure_namespace("kexit");
  }

  using KubesimFixture::start_server;
  void start_server(bool tls) {
    kubesim::ServerOptions options;
    options.tls = tls;
    start_server(options);
  }

  kube::ClientConfig config_for(const std::string& token) {
    auto config = load_config(server_->kubeconfig(token, "kexit"));
    return config ? *config : kube::ClientConfig{};
  }

  static AgentOptions options(const std::string& name, bool leader_elect = false) {
    return scaled_agent_options(name, leader_elect);
  }

  void put_crash(const std::string& name, const testing::CrashedContainer& crashed,
                 const std::string& log) {
    // The log first, by container ID: the agent fetches it as soon as its watch shows the
    // new status, as a kubelet's log exists before the status reports the termination.
    if (!log.empty()) {
      // Written by the time the instance finished, as a real instance's lines are.
      cluster_.logs().replace(crashed.container_id, log, *kubesim::parse_time(crashed.finished_at));
    }
    auto stored = cluster_.put(testing::crashed_pod("shop", name, "uid-" + name, crashed));
    ASSERT_TRUE(stored.ok()) << stored.error().to_string();
  }

  // The agent's Events in `namespace_name` as core/v1 shows them.
  std::vector<nlohmann::json> events(const std::string& namespace_name = "shop") {
    kube::ApiClient admin(config_for(server_->admin_token()));
    kube::ListOptions list;
    list.label_selector = kEventLabelSelector;
    auto listed = admin.list("/api/v1/namespaces/" + namespace_name + "/events", list);
    EXPECT_TRUE(listed.ok());
    return listed.ok() ? listed->items : std::vector<nlohmann::json>{};
  }
  nlohmann::json event_for(const std::string& pod, const std::string& namespace_name = "shop") {
    for (const auto& event : events(namespace_name)) {
      if (event["involvedObject"]["name"] == pod) {
        return event;
      }
    }
    return nullptr;
  }

  static testing::CrashedContainer crash(const std::string& id, int exit_code = 101,
                                         int restarts = 1, const std::string& reason = "Error") {
    testing::CrashedContainer crashed;
    crashed.container_id = id;
    crashed.exit_code = exit_code;
    crashed.restart_count = restarts;
    crashed.reason = reason;
    return crashed;
  }

  static constexpr const char* kPanicLog =
      "listening on 0.0.0.0:8080\nthread 'main' panicked at src/main.rs:42:9:\ncalled "
      "`Option::unwrap()` on a `None` value\nnote: run with `RUST_BACKTRACE=1` environment "
      "variable to display a backtrace\n";
};

TEST_F(AgentKubesimTest, OneEventPerTerminationWithReasonNoteAndAnnotations) {
  put_crash("panicker", crash("containerd://p1"), kPanicLog);
  put_crash("oom", crash("containerd://o1", 137, 1, "OOMKilled"), "allocating\n");
  AgentReplica agent(config_for(server_->admin_token()), options("kexit-agent-0"));
  ASSERT_TRUE(eventually([&] { return events().size() == 2; }));
  auto panic = event_for("panicker");
  SCOPED_TRACE(agent.log());
  EXPECT_EQ(panic["reason"], "RustPanic");
  EXPECT_EQ(panic["type"], "Warning");
  EXPECT_EQ(panic["action"], "Diagnose");
  EXPECT_EQ(panic["reportingComponent"], "kexit.io/agent");
  EXPECT_EQ(panic["reportingInstance"], "kexit-agent-0");
  EXPECT_NE(panic["message"].get<std::string>().find(
                "Container \"app\" exited with code 101: rust-panic"),
            std::string::npos);
  // The panic's location and, on the next line of the log, its message.
  EXPECT_NE(panic["message"].get<std::string>().find(
                "panicked at src/main.rs:42:9: called `Option::unwrap()` on a `None` value"),
            std::string::npos);
  const auto& annotations = panic["metadata"]["annotations"];
  EXPECT_EQ(annotations["kexit.io/cause"], "rust-panic");
  EXPECT_EQ(annotations["kexit.io/exit-code"], "101");
  EXPECT_EQ(annotations["kexit.io/container"], "app");
  EXPECT_EQ(annotations["kexit.io/restart-count"], "1");
  EXPECT_TRUE(annotations.contains("kexit.io/rule"));
  EXPECT_TRUE(annotations.contains("kexit.io/confidence"));
  auto oom = event_for("oom");
  EXPECT_EQ(oom["reason"], "OOMKilled");
  EXPECT_EQ(oom["metadata"]["annotations"]["kexit.io/cause"], "oom-killed");
  // Nothing is written twice while the pods stay as they are.
  ASSERT_TRUE(eventually([&] { return agent.agent().ready(); }));
  agent.stop();
  EXPECT_EQ(events().size(), 2u);
  EXPECT_EQ(agent.agent().metrics().events.value({"created"}), 2);
  EXPECT_GE(agent.agent().metrics().api_requests.value({"create", "201"}), 2);
}

// A container that panics, is OOM-killed, then panics again within the quiet window has two
// Events, the panic's with a series of 2, never a third (issue: A -> B -> A).
TEST_F(AgentKubesimTest, APanicAnOomAndThePanicAgainAreTwoEventsNotThree) {
  put_crash("flapper", crash("containerd://f1", 101, 1), kPanicLog);
  AgentReplica agent(config_for(server_->admin_token()), options("kexit-agent-0"));
  ASSERT_TRUE(eventually([&] { return events().size() == 1; }));
  put_crash("flapper", crash("containerd://f2", 137, 2, "OOMKilled"), "allocating\n");
  ASSERT_TRUE(eventually([&] { return events().size() == 2; })) << agent.log();
  put_crash("flapper", crash("containerd://f3", 101, 3), kPanicLog);
  auto panic_series = [&] {
    for (const auto& event : events()) {
      if (event["reason"] == "RustPanic" && event["series"].is_object()) {
        return event["series"]["count"].get<int>();
      }
    }
    return 1;
  };
  ASSERT_TRUE(eventually([&] { return panic_series() == 2; })) << agent.log();
  agent.stop();
  std::vector<std::string> reasons;
  for (const auto& event : events()) {
    reasons.push_back(event["reason"]);
  }
  std::sort(reasons.begin(), reasons.end());
  EXPECT_EQ(reasons, (std::vector<std::string>{"OOMKilled", "RustPanic"}));
  EXPECT_EQ(agent.agent().metrics().events.value({"created"}), 2);
  EXPECT_EQ(agent.agent().metrics().events.value({"updated"}), 1);
}

// Three applications on node-1 OOM-killed in the same minute: the API server stores the
// Node Event beside the kubelet's, in `default`, once.
TEST_F(AgentKubesimTest, ANodeEventForThreeApplicationsEndingAlikeOnOneNode) {
  put_crash("api", crash("containerd://a1", 137, 1, "OOMKilled"), "");
  put_crash("web", crash("containerd://w1", 137, 1, "OOMKilled"), "");
  put_crash("etl", crash("containerd://e1", 137, 1, "OOMKilled"), "");
  AgentReplica agent(config_for(server_->admin_token()), options("kexit-agent-0"));
  ASSERT_TRUE(eventually([&] { return events().size() == 3 && events("default").size() == 1; }))
      << agent.log();
  auto node_event = events("default").front();
  EXPECT_EQ(node_event["reason"], "KexitCorrelatedTerminations");
  EXPECT_EQ(node_event["involvedObject"]["kind"], "Node");
  EXPECT_EQ(node_event["involvedObject"]["name"], "node-1");
  EXPECT_EQ(node_event["metadata"]["annotations"]["kexit.io/pods"], "shop/api,shop/etl,shop/web");
  EXPECT_EQ(node_event["message"],
            "3 pods on node-1 killed by SIGKILL (oom-killed) in the same second, all running "
            "example/app:1: likely one problem of that image or of the node, not 3 separate ones");
  ASSERT_TRUE(eventually([&] { return agent.agent().ready(); }));
  agent.stop();
  EXPECT_EQ(events("default").size(), 1u);
}

// The mixed scenario's failures that only the kubelet's Events, the pod's status or its Job
// explain reach the agent's Events with the same cause as `kexit inspect` gives them.
TEST_F(AgentKubesimTest, EventsOfTheMixedScenarioCarryTheCausesTheKubeletExplains) {
  auto scenario =
      kubesim::load_scenario(std::string(KEXIT_SOURCE_DIR) + "/examples/scenarios/mixed.yaml");
  ASSERT_TRUE(scenario.ok()) << scenario.error().to_string();
  kubesim::ScenarioPlayer player(cluster_, std::move(scenario).value(),
                                 cluster_clock().now() - std::chrono::minutes(2));
  ASSERT_TRUE(player.finish().ok());
  // (namespace, pod) -> cause.
  const std::map<std::pair<std::string, std::string>, std::string> expected = {
      {{"shop", "checkout-web-5f4d7c9b8-qv7tn"}, "liveness-probe-kill"},
      {{"shop", "session-gateway-7d4b9c6f8-m3xkp"}, "liveness-probe-kill"},
      {{"shop", "search-indexer-84c6b7d9f-t5vnr"}, "startup-probe-kill"},
      {{"shop", "orders-worker-5f7c8d9b6-zr6hn"}, "container-config-error"},
      {{"shop", "recommendations-5c9f7b8d6-jx7wq"}, "evicted"},
      {{"shop", "thumbnailer-6f8b7d5c9-q2wzx"}, "evicted"},
      {{"shop", "stock-sync-5d9c7b8f6-g7xkq"}, "node-admission-rejected"},
      {{"shop", "report-renderer-6c9d8b7f5-l2kfx"}, "sigkill-external"},
      {{"shop", "search-canary-64b9c7d5f-7wz4k"}, "image-pull-failure"},
      // Stopped with its Job at the Job's activeDeadlineSeconds: the Job's conditions say so.
      {{"batch", "reindex-catalog-7kq2m"}, "deadline-exceeded"},
      // Stopped by the kubelet at the pod's own activeDeadlineSeconds: the pod's status says so.
      {{"data", "data-export-7c5d9f8b4-h6tnw"}, "deadline-exceeded"},
      // The registry refused the pull (no credentials for a private repository).
      {{"infra", "metrics-proxy-6b8d9f7c5-wq4zn"}, "image-pull-failure"},
  };
  AgentReplica agent(config_for(server_->admin_token()), options("kexit-agent-0"));
  SCOPED_TRACE(agent.log());
  auto event_of = [&](const std::pair<std::string, std::string>& pod) {
    return event_for(pod.second, pod.first);
  };
  ASSERT_TRUE(eventually([&] {
    return std::all_of(expected.begin(), expected.end(),
                       [&](const auto& entry) { return !event_of(entry.first).is_null(); });
  }));
  for (const auto& [pod, cause] : expected) {
    EXPECT_EQ(event_of(pod)["metadata"]["annotations"]["kexit.io/cause"], cause) << pod.second;
  }
  EXPECT_EQ(event_of({"batch", "reindex-catalog-7kq2m"})["reason"], "KexitDeadlineExceeded");
  EXPECT_EQ(event_of({"data", "data-export-7c5d9f8b4-h6tnw"})["reason"], "KexitDeadlineExceeded");
  const auto pull = event_of({"infra", "metrics-proxy-6b8d9f7c5-wq4zn"});
  EXPECT_EQ(pull["reason"], "ImagePullFailure");
  EXPECT_EQ(pull["type"], "Warning");
}

TEST_F(AgentKubesimTest, CrashLoopIsOneEventWithAGrowingSeriesAcrossRestarts) {
  put_crash("looper", crash("containerd://l1", 101, 1), kPanicLog);
  {
    AgentReplica agent(config_for(server_->admin_token()), options("kexit-agent-0"));
    ASSERT_TRUE(eventually([&] { return events().size() == 1; }));
    put_crash("looper", crash("containerd://l2", 101, 2), kPanicLog);
    ASSERT_TRUE(eventually([&] {
      auto event = event_for("looper");
      return event.is_object() && event["series"].is_object() && event["series"]["count"] == 2;
    }));
  }
  // Restarted mid-scenario: the agent reads its Event back, does not re-alert.
  AgentReplica restarted(config_for(server_->admin_token()), options("kexit-agent-1"));
  ASSERT_TRUE(eventually([&] { return restarted.agent().ready(); }));
  put_crash("looper", crash("containerd://l3", 101, 3), kPanicLog);
  ASSERT_TRUE(eventually([&] {
    auto event = event_for("looper");
    return event.is_object() && event["series"].is_object() && event["series"]["count"] == 3;
  }));
  restarted.stop();
  EXPECT_EQ(events().size(), 1u);
  EXPECT_EQ(restarted.agent().metrics().events.value({"created"}), 0);
  EXPECT_EQ(event_for("looper")["metadata"]["annotations"]["kexit.io/restart-count"], "3");
}

TEST_F(AgentKubesimTest, FollowerTakesOverWithoutDuplicates) {
  put_crash("panicker", crash("containerd://p1"), kPanicLog);
  auto a = std::make_unique<AgentReplica>(config_for(server_->admin_token()),
                                          options("kexit-agent-a", true));
  ASSERT_TRUE(eventually([&] { return a->agent().leading() && events().size() == 1; }));
  AgentReplica b(config_for(server_->admin_token()), options("kexit-agent-b", true));
  ASSERT_TRUE(eventually([&] { return b.agent().ready(); }));
  EXPECT_FALSE(b.agent().leading());
  // The leader dies without releasing the Lease (release_on_cancel is off here).
  auto killed_at = std::chrono::steady_clock::now();
  a.reset();
  ASSERT_TRUE(eventually([&] { return b.agent().leading(); }));
  auto takeover = std::chrono::steady_clock::now() - killed_at;
  // One lease duration (2 s) plus jittered retries; generous for a loaded machine.
  EXPECT_LT(takeover, std::chrono::seconds(10));
  put_crash("panicker", crash("containerd://p2", 101, 2), kPanicLog);
  ASSERT_TRUE(eventually([&] {
    auto event = event_for("panicker");
    return event.is_object() && event["series"].is_object() && event["series"]["count"] == 2;
  }));
  b.stop();
  EXPECT_EQ(events().size(), 1u);
}

TEST_F(AgentKubesimTest, WithoutEventsCreateItLogsCountsAndKeepsDiagnosing) {
  std::string token = server_->add_token({"system:serviceaccount:kexit:kexit-agent", {}});
  cluster_.access().allow("system:serviceaccount:kexit:kexit-agent",
                          {{"get", "list", "watch"}, {""}, {"pods", "pods/log"}, {}, {}});
  cluster_.access().allow("system:serviceaccount:kexit:kexit-agent",
                          {{"get", "list"}, {"", "events.k8s.io"}, {"events"}, {}, {}});
  put_crash("panicker", crash("containerd://p1"), kPanicLog);
  AgentReplica agent(config_for(token), options("kexit-agent-0"));
  ASSERT_TRUE(eventually([&] { return agent.agent().metrics().events.value({"forbidden"}) >= 1; }));
  put_crash("oom", crash("containerd://o1", 137, 1, "OOMKilled"), "");
  ASSERT_TRUE(eventually([&] {
    return agent.agent().metrics().terminations.value({"shop", "137", "oom-killed"}) == 1;
  }));
  agent.stop();
  EXPECT_NE(agent.log().find("RBAC forbids writing Events"), std::string::npos);
  EXPECT_GE(agent.agent().metrics().api_requests.value({"create", "403"}), 1);
  EXPECT_TRUE(events().empty());
}

TEST_F(AgentKubesimTest, KubectlGetEventsShowsTheAnnotatedEvents) {
  if (std::system("command -v kubectl >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "kubectl not installed";
  }
  // kubectl sends bearer tokens only over TLS.
  start_server(true);
  put_crash("panicker", crash("containerd://p1"), kPanicLog);
  {
    AgentReplica agent(config_for(server_->admin_token()), options("kexit-agent-0"));
    ASSERT_TRUE(eventually([&] { return events().size() == 1; }));
  }
  std::string kubeconfig = directory_.file("kubectl-config");
  std::ofstream(kubeconfig) << server_->kubeconfig(server_->admin_token(), "shop");
  std::string output_file = directory_.file("kubectl-output");
  std::string command = "KUBECACHEDIR=" + directory_.file("cache") + " kubectl --kubeconfig " +
                        kubeconfig +
                        " get events -n shop -o jsonpath='{range .items[*]}{.reason} "
                        "{.metadata.annotations.kexit\\.io/cause} {.metadata.annotations.kexit\\."
                        "io/exit-code}{\"\\n\"}{end}' > " +
                        output_file + " 2>&1";
  int status = std::system(command.c_str());
  std::ifstream file(output_file);
  std::string output((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  ASSERT_EQ(status, 0) << output;
  EXPECT_NE(output.find("RustPanic rust-panic 101"), std::string::npos) << output;
}

TEST_F(AgentKubesimTest, StopsDuringASlowInitialListWithoutWaitingForIt) {
  put_crash("panicker", crash("containerd://p1"), kPanicLog);
  // The pod list takes 5 s to answer, as a 100k-pod list on a busy apiserver can.
  kubesim::FaultRule slow_list;
  slow_list.verb = "list";
  slow_list.resource = "pods";
  slow_list.delay = std::chrono::milliseconds(5000);
  slow_list.times = 1;
  cluster_.faults().add(slow_list);
  AgentReplica agent(config_for(server_->admin_token()), options("kexit-agent-0"));
  ASSERT_TRUE(eventually(
      [&] { return agent.log().find("read the agent's existing Events") != std::string::npos; }));
  auto stopping = std::chrono::steady_clock::now();
  agent.stop();
  // Cancelled, not waited out: well under the 5 s the answer would take.
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, std::chrono::seconds(3)) << agent.log();
  EXPECT_EQ(agent.log().find("cannot list pods"), std::string::npos) << agent.log();
}

// A first crash: the watch shows state.terminated, and the kubelet restarts the container about a
// second later, before a worker reads the log. The current log is then the new instance's.
TEST_F(AgentKubesimTest, ReadsTheDeadInstancesLogWhenTheContainerRestartedMeanwhile) {
  AgentReplica agent(config_for(server_->admin_token()), options("kexit-agent-0"));
  ASSERT_TRUE(eventually([&] { return agent.agent().ready(); }));
  auto finished = cluster_clock().now() - std::chrono::seconds(10);
  testing::CrashedContainer crashed = crash("containerd://r1", 101, 0);
  crashed.restarted = false;
  crashed.finished_at = kubesim::format_time(finished);
  cluster_.logs().replace("containerd://r1", kPanicLog, finished - std::chrono::seconds(1));
  ASSERT_TRUE(cluster_.put(testing::crashed_pod("shop", "first", "uid-first", crashed)).ok());
  nlohmann::json restarted = testing::crashed_pod("shop", "first", "uid-first", [&] {
    auto again = crashed;
    again.restarted = true;
    again.restart_count = 1;
    return again;
  }());
  auto& status = restarted["status"]["containerStatuses"][0];
  status["containerID"] = "containerd://r2";
  status["state"] = {{"running", {{"startedAt", kubesim::format_time(cluster_clock().now())}}}};
  cluster_.logs().replace("containerd://r2", "listening on 0.0.0.0:8080\n", cluster_clock().now());
  ASSERT_TRUE(cluster_.put(restarted).ok());
  ASSERT_TRUE(eventually([&] { return event_for("first").is_object(); })) << agent.log();
  EXPECT_EQ(event_for("first")["reason"], "RustPanic") << agent.log();
}

}  // namespace
}  // namespace kexit::agent
