// `kexit inspect -A` against kubesim's mixed scenario: every pod, those that never ran and
// those that failed as a whole included, gets the cause its scenario plays, with the kubelet's
// Events as evidence where they decide it. Without the probe Events, a liveness kill inferred
// from the probe spec alone stays at medium confidence and says what was not found.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "kubesim/api_resource.h"
#include "kubesim/api_server.h"
#include "kubesim/cluster.h"
#include "kubesim/scenario.h"
#include "kubesim/scenario_player.h"
#include "testing/kubesim_fixture.h"
#include "testing/paths.h"
#include "testing/process_runner.h"

namespace kexit {
namespace {

using nlohmann::json;
using testing_support::kexit_binary;
using testing_support::run_command;
using testing_support::source_path;

const kubesim::PolicyRule kReadAll{{"get", "list"}, {"", "apps", "batch"}, {"*"}, {}, {}};

class MixedScenarioInspect : public testing_support::KubesimFixture {
 protected:
  MixedScenarioInspect()
      : KubesimFixture(kubesim::TimePoint(std::chrono::seconds(1'790'000'000))) {}

  void SetUp() override {
    auto scenario = kubesim::load_scenario(source_path("examples/scenarios/mixed.yaml"));
    ASSERT_TRUE(scenario) << scenario.error().to_string();
    // Started a minute ago and played to its end, so its Events are fresh.
    kubesim::ScenarioPlayer player(cluster_, std::move(scenario).value(),
                                   sim_clock_.now() - std::chrono::minutes(1));
    ASSERT_TRUE(player.finish());
    KubesimFixture::SetUp();
    std::string token = server_->add_token({"sre", {}});
    cluster_.access().allow("sre", kReadAll);
    kubeconfig_ = write_kubeconfig(server_->kubeconfig(token));
  }

  json inspect(const std::string& target) {
    auto run = run_command(kexit_binary() + " inspect " + target + " --kubeconfig " + kubeconfig_ +
                           " -o json");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run.exit_code == 0 ? json::parse(run.out) : json();
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
      {"data-export-7c5d9f8b4-h6tnw", {"terminated", "deadline-exceeded"}},
      // Only its Job's Failed condition says the deadline killed it.
      {"reindex-catalog-7kq2m", {"terminated", "deadline-exceeded"}},
      {"metrics-proxy-6b8d9f7c5-wq4zn", {"never-started", "image-pull-failure"}},
      {"search-canary-64b9c7d5f-7wz4k", {"never-started", "image-pull-failure"}},
      {"orders-worker-5f7c8d9b6-zr6hn", {"never-started", "container-config-error"}},
      {"report-renderer-6c9d8b7f5-l2kfx", {"terminated", "sigkill-external"}},
      {"payments-api-7d9c8b6f5-m8kzp", {"restarted", "oom-killed"}},
      {"ledger-sync-6c8f9d7b5-2hjwr", {"restarted", "rust-panic"}},
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

}  // namespace
}  // namespace kexit
