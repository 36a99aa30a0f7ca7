// The README's deployment section, as written, against kubesim with the real kubectl:
// `kubectl apply -k manifests/` (server-side dry run, for real, and again), then the agent run
// with the Deployment's own arguments and environment, authenticated by a token of its
// ServiceAccount (`kubectl create token`) and authorized by nothing but the RBAC objects the
// manifests created. It must diagnose a crash and write its Event without a single 403.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "base/structured_text.h"
#include "kubectl_fixture.h"
#include "kubesim/api_server.h"
#include "kubesim/cluster.h"
#include "kubesim/scenario_player.h"
#include "testing/eventually.h"
#include "testing/process_runner.h"
#include "testing/temp_directory.h"

namespace kexit::fidelity {
namespace {

using kubesim::ApiServer;
using kubesim::Cluster;
using nlohmann::json;
using namespace std::chrono_literals;

// A Rust service that panics once the agents are up.
const char* const kPanic = R"(
namespaces: [shop]
pods:
  - metadata: {name: ledger-sync-6c8f9d7b5-2hjwr, namespace: shop, labels: {app: ledger-sync}}
    spec:
      containers: [{name: ledger-sync, image: "registry.example.com/shop/ledger-sync:0.4.7"}]
    timeline:
      - {at: 0s, create: {}}
      - {at: 0s, start: {log: "INFO ledger_sync: starting\n"}}
      - at: 1s
        terminate:
          exitCode: 101
          log: |
            thread 'main' panicked at src/main.rs:87:49:
            called `Result::unwrap()` on an `Err` value: Os { code: 2, kind: NotFound }
            note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace
      - {at: 1s, backoff: {}}
)";

class Deployment : public KubectlAgainstKubesim {
 protected:
  // `kubectl apply -k manifests/` with extra flags, run from the source tree as a user would.
  ProcessResult apply(const std::vector<std::string>& flags = {}) {
    std::vector<std::string> args = {"apply", "-k", std::string(KEXIT_SOURCE_DIR) + "/manifests"};
    args.insert(args.end(), flags.begin(), flags.end());
    return kubectl(args);
  }

  std::size_t stored(const std::string& storage) { return cluster_.store().size(storage); }
};

// Each object the manifests hold, as kubectl names it in apply's output.
const std::vector<std::string> kNamespacedObjects = {
    "serviceaccount/kexit-agent",
    "role.rbac.authorization.k8s.io/kexit-agent-leader-election",
    "rolebinding.rbac.authorization.k8s.io/kexit-agent-leader-election",
    "configmap/kexit-knowledge",
    "service/kexit-agent-metrics",
    "deployment.apps/kexit-agent"};
const std::vector<std::string> kClusterObjects = {
    "namespace/kexit", "clusterrole.rbac.authorization.k8s.io/kexit-agent",
    "clusterrolebinding.rbac.authorization.k8s.io/kexit-agent"};

TEST_P(Deployment, ApplyKustomizeDryRunThenForRealThenUnchanged) {
  // On an empty cluster a server-side dry run cannot create objects in a namespace it only
  // pretended to create: the real apiserver's NamespaceLifecycle admission answers NotFound.
  ProcessResult fresh = apply({"--dry-run=server"});
  EXPECT_NE(fresh.exit_code, 0) << fresh.out << fresh.err;
  EXPECT_NE(fresh.out.find("namespace/kexit created (server dry run)"), std::string::npos)
      << fresh.out;
  EXPECT_NE(fresh.err.find("namespaces \"kexit\" not found"), std::string::npos) << fresh.err;
  EXPECT_EQ(stored("namespaces"), 4u) << "a dry run stored a namespace";
  EXPECT_EQ(stored("clusterroles.rbac.authorization.k8s.io"), 0u);

  ProcessResult created = apply();
  ASSERT_EQ(created.exit_code, 0) << created.out << created.err;
  for (const auto& object : kClusterObjects) {
    EXPECT_NE(created.out.find(object + " created"), std::string::npos) << object << created.out;
  }
  for (const auto& object : kNamespacedObjects) {
    EXPECT_NE(created.out.find(object + " created"), std::string::npos) << object << created.out;
  }

  ProcessResult again = apply();
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(again.out.find("configured"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("deployment.apps/kexit-agent unchanged"), std::string::npos)
      << again.out;

  // With the namespace there, the documented check passes and changes nothing.
  std::uint64_t version = cluster_.store().resource_version();
  ProcessResult check = apply({"--dry-run=server"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("deployment.apps/kexit-agent unchanged (server dry run)"),
            std::string::npos)
      << check.out;
  EXPECT_EQ(cluster_.store().resource_version(), version);

  ProcessResult listed =
      kubectl({"get", "serviceaccount,configmap,service,role,rolebinding,deployment", "-n", "kexit",
               "-o", "name"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  for (const auto& object : kNamespacedObjects) {
    EXPECT_NE(listed.out.find(object), std::string::npos) << object << listed.out;
  }
  ProcessResult service = kubectl({"get", "service", "kexit-agent-metrics", "-n", "kexit"});
  ASSERT_EQ(service.exit_code, 0) << service.err;
  EXPECT_TRUE(std::regex_search(
      service.out,
      std::regex(R"(kexit-agent-metrics\s+ClusterIP\s+10\.96\.\d+\.\d+\s+<none>\s+8080/TCP)")))
      << service.out;
}

INSTANTIATE_TEST_SUITE_P(Kubectl, Deployment, ::testing::ValuesIn(kubectl_binaries()),
                         parameter_name);

// One replica of the Deployment as the kubelet would start it: the container's args and env,
// fieldRefs resolved, the ConfigMap's keys as files under the volume's mountPath, and the
// ServiceAccount token instead of the in-cluster credentials (KUBECONFIG, so the args stay
// as written). The listen address moves to a free loopback port.
class AgentReplica {
 public:
  AgentReplica(const json& deployment, const json& config_map, const std::string& pod_name,
               const std::string& kubeconfig, const std::string& directory) {
    const json& pod = deployment["spec"]["template"]["spec"];
    const json& container = pod["containers"][0];
    std::vector<std::string> argv = {std::string(KEXIT_BINARY_DIR) + "/kexit"};
    std::string mount_path;
    const json mounts = container.value("volumeMounts", json::array());
    for (const auto& mount : mounts) {
      mount_path = mount.value("mountPath", "");
    }
    std::string knowledge = directory + "/" + pod_name + "-knowledge";
    std::filesystem::create_directories(knowledge);
    const json data = config_map.value("data", json::object());
    for (const auto& [key, value] : data.items()) {
      std::ofstream(knowledge + "/" + key) << value.get<std::string>();
    }
    const json args = container.value("args", json::array());
    for (const auto& arg : args) {
      std::string text = arg.get<std::string>();
      if (!mount_path.empty() && text.find(mount_path) != std::string::npos) {
        text.replace(text.find(mount_path), mount_path.size(), knowledge);
      }
      argv.push_back(text);
    }
    std::map<std::string, std::string> env = {
        {"HOME", directory}, {"PATH", "/usr/bin:/bin"}, {"KUBECONFIG", kubeconfig}};
    const json variables = container.value("env", json::array());
    for (const auto& variable : variables) {
      std::string name = variable.value("name", "");
      if (variable.contains("value")) {
        env[name] = variable["value"].get<std::string>();
      } else {
        std::string field = variable["valueFrom"]["fieldRef"].value("fieldPath", "");
        env[name] = field == "metadata.name"
                        ? pod_name
                        : deployment["metadata"]["namespace"].get<std::string>();
      }
    }
    env["KEXIT_LISTEN"] = "127.0.0.1:0";
    process_ = std::make_unique<Process>(argv, env);
  }

  Process& process() { return *process_; }

 private:
  std::unique_ptr<Process> process_;
};

TEST(DeploymentAgent, RunsUnderTheManifestsRbacAndWritesTheEvent) {
  std::string kubectl_path = kubectl_binaries().back();
  if (kubectl_path.empty()) {
    GTEST_SKIP() << "no kubectl on PATH";
  }
  kubesim::SystemClock clock;
  Cluster cluster(clock);
  kubesim::ServerOptions server_options;
  server_options.threads = 48;
  server_options.handler.watch.poll_interval = 50ms;
  ApiServer server(cluster, server_options);
  ASSERT_TRUE(server.start().ok());
  testing_support::TempDirectory temp;
  std::string directory = temp.path();
  std::string admin = directory + "/admin.kubeconfig";
  ASSERT_TRUE(kubesim::write_private_file(admin, server.kubeconfig(server.admin_token())).ok());
  auto kubectl = [&](const std::vector<std::string>& args) {
    std::vector<std::string> argv = {kubectl_path, "--kubeconfig", admin, "--cache-dir",
                                     directory + "/cache"};
    argv.insert(argv.end(), args.begin(), args.end());
    Process process(argv, {{"HOME", directory}, {"PATH", "/usr/bin:/bin"}});
    return process.finish(90s);
  };

  ProcessResult applied = kubectl({"apply", "-k", std::string(KEXIT_SOURCE_DIR) + "/manifests"});
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  ProcessResult token = kubectl({"create", "token", "kexit-agent", "-n", "kexit"});
  if (token.exit_code != 0 && token.err.find("unknown command") != std::string::npos) {
    GTEST_SKIP() << "this kubectl has no `create token` (before 1.24)";
  }
  ASSERT_EQ(token.exit_code, 0) << token.err;
  std::string agent_kubeconfig = directory + "/agent.kubeconfig";
  std::string bearer = token.out.substr(0, token.out.find_last_not_of("\n") + 1);
  ASSERT_TRUE(kubesim::write_private_file(agent_kubeconfig, server.kubeconfig(bearer)).ok());

  ProcessResult deployment =
      kubectl({"get", "deployment", "kexit-agent", "-n", "kexit", "-o", "json"});
  ASSERT_EQ(deployment.exit_code, 0) << deployment.err;
  ProcessResult config_map =
      kubectl({"get", "configmap", "kexit-knowledge", "-n", "kexit", "-o", "json"});
  ASSERT_EQ(config_map.exit_code, 0) << config_map.err;
  json deployment_json = json::parse(deployment.out);
  json config_map_json = json::parse(config_map.out);
  int replicas = deployment_json["spec"].value("replicas", 1);
  ASSERT_GE(replicas, 1);

  std::vector<std::unique_ptr<AgentReplica>> agents;
  for (int i = 0; i < replicas; ++i) {
    agents.push_back(std::make_unique<AgentReplica>(deployment_json, config_map_json,
                                                    "kexit-agent-7d9f8c6b5-" + std::to_string(i),
                                                    agent_kubeconfig, directory));
  }
  // The Lease shows which replica leads; only then can the crash be noticed live.
  auto lease_held = [&] {
    auto lease = cluster.store().get("leases.coordination.k8s.io", "kexit", "kexit-agent");
    return lease && json::parse(lease->json)["spec"].value("holderIdentity", "") != "";
  };
  ASSERT_TRUE(testing_support::eventually(lease_held)) << agents.front()->process().terminate().err;

  auto scenario = kubesim::parse_scenario(kPanic, "panic.yaml");
  ASSERT_TRUE(scenario.ok()) << scenario.error().to_string();
  kubesim::ScenarioPlayer player(cluster, std::move(scenario).value(), clock.now());
  ASSERT_TRUE(player.advance_to(0s).ok());
  // The agents are other processes on the wall clock: they get real time to watch the pod at
  // the scenario's start before it reaches its end state.
  std::this_thread::sleep_for(500ms);
  ASSERT_TRUE(player.finish().ok());

  json events = json::array();
  // An empty list after the budget fails the size check below, which prints the agents' logs.
  testing_support::eventually([&] {
    ProcessResult listed = kubectl({"get", "events.events.k8s.io", "-n", "shop", "-l",
                                    "kexit.io/reporter=agent", "-o", "json"});
    if (listed.exit_code != 0) {
      ADD_FAILURE() << listed.err;
      return true;
    }
    events = json::parse(listed.out)["items"];
    return !events.empty();
  });
  std::vector<ProcessResult> results;
  for (auto& agent : agents) {
    results.push_back(agent->process().terminate());
  }
  std::string logs;
  for (const auto& result : results) {
    logs += result.err;
  }
  ASSERT_EQ(events.size(), 1u) << events.dump(2) << logs;
  const json& event = events[0];
  EXPECT_EQ(event["reason"], "RustPanic");
  EXPECT_EQ(event["reportingController"], "kexit.io/agent");
  EXPECT_EQ(event["regarding"]["name"], "ledger-sync-6c8f9d7b5-2hjwr");
  EXPECT_EQ(event["metadata"]["annotations"]["kexit.io/cause"], "rust-panic");
  EXPECT_EQ(event["metadata"]["annotations"]["kexit.io/exit-code"], "101");
  // The manifests grant everything the agent does: no request was refused.
  EXPECT_EQ(logs.find("forbidden"), std::string::npos) << logs;
  for (const auto& result : results) {
    EXPECT_EQ(result.exit_code, 0) << result.err;
  }
  server.stop();
}

}  // namespace
}  // namespace kexit::fidelity
