#pragma once
// KubesimFixture: the tests' kubesim, an API server (TLS unless told otherwise) on a free
// loopback port, with a private directory for kubeconfigs, a FakeClock for the client's waits,
// and helpers that store pods and workloads the way a cluster shows them.

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "kube/api_client.h"
#include "kube/config_loader.h"
#include "kubesim/api_server.h"
#include "kubesim/cluster.h"
#include "kubesim/scenario.h"
#include "kubesim/scenario_player.h"
#include "testing/fake_clock.h"
#include "testing/paths.h"
#include "testing/temp_directory.h"

namespace kexit::testing_support {

class KubesimFixture : public ::testing::Test {
 protected:
  using json = nlohmann::json;
  using ApiClient = kube::ApiClient;

  // Which time the cluster keeps: held still and stepped by the test (kManual), or the wall
  // clock's (kWall), for a test whose other side (the agent) runs on real time.
  enum class ClusterTime { kManual, kWall };

  static kubesim::TimePoint start_time() {
    return kubesim::TimePoint(std::chrono::seconds(1'700'000'000));  // 2023-11-14T22:13:20Z
  }

  explicit KubesimFixture(ClusterTime time = ClusterTime::kManual,
                          kubesim::TimePoint start = start_time())
      : sim_clock_(start),
        cluster_(time == ClusterTime::kManual ? static_cast<const kubesim::Clock&>(sim_clock_)
                                              : wall_clock_),
        clock_(start) {}
  explicit KubesimFixture(kubesim::TimePoint start) : KubesimFixture(ClusterTime::kManual, start) {}

  void SetUp() override { start_server({}); }

  void start_server(kubesim::ServerOptions options) {
    server_.reset();
    options.threads = 32;
    server_ = std::make_unique<kubesim::ApiServer>(cluster_, options);
    Status started = server_->start();
    ASSERT_TRUE(started) << started.error().to_string();
  }

  // The cluster's time, whichever clock keeps it.
  const kubesim::Clock& cluster_clock() const { return cluster_.clock(); }

  // Writes a kubeconfig to the test's directory; returns its path.
  std::string write_kubeconfig(const std::string& kubeconfig_text) {
    return directory_.write("kubeconfig-" + std::to_string(++kubeconfigs_), kubeconfig_text);
  }

  // The path of a kubeconfig for a new user `user` whom the cluster allows `rule`.
  std::string kubeconfig_for(const std::string& user, const kubesim::PolicyRule& rule) {
    std::string token = server_->add_token({user, {}});
    cluster_.access().allow(user, rule);
    return write_kubeconfig(server_->kubeconfig(token));
  }

  // Plays a scenario of the source tree (e.g. "examples/scenarios/mixed.yaml") to its end,
  // started `ago` before the cluster's now. Call before SetUp starts the server; a scenario
  // that does not load or play fails the test.
  void play_scenario(const std::string& relative_path,
                     std::chrono::seconds ago = std::chrono::seconds(0)) {
    auto scenario = kubesim::load_scenario(source_path(relative_path));
    ASSERT_TRUE(scenario) << scenario.error().to_string();
    kubesim::ScenarioPlayer player(cluster_, std::move(scenario).value(),
                                   cluster_clock().now() - ago);
    Status played = player.finish();
    ASSERT_TRUE(played) << played.error().to_string();
  }

  // Loads a kubeconfig the way `--kubeconfig FILE` does.
  Expected<kube::ClientConfig> load_config(const std::string& kubeconfig_text,
                                           const std::string& namespace_name = "") {
    kube::ConfigRequest request;
    request.kubeconfig = write_kubeconfig(kubeconfig_text);
    request.namespace_name = namespace_name;
    auto config = kube::load_client_config(request, kube::ConfigEnvironment{});
    EXPECT_TRUE(config) << config.error().to_string();
    return config;
  }

  // A client on the test's FakeClock (retry backoffs take no real time); null when the
  // kubeconfig does not load (the test has failed then).
  std::unique_ptr<ApiClient> client_from(const std::string& kubeconfig_text,
                                         const std::string& namespace_name = "") {
    auto config = load_config(kubeconfig_text, namespace_name);
    if (!config) {
      return nullptr;
    }
    kube::TransportOptions options;
    options.clock = &clock_;
    options.exec = kube::ExecRunOptions{};
    options.retry.max_attempts = 3;
    return std::make_unique<ApiClient>(*config, options);
  }

  std::unique_ptr<ApiClient> admin_client(const std::string& namespace_name = "") {
    return client_from(server_->kubeconfig(server_->admin_token()), namespace_name);
  }

  void put(const json& object) {
    auto stored = cluster_.put(object);
    ASSERT_TRUE(stored) << stored.error().to_string() << "\n" << object.dump();
  }

  // A workload object (apps/v1 or batch/v1) selecting `labels`.
  json workload(const std::string& kind, const std::string& namespace_name, const std::string& name,
                const json& labels, const json& owner = nullptr) {
    std::string api_version = kind == "Job" || kind == "CronJob" ? "batch/v1" : "apps/v1";
    json object = {{"apiVersion", api_version},
                   {"kind", kind},
                   {"metadata",
                    {{"name", name},
                     {"namespace", namespace_name},
                     {"uid", uid(kind, namespace_name, name)},
                     {"labels", labels}}},
                   {"spec", json::object()}};
    if (kind != "CronJob") {
      object["spec"]["selector"] = {{"matchLabels", labels}};
    }
    if (!owner.is_null()) {
      object["metadata"]["ownerReferences"] = json::array({owner});
    }
    return object;
  }

  static std::string uid(const std::string& kind, const std::string& namespace_name,
                         const std::string& name) {
    return "uid-" + kind + "-" + namespace_name + "-" + name;
  }

  static json owner(const std::string& kind, const std::string& namespace_name,
                    const std::string& name) {
    std::string api_version = kind == "Job" || kind == "CronJob" ? "batch/v1" : "apps/v1";
    return {{"apiVersion", api_version},
            {"kind", kind},
            {"name", name},
            {"uid", uid(kind, namespace_name, name)},
            {"controller", true}};
  }

  enum class Slot { kRunning, kCurrent, kLast, kLastWithoutLog };

  // A pod with one container "main" in the given state; terminated ones exit `exit_code`
  // at `finished_at` with `message` as termination message.
  static json pod(const std::string& namespace_name, const std::string& name, const json& labels,
                  const json& owner_reference, Slot slot, int exit_code = 1,
                  const std::string& message = "",
                  const std::string& finished_at = "2023-11-14T22:10:00Z") {
    json terminated = {{"exitCode", exit_code},
                       {"reason", exit_code == 0 ? "Completed" : "Error"},
                       {"startedAt", "2023-11-14T22:00:00Z"},
                       {"finishedAt", finished_at}};
    if (!message.empty()) {
      terminated["message"] = message;
    }
    json status = {{"name", "main"}, {"image", "app:1"}, {"ready", false}, {"restartCount", 0}};
    std::string id = "containerd://" + namespace_name + "-" + name;
    switch (slot) {
      case Slot::kRunning:
        status["state"] = {{"running", {{"startedAt", "2023-11-14T22:00:00Z"}}}};
        status["containerID"] = id + "-1";
        break;
      case Slot::kCurrent:
        terminated["containerID"] = id + "-1";
        status["state"] = {{"terminated", terminated}};
        status["containerID"] = id + "-1";
        break;
      case Slot::kLast:
      case Slot::kLastWithoutLog:
        if (slot == Slot::kLast) {
          terminated["containerID"] = id + "-1";
        }
        status["restartCount"] = 1;
        status["state"] = {{"waiting", {{"reason", "CrashLoopBackOff"}}}};
        status["lastState"] = {{"terminated", terminated}};
        break;
    }
    json object = {{"apiVersion", "v1"},
                   {"kind", "Pod"},
                   {"metadata",
                    {{"name", name},
                     {"namespace", namespace_name},
                     {"uid", uid("Pod", namespace_name, name)},
                     {"labels", labels}}},
                   {"spec",
                    {{"restartPolicy", slot == Slot::kCurrent ? "Never" : "Always"},
                     {"nodeName", "node-1"},
                     {"containers", json::array({{{"name", "main"}, {"image", "app:1"}}})}}},
                   {"status",
                    {{"phase", slot == Slot::kCurrent ? "Failed" : "Running"},
                     {"containerStatuses", json::array({status})}}}};
    if (!owner_reference.is_null()) {
      object["metadata"]["ownerReferences"] = json::array({owner_reference});
    }
    return object;
  }

  void put_pod_with_log(const json& object, const std::string& log) {
    put(object);
    const json& status = object["status"]["containerStatuses"][0];
    kubesim::LogInstance instance =
        status["state"].contains("terminated") || status["state"].contains("running")
            ? kubesim::LogInstance::Current
            : kubesim::LogInstance::Previous;
    Status logged = cluster_.set_log(object["metadata"]["namespace"], object["metadata"]["name"],
                                     "main", log, instance);
    ASSERT_TRUE(logged) << logged.error().to_string();
  }

  kubesim::ManualClock sim_clock_;
  kubesim::SystemClock wall_clock_;
  kubesim::Cluster cluster_;
  std::unique_ptr<kubesim::ApiServer> server_;
  FakeClock clock_;
  TempDirectory directory_;
  int kubeconfigs_ = 0;
};

}  // namespace kexit::testing_support

// The name the kube tests' copy had, so tests written against it still compile.
namespace kexit::kube {
using testing_support::KubesimFixture;
}  // namespace kexit::kube
